import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PublicRoutesOptions } from './public-routes-options.js';

/** Management of an agent's public chat links (API.md): list, create, update, delete. */
export const publicLinksRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async () => {};
