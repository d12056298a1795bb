import type { FastifyCorsOptions } from '@fastify/cors';
import cors from '@fastify/cors';
import { sha256Hex } from '@parley/auth';
import { AppError, type LinkAccess, linkTokenPattern } from '@parley/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { LinkGuard, type LinkGuardDeps } from '../limits/link-guard.js';

/** The public API: `/api/public/{family}/{token}[/…]`. */
const PUBLIC_PREFIX = '/api/public/';
/** A link as an A2A agent: `/a2a/{token}[/…]` (docs/open-protocols.md). */
const A2A_PREFIX = '/a2a/';

/** The link token of a public API path (the A2A agent's too), or undefined for any other path. */
export function publicTokenOf(url: string): string | undefined {
  const path = url.split('?')[0] ?? '';
  if (path.startsWith(A2A_PREFIX)) return path.slice(A2A_PREFIX.length).split('/')[0];
  if (!path.startsWith(PUBLIC_PREFIX)) return undefined;
  return path.slice(PUBLIC_PREFIX.length).split('/')[1];
}

/** Headers a widget on another origin sends and reads. */
const CORS_FOR_LINK = {
  // DELETE: a visitor erasing their own conversation from the widget.
  methods: ['GET', 'POST', 'DELETE'],
  // idempotency-key: the widget's retries of a message (docs/text-chat-api.md "When a message fails");
  // a2a-version and a2a-extensions: what an A2A client in a page says of itself (docs/open-protocols.md).
  allowedHeaders: ['content-type', 'last-event-id', 'idempotency-key', 'a2a-version', 'a2a-extensions', 'x-a2a-extensions'],
  exposedHeaders: ['retry-after', 'x-request-id'],
  // Short: a link's allowed origins may change, and browsers keep the answer this long.
  maxAge: 60,
} satisfies FastifyCorsOptions;

/**
 * What the gateway records of a public request's refusal, however it is answered (an error
 * response, an event of a protocol's stream): a quota the sessions service refused is a security
 * event of the link; a failed proof of work, a strike on an adaptive link (docs/api.md "Adaptive limits").
 */
export async function noteRefusal(guard: LinkGuard, request: FastifyRequest, error: AppError): Promise<void> {
  if (error.code === 'quota_exceeded') guard.recordRefusal('quota_exceeded', guard.admittedLink(request));
  if (error.code === 'forbidden' && (error.details as { reason?: unknown } | undefined)?.reason === 'challenge') await guard.penalize(request);
}

/**
 * The public edge: the link guard, CORS for the public routes (per link, from its allowed
 * origins; no CORS headers anywhere else), and security events for the quota refusals the
 * sessions service decides. Registered before the public route families.
 */
export async function installPublicEdge(app: FastifyInstance, deps: LinkGuardDeps): Promise<LinkGuard> {
  const guard = new LinkGuard(deps);
  // A preflight storm must not become a storm of link lookups: answers (also "no such link") are
  // kept two seconds, so a changed origin list takes effect within that.
  const links = new LRUCache<string, { link: LinkAccess | null }>({ max: 10_000, ttl: 2_000 });
  const linkFor = async (token: string): Promise<LinkAccess | null> => {
    const cached = links.get(token);
    if (cached) return cached.link;
    let link: LinkAccess | null = null;
    try {
      link = await deps.bus.request('links.links.resolve', { tokenHash: sha256Hex(token) });
    } catch (error) {
      // Unknown: no CORS headers. Anything else (the bus is down): not cached, the route answers it.
      if (!(error instanceof AppError && error.code === 'not_found')) return null;
    }
    links.set(token, { link });
    return link;
  };

  await app.register(cors, {
    delegator: async (request: FastifyRequest): Promise<FastifyCorsOptions> => {
      const token = publicTokenOf(request.url);
      if (token === undefined) return { origin: false };
      // Requests without an Origin are not cross-origin: nothing to look up.
      if (request.headers.origin === undefined) return { origin: false };
      const link = linkTokenPattern.test(token) ? await linkFor(token) : null;
      if (!link) return { origin: false };
      return { ...CORS_FOR_LINK, origin: link.allowedOrigins.length === 0 ? true : link.allowedOrigins };
    },
  });

  // A quota is the sessions service's decision; its refusal passes through here on its way out.
  // So does a failed proof of work, which on an adaptive link is a strike (docs/api.md "Adaptive limits").
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof AppError)) return;
    if (publicTokenOf(request.url) === undefined) return;
    await noteRefusal(guard, request, error);
  });
  return guard;
}
