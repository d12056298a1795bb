import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PublicRoutesOptions } from './public-routes-options.js';

/** Email verification of a link's visitors (API.md): send a code, confirm it for a session credential. */
export const publicVerifyRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async () => {};
