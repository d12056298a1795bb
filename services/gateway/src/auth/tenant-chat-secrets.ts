import type { PlatformBus } from '@parley/bus';
import { AppError, sessionIdPattern, uuidPattern } from '@parley/contracts';
import { LRUCache } from 'lru-cache';

/**
 * A tenant's secrets are remembered this long, so its backend's requests skip a bus round trip. A
 * change (one made or deleted) is broadcast and drops them at once; this bounds how long a deleted
 * one is still taken by a gateway that missed the broadcast (reconnecting to NATS meanwhile).
 */
const SECRETS_CACHE_MS = 5_000;
/** A session's tenant never changes: remembered for long, an unknown session as well (its id is the server's own, never guessed into existence). */
const SESSION_CACHE_MS = 10 * 60_000;
/** At most this many tenants and sessions are remembered: naming many cannot grow the gateway. */
const CACHE_MAX = 10_000;
/** A secret's last use is written at most this often by each gateway (the links service keeps it to once a minute too). */
const TOUCH_EVERY_MS = 60_000;

export interface TenantChatSecret {
  secretId: string;
  secret: string;
}

/** What names the tenant a Text Chat API request concerns: the tenant itself, or a session of it. */
export type ConcernedTenant = { tenantId: string } | { sessionId: string };

/**
 * Where a Text Chat API route names the tenant its request concerns (docs/text-chat-api.md, "Text Chat API
 * secrets"): the body's `tenant_id` (creating a session), the path's session (the session routes),
 * or the `tenant_id` query parameter (a user's conversations).
 */
export type ChatTenantSource = 'body' | 'session' | 'query';

/**
 * The tenant a signed request concerns, read before the request is verified (so before its body is
 * validated): undefined when it names none in the expected shape, and then only CHAT_API_SECRET can
 * have signed it.
 */
export function concernedTenant(
  source: ChatTenantSource | undefined,
  request: { rawBody: Buffer | undefined; params: unknown; query: unknown },
): ConcernedTenant | undefined {
  const field = (from: unknown, name: string): unknown => (from !== null && typeof from === 'object' ? (from as Record<string, unknown>)[name] : undefined);
  const tenant = (value: unknown) => (typeof value === 'string' && uuidPattern.test(value) ? { tenantId: value.toLowerCase() } : undefined);
  switch (source) {
    case 'body': {
      if (request.rawBody === undefined) return undefined;
      try {
        return tenant(field(JSON.parse(request.rawBody.toString('utf8')), 'tenant_id'));
      } catch {
        return undefined;
      }
    }
    case 'session': {
      const sessionId = field(request.params, 'session_id');
      return typeof sessionId === 'string' && sessionIdPattern.test(sessionId) ? { sessionId } : undefined;
    }
    case 'query':
      return tenant(field(request.query, 'tenant_id'));
    default:
      return undefined;
  }
}

/**
 * The tenants' own Text Chat API secrets as this gateway knows them: asked of the links service
 * (opened there), kept a few seconds, dropped on every `chatSecrets.changed` broadcast; and the
 * tenant of each session, asked of the sessions service once.
 */
export class TenantChatSecrets {
  private readonly secrets = new LRUCache<string, Promise<TenantChatSecret[]>>({ max: CACHE_MAX, ttl: SECRETS_CACHE_MS });
  private readonly sessions = new LRUCache<string, Promise<{ tenantId: string | undefined }>>({ max: CACHE_MAX, ttl: SESSION_CACHE_MS });
  /** When this gateway last told the links service a secret was used (by id). */
  private readonly touched = new LRUCache<string, true>({ max: CACHE_MAX, ttl: TOUCH_EVERY_MS });

  constructor(private readonly bus: PlatformBus) {
    // Every gateway hears every change (a broadcast, not a queue group): the next request asks again.
    bus.listen('broadcast.chat-secrets.changed', ({ tenantId }) => this.secrets.delete(tenantId.toLowerCase()));
  }

  /** The live secrets of the tenant the request concerns; none when it names no tenant, or an unknown session. */
  async secretsFor(concerns: ConcernedTenant): Promise<TenantChatSecret[]> {
    const tenantId = 'tenantId' in concerns ? concerns.tenantId : (await this.tenantOfSession(concerns.sessionId)).tenantId;
    return tenantId === undefined ? [] : this.secretsOf(tenantId);
  }

  /** A secret verified a request: its last use is recorded, at most once a minute, off the request's path. */
  used(secretId: string): void {
    if (this.touched.has(secretId)) return;
    this.touched.set(secretId, true);
    void this.bus.request('links.chat-secrets.touch', { secretId }).catch(() => this.touched.delete(secretId));
  }

  private secretsOf(tenantId: string): Promise<TenantChatSecret[]> {
    return this.remembered(this.secrets, tenantId, async () => (await this.bus.request('links.chat-secrets.live', { tenantId })).secrets);
  }

  private tenantOfSession(sessionId: string): Promise<{ tenantId: string | undefined }> {
    return this.remembered(this.sessions, sessionId, async () => {
      try {
        return await this.bus.request('sessions.tenant', { sessionId });
      } catch (error) {
        if (error instanceof AppError && error.code === 'not_found') return { tenantId: undefined };
        throw error;
      }
    });
  }

  /** Concurrent requests share one lookup; a failed one is not kept (the next request asks again). */
  private remembered<T extends object>(cache: LRUCache<string, Promise<T>>, key: string, ask: () => Promise<T>): Promise<T> {
    let entry = cache.get(key);
    if (!entry) {
      const asked = ask();
      entry = asked;
      cache.set(key, asked);
      asked.catch(() => {
        if (cache.peek(key) === asked) cache.delete(key);
      });
    }
    return entry;
  }
}
