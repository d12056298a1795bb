import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PublicRoutesOptions } from './public-routes-options.js';

/** Public chat for visitors without an account (API.md): link info, messages, new conversation, history. */
export const publicChatRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async () => {};
