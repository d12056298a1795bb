import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { PublicRoutesOptions } from './public-routes-options.js';

/** A visitor's live events over SSE, resumable with Last-Event-ID (API.md). */
export const publicEventsRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async () => {};
