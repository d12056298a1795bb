import { AppError } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import { redisScript } from '@parley/stores';
import type { Redis } from 'ioredis';
import type { Principal } from '../auth/management-auth.js';
import { addressKey } from '../limits/ip-rules.js';

/**
 * Caps on the live streams (SSE and WebSocket together) open at once, per public session and per
 * client address (docs/public-chat-api.md "Live events"), and on the inbox streams open at once per management
 * credential (docs/escalation.md "The inbox"): each open stream holds a lease, taken before the stream starts
 * or the socket upgrades and given back when it closes. In Redis the leases are shared by every
 * gateway replica: a sorted set per session, address and credential, each lease scored by when it
 * expires. Its gateway renews it while the stream is open, so the leases of a gateway that died
 * run out on their own.
 */

export interface StreamCaps {
  perSession: number;
  perAddress: number;
  /** Inbox streams of one management credential (a key, a member's console session); default 10. */
  perCredential?: number;
}

/** INBOX_STREAMS_PER_CREDENTIAL's default. */
const INBOX_STREAMS_PER_CREDENTIAL = 10;

export interface StreamLease {
  /** Frees the slot (at once; again is harmless). */
  release(): void;
}

export interface StreamLeases {
  /** A slot for one more stream of the session from the address, or 429 `rate_limited` naming the cap. */
  acquire(subject: { session: string; address: string }): Promise<StreamLease>;
  /** A slot for one more inbox stream of the management credential (`key:…`, `member-session:…`), or 429 `rate_limited` (`streams_per_credential`). */
  acquireInbox(credential: string): Promise<StreamLease>;
  /** Stops renewing (the gateway is closing; its leases run out). */
  close(): void;
}

/**
 * The management credential an inbox stream counts against: a tenant key, a member's console
 * session (by its hash), or the admin key per tenant it acts for (it watches any tenant's inbox).
 */
export function inboxCredential(principal: Principal | undefined): string {
  if (principal?.kind === 'tenant') return `key:${principal.keyId}`;
  if (principal?.kind === 'member') return `member-session:${principal.sessionId}`;
  return `admin:${principal?.tenantId ?? ''}`;
}

/** A lease its gateway stops renewing counts this long more. */
const LEASE_TTL_MS = 30_000;
const RENEW_EVERY_MS = 10_000;
/** How long a refused client is told to wait: streams last minutes, slots free when one closes. */
const RETRY_AFTER_SECONDS = 10;
/** Redis slower than this does not hold a stream back: the gateway's own count decides instead. */
const REDIS_WAIT_MS = 250;

type StreamLimit = 'streams_per_session' | 'streams_per_address' | 'streams_per_credential';

/** One count a lease takes a slot of: its key, its cap, and the limit a refusal names. */
interface Slot {
  key: string;
  max: number;
  limit: StreamLimit;
}

function refusal(slot: Slot): AppError {
  const per = { streams_per_session: 'one session', streams_per_address: 'one address', streams_per_credential: 'one key or console session' }[slot.limit];
  const what = slot.limit === 'streams_per_credential' ? 'inbox streams' : 'live streams (SSE and WebSocket together)';
  return new AppError('rate_limited', `at most ${slot.max} ${what} may be open for ${per}`, {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    details: { limit: slot.limit, max: slot.max },
  });
}

/** The slots of a visitor's stream, and of an inbox stream. */
function visitorSlots(caps: StreamCaps, { session, address }: { session: string; address: string }): Slot[] {
  return [
    { key: `session:${session}`, max: caps.perSession, limit: 'streams_per_session' },
    { key: `address:${addressKey(address)}`, max: caps.perAddress, limit: 'streams_per_address' },
  ];
}
function inboxSlots(caps: StreamCaps, credential: string): Slot[] {
  return [{ key: `inbox:${credential}`, max: caps.perCredential ?? INBOX_STREAMS_PER_CREDENTIAL, limit: 'streams_per_credential' }];
}

/** The leases of this process alone: the one-process mode, and a gateway whose Redis does not answer. */
export function memoryStreamLeases(caps: StreamCaps): StreamLeases {
  const open = new Map<string, number>();
  const take = (key: string) => open.set(key, (open.get(key) ?? 0) + 1);
  const give = (key: string) => {
    const left = (open.get(key) ?? 1) - 1;
    if (left > 0) open.set(key, left);
    else open.delete(key);
  };
  const acquireSlots = async (slots: Slot[]): Promise<StreamLease> => {
    const full = slots.find((slot) => (open.get(slot.key) ?? 0) >= slot.max);
    if (full) throw refusal(full);
    for (const slot of slots) take(slot.key);
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        for (const slot of slots) give(slot.key);
      },
    };
  };
  return {
    acquire: (subject) => acquireSlots(visitorSlots(caps, subject)),
    acquireInbox: (credential) => acquireSlots(inboxSlots(caps, credential)),
    close() {},
  };
}

// KEYS: the sets a lease takes a slot in. ARGV: now, the lease's expiry, its id, the sets' time to
// live, then each set's cap. Answers 0, or the 1-based number of the first full set.
const ACQUIRE = `
for i = 1, #KEYS do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', ARGV[1]) end
for i = 1, #KEYS do
  if redis.call('ZCARD', KEYS[i]) >= tonumber(ARGV[4 + i]) then return i end
end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], ARGV[2], ARGV[3])
  redis.call('PEXPIRE', KEYS[i], ARGV[4])
end
return 0
`;

function withinWait<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${REDIS_WAIT_MS} ms`)), REDIS_WAIT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Leases shared by every gateway replica through Redis; the process's own count when Redis fails. */
export function redisStreamLeases(
  redis: Redis,
  prefix: string,
  caps: StreamCaps,
  logger: Logger,
  /** The product's unless a test shortens them, or moves the clock leases are judged by (`now`). */
  timing: { ttlMs?: number; renewMs?: number; now?: () => number } = {},
): StreamLeases {
  const ttlMs = timing.ttlMs ?? LEASE_TTL_MS;
  const now = timing.now ?? Date.now;
  // One script, loaded for a visitor's two sets and for an inbox stream's one.
  const scripts = new Map([1, 2].map((keys) => [keys, redisScript(redis, keys, ACQUIRE)]));
  const fallback = memoryStreamLeases(caps);
  /** Open leases of this gateway, renewed together. */
  const held = new Map<string, string[]>();
  let counter = 0;
  const instance = `${process.pid.toString(36)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

  const renew = setInterval(() => {
    if (held.size === 0) return;
    const expires = now() + ttlMs;
    const batch = redis.pipeline();
    for (const [id, keys] of held) {
      for (const key of keys) batch.zadd(key, 'XX', expires, id).pexpire(key, ttlMs * 2);
    }
    batch.exec().catch((error: unknown) => logger.warn({ err: error }, 'live stream leases could not be renewed'));
  }, timing.renewMs ?? RENEW_EVERY_MS);
  renew.unref();

  const acquireSlots = async (slots: Slot[], inMemory: () => Promise<StreamLease>): Promise<StreamLease> => {
    const keys = slots.map((slot) => `${prefix}streams:${slot.key}`);
    const script = scripts.get(keys.length);
    if (!script) throw new Error(`no lease script for ${keys.length} sets`);
    const id = `${instance}-${(counter++).toString(36)}`;
    const at = now();
    let outcome: unknown;
    try {
      outcome = await withinWait(script(...keys, at, at + ttlMs, id, ttlMs * 2, ...slots.map((slot) => slot.max)));
    } catch (error) {
      logger.warn({ err: error }, "live stream leases: Redis failed; this gateway's own count decides");
      return inMemory();
    }
    const full = typeof outcome === 'number' && outcome > 0 ? slots[outcome - 1] : undefined;
    if (full) throw refusal(full);
    held.set(id, keys);
    return {
      release() {
        if (!held.delete(id)) return;
        const removal = redis.multi();
        for (const key of keys) removal.zrem(key, id);
        removal.exec().catch((error: unknown) => logger.warn({ err: error }, 'a live stream lease could not be released; it runs out on its own'));
      },
    };
  };

  return {
    acquire: (subject) => acquireSlots(visitorSlots(caps, subject), () => fallback.acquire(subject)),
    acquireInbox: (credential) => acquireSlots(inboxSlots(caps, credential), () => fallback.acquireInbox(credential)),
    close() {
      clearInterval(renew);
    },
  };
}
