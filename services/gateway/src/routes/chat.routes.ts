import type { PlatformBus } from '@parley/bus';
import {
  AppError,
  createSessionBody,
  createSessionResponse,
  endSessionResponse,
  errorBodySchema,
  sendMessageBody,
  sendMessageResponse,
  sessionId,
  sessionStatusResponse,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const sessionParams = z.object({ session_id: sessionId });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema, 410: errorBodySchema, 503: errorBodySchema };
const signed = [{ hmac: [] }];

function idempotencyKey(header: unknown): string | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(header)) {
    throw new AppError('invalid', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
      details: [{ path: 'Idempotency-Key', message: 'invalid' }],
    });
  }
  return header;
}

/**
 * The Text Chat API (reference 004): HMAC-signed, server to server. Each route hands the
 * validated request to the sessions service over the bus and returns its answer as is.
 */
export const chatRoutes: FastifyPluginAsyncZod<{ bus: PlatformBus }> = async (app, { bus }) => {
  app.post(
    '/api/chat/sessions',
    {
      config: { auth: 'hmac' },
      schema: {
        tags: ['Text Chat API'],
        summary: 'Create a session with an agent (active version unless `version` pins one)',
        security: signed,
        body: createSessionBody,
        response: { 201: createSessionResponse, ...errors },
      },
    },
    async (request, reply) => {
      const created = await bus.request('sessions.create', request.body, { requestId: request.id });
      return reply.status(201).send(created);
    },
  );

  app.post(
    '/api/chat/sessions/:session_id/messages',
    {
      config: { auth: 'hmac' },
      schema: {
        tags: ['Text Chat API'],
        summary: 'Send a user message; the reply carries the whole transition chain',
        description: 'An `Idempotency-Key` header makes retries safe: the first result is returned and the turn never runs twice.',
        security: signed,
        params: sessionParams,
        body: sendMessageBody,
        response: { 200: sendMessageResponse, ...errors },
      },
    },
    async (request) => {
      const key = idempotencyKey(request.headers['idempotency-key']);
      return bus.request(
        'sessions.send',
        { sessionId: request.params.session_id, content: request.body.content, ...(key === undefined ? {} : { idempotencyKey: key }) },
        { requestId: request.id },
      );
    },
  );

  app.get(
    '/api/chat/sessions/:session_id',
    {
      config: { auth: 'hmac' },
      schema: {
        tags: ['Text Chat API'],
        summary: 'Session status and collected data',
        security: signed,
        params: sessionParams,
        response: { 200: sessionStatusResponse, ...errors },
      },
    },
    async (request) => bus.request('sessions.status', { sessionId: request.params.session_id }, { requestId: request.id }),
  );

  app.delete(
    '/api/chat/sessions/:session_id',
    {
      config: { auth: 'hmac' },
      schema: {
        tags: ['Text Chat API'],
        summary: 'End a session',
        security: signed,
        params: sessionParams,
        response: { 200: endSessionResponse, ...errors },
      },
    },
    async (request) => bus.request('sessions.end', { sessionId: request.params.session_id }, { requestId: request.id }),
  );
};
