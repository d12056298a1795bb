import { sha256Hex } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import { AppError, type LinkAccess, linkTokenPattern } from '@parley/contracts';
import { LRUCache } from 'lru-cache';
import type { LinkGuard, VisitorRequest } from '../limits/link-guard.js';

/**
 * How long a resolved link is reused: a visitor's messages come seconds apart, and asking the
 * links service for each cost as much as the rest of the turn. A change to a link (deactivation,
 * new limits) reaches every gateway within this; expiry is checked on every use.
 */
const LINK_CACHE_MS = 1_000;
interface LinkCache {
  ttlMs: number;
  byToken: LRUCache<string, Promise<LinkAccess>>;
  /** Which token hash a link id was cached under, so a change made here applies at once. */
  tokenOf: LRUCache<string, string>;
}
const caches = new WeakMap<PlatformBus, LinkCache>();

const newCache = (ttlMs: number): LinkCache => ({
  ttlMs,
  byToken: new LRUCache({ max: 10_000, ttl: ttlMs }),
  tokenOf: new LRUCache({ max: 10_000, ttl: ttlMs }),
});

function cacheOf(bus: PlatformBus): LinkCache {
  let cache = caches.get(bus);
  if (!cache) {
    cache = newCache(LINK_CACHE_MS);
    caches.set(bus, cache);
  }
  return cache;
}

/**
 * How long the links resolved over this bus are reused: LINK_CACHE_MS, unless the gateway was
 * built with another time (a test shortens it rather than waiting the second out).
 */
export function useLinkCache(bus: PlatformBus, ttlMs = LINK_CACHE_MS): void {
  if (caches.get(bus)?.ttlMs !== ttlMs) caches.set(bus, newCache(ttlMs));
}

/** The link of a token hash: concurrent requests share one lookup; failures are not kept. */
function resolveCached(bus: PlatformBus, tokenHash: string, requestId: string): Promise<LinkAccess> {
  const { byToken, tokenOf } = cacheOf(bus);
  let entry = byToken.get(tokenHash);
  if (!entry) {
    entry = bus.request('links.links.resolve', { tokenHash }, { requestId });
    byToken.set(tokenHash, entry);
    entry.then(
      (link) => tokenOf.set(link.linkId, tokenHash),
      () => byToken.delete(tokenHash),
    );
  }
  return entry;
}

/** A link was changed or deleted through this gateway: its next use asks the links service again. */
export function forgetLink(bus: PlatformBus, linkId: string): void {
  const { byToken, tokenOf } = cacheOf(bus);
  const tokenHash = tokenOf.get(linkId);
  if (tokenHash !== undefined) byToken.delete(tokenHash);
  tokenOf.delete(linkId);
}

/**
 * The link of a public request's token, ready to serve: a token of another shape or an unknown
 * (or deleted) one is 404 after counting against the client's budget for unknown tokens; a
 * deactivated or expired link is 410.
 */
export async function lookupLink(bus: PlatformBus, guard: LinkGuard, request: VisitorRequest, token: string): Promise<LinkAccess> {
  const notFound = async (): Promise<never> => {
    await guard.countInvalidToken(request);
    throw new AppError('not_found', 'no such link');
  };
  if (!linkTokenPattern.test(token)) return notFound();
  let link: LinkAccess;
  try {
    link = await resolveCached(bus, sha256Hex(token), request.id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return notFound();
    throw error;
  }
  // The snapshot may be up to a second old: expiry is judged now.
  if (link.state === 'active' && link.expiresAt !== null && Date.parse(link.expiresAt) <= Date.now()) link = { ...link, state: 'expired' };
  if (link.state !== 'active') {
    throw new AppError('gone', link.state === 'expired' ? 'this link has expired' : 'this link has been deactivated', { details: { reason: link.state } });
  }
  return link;
}
