import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import { AppError, type ConversationReader, type Role, roleIncludes, uuidPattern } from '@parley/contracts';
import { LRUCache } from 'lru-cache';
import { consoleKeys, csrfTokenOf, sessionIdHash } from './console-session.js';

/**
 * Who a management request acts as and what it may do; a tenant key also has an id and the name
 * it answers visitors with; a member signed in to the console (docs/management-api.md, "Signing in to the
 * console with SSO") has theirs and their console session. The admin key acts as an owner of any
 * tenant.
 */
export type Principal =
  | { kind: 'admin'; tenantId: string | undefined; role: 'owner' }
  | { kind: 'tenant'; tenantId: string; keyId: string; keyName: string; role: Role }
  | { kind: 'member'; tenantId: string; memberId: string; memberName: string; email: string; role: Role; sessionId: string };

/**
 * Resolved tenant keys are remembered briefly so management calls skip a bus round trip. A revoked
 * key is forgotten at once on the `keys.revoked` broadcast; this bounds how long one that was
 * missed (a gateway reconnecting to NATS meanwhile) is still taken.
 */
const KEY_CACHE_MS = 5_000;
/** A key revoked this recently is not remembered from an answer that may predate its revocation. */
const REVOKED_MEMORY_MS = 60_000;
/** A key's last use is written at most this often (by each gateway; the links service keeps it to once a minute). */
const TOUCH_EVERY_MS = 60_000;
/**
 * A tenant the admin key named and that exists is remembered this long (a tenant removed is
 * refused again within it); one that does not exist is asked about every time.
 */
const TENANT_CACHE_MS = 5_000;
/**
 * Resolved console sessions are remembered this long (docs/management-api.md, "Console sessions"); a member
 * removed or changed is forgotten at once on the `members.changed` broadcast, and this bounds how
 * long a missed broadcast leaves the old answer in use.
 */
const SESSION_CACHE_MS = 5_000;
/** At most this many keys, tenants, sessions and ids are remembered at once: many cannot grow the gateway. */
const CACHE_MAX = 10_000;

/** A member signed in to the console. */
export type MemberPrincipal = Extract<Principal, { kind: 'member' }>;

/**
 * Management API authentication: the platform admin key (any tenant, chosen with X-Tenant-Id)
 * or a tenant key (its own tenant only). Keys are compared by hash, in constant time.
 */
export class ManagementAuth {
  private readonly adminKeyHash: Buffer;
  /** Tenant keys resolved lately, by the hash of the key. */
  private readonly cache = new LRUCache<string, { tenantId: string; keyId: string; keyName: string; role: Role }>({ max: CACHE_MAX, ttl: KEY_CACHE_MS });
  /** Tenants known to exist. */
  private readonly tenants = new LRUCache<string, true>({ max: CACHE_MAX, ttl: TENANT_CACHE_MS });
  /** Keys revoked lately (by id), and when this gateway heard of it. */
  private readonly revoked = new LRUCache<string, number>({ max: CACHE_MAX, ttl: REVOKED_MEMORY_MS });
  /** Keys whose use this gateway told the links service of within the last minute. */
  private readonly touched = new LRUCache<string, true>({ max: CACHE_MAX, ttl: TOUCH_EVERY_MS });
  /** Console sessions resolved lately, by the hash of their cookie. */
  private readonly sessions = new LRUCache<string, MemberPrincipal>({ max: CACHE_MAX, ttl: SESSION_CACHE_MS });
  /** Members removed or changed lately (by id), and when this gateway heard of it. */
  private readonly changedMembers = new LRUCache<string, number>({ max: CACHE_MAX, ttl: REVOKED_MEMORY_MS });
  private readonly csrfKey: Buffer;

  constructor(
    adminApiKey: string,
    private readonly bus: PlatformBus,
  ) {
    this.adminKeyHash = Buffer.from(sha256Hex(adminApiKey), 'hex');
    this.csrfKey = consoleKeys(adminApiKey).csrf;
    // Every gateway hears every revocation (a broadcast, not a queue group) and drops the key.
    bus.listen('broadcast.keys.revoked', ({ keyId }) => this.forget(keyId));
    // Likewise a member removed, signed out or given another role: their sessions are asked about again.
    bus.listen('broadcast.members.changed', ({ memberId }) => this.forgetMember(memberId));
  }

  /** The CSRF token of the console session with this cookie, whether or not it still lives. */
  csrfTokenOf(cookieValue: string): string {
    return csrfTokenOf(this.csrfKey, cookieValue);
  }

  /** Drops a member's cached sessions: their next request is resolved anew (and refused, once removed). */
  forgetMember(memberId: string): void {
    forgetWhere(this.sessions, (principal) => principal.memberId === memberId);
    this.changedMembers.set(memberId, Date.now());
  }

  /**
   * A console session's cookie (docs/management-api.md, "Console sessions"): the member it is, and the CSRF
   * token its changing requests must carry. 401 when the session is unknown, ended or expired.
   */
  async authenticateSession(cookieValue: string): Promise<{ principal: MemberPrincipal; csrfToken: string }> {
    const idHash = sessionIdHash(cookieValue);
    const csrfToken = csrfTokenOf(this.csrfKey, cookieValue);
    const now = Date.now();
    const cached = this.sessions.get(idHash);
    if (cached) return { principal: cached, csrfToken };
    try {
      const { tenantId, memberId, name, email, role, expiresAt } = await this.bus.request('links.console-sessions.resolve', { idHash });
      const principal: MemberPrincipal = { kind: 'member', tenantId, memberId, memberName: name, email, role, sessionId: idHash };
      // A change heard while the answer was on its way: the answer may be older than it.
      const changedAt = this.changedMembers.get(memberId);
      if (changedAt === undefined || changedAt < now) this.sessions.set(idHash, principal, { ttl: ttlWithin(SESSION_CACHE_MS, expiresAt) });
      return { principal, csrfToken };
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') {
        throw new AppError('unauthorized', 'the console session is unknown, ended or expired: sign in again', { details: { reason: 'session' } });
      }
      throw error;
    }
  }

  /** Drops a revoked key from the cache: its next request is resolved, and refused, by the links service. */
  forget(keyId: string): void {
    forgetWhere(this.cache, (entry) => entry.keyId === keyId);
    this.revoked.set(keyId, Date.now());
  }

  /** Records the key's use, at most once a minute, off the request's path: a failure costs nothing but the record. */
  private touch(keyId: string): void {
    if (this.touched.has(keyId)) return;
    this.touched.set(keyId, true);
    void this.bus.request('links.tenants.touch-key', { keyId }).catch(() => this.touched.delete(keyId));
  }

  async authenticate(authorization: unknown, tenantHeader: unknown): Promise<Principal> {
    const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    if (!match?.[1]) throw new AppError('unauthorized', 'Authorization: Bearer <key> is required');
    const key = match[1];
    const hex = sha256Hex(key);
    if (timingSafeEqual(Buffer.from(hex, 'hex'), this.adminKeyHash)) {
      if (tenantHeader === undefined) return { kind: 'admin', tenantId: undefined, role: 'owner' };
      if (typeof tenantHeader !== 'string' || !uuidPattern.test(tenantHeader)) {
        throw new AppError('invalid', 'X-Tenant-Id must be a tenant UUID', { details: [{ path: 'X-Tenant-Id', message: 'not a UUID' }] });
      }
      const tenantId = tenantHeader.toLowerCase();
      await this.assertTenantExists(tenantId);
      return { kind: 'admin', tenantId, role: 'owner' };
    }
    const cached = this.cache.get(hex);
    if (cached) {
      this.touch(cached.keyId);
      return { kind: 'tenant', tenantId: cached.tenantId, keyId: cached.keyId, keyName: cached.keyName, role: cached.role };
    }
    try {
      const asked = Date.now();
      const { tenantId, keyId, name, role, expiresAt } = await this.bus.request('links.tenants.resolve-key', { keyHash: hex });
      // A revocation heard while the answer was on its way: the answer may be older than it.
      const revokedAt = this.revoked.get(keyId);
      if (revokedAt !== undefined && revokedAt >= asked) throw new AppError('unauthorized', 'unknown API key');
      // Remembered no longer than the key lives.
      if (revokedAt === undefined) this.cache.set(hex, { tenantId, keyId, keyName: name, role }, { ttl: ttlWithin(KEY_CACHE_MS, expiresAt) });
      this.touch(keyId);
      return { kind: 'tenant', tenantId, keyId, keyName: name, role };
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') throw new AppError('unauthorized', 'unknown API key');
      throw error;
    }
  }

  /** The admin key acts on an existing tenant only: one X-Tenant-Id names that does not exist is 404 on every route. */
  private async assertTenantExists(tenantId: string): Promise<void> {
    if (this.tenants.has(tenantId)) return;
    const { exists } = await this.bus.request('links.tenants.exists', { tenantId });
    if (!exists) {
      throw new AppError('not_found', 'no tenant has the id X-Tenant-Id names', { details: { reason: 'unknown_tenant' } });
    }
    this.tenants.set(tenantId, true);
  }
}

/** How long an answer may be remembered: `ms`, and never past the credential's own expiry. */
function ttlWithin(ms: number, expiresAt: string | null): number {
  return Math.max(1, Math.min(ms, expiresAt === null ? ms : Date.parse(expiresAt) - Date.now()));
}

/** Drops every entry whose value matches (collected first: an LRU cache is not changed while it is walked). */
function forgetWhere<V extends {}>(cache: LRUCache<string, V>, matches: (value: V) => boolean): void {
  const gone: string[] = [];
  for (const [key, value] of cache.entries()) if (matches(value)) gone.push(key);
  for (const key of gone) cache.delete(key);
}

/**
 * Refuses a caller whose role does not include the one the route needs (its `config.role`):
 * 403 `forbidden` with `details.required_role` (docs/management-api.md, "Roles").
 */
export function assertRole(principal: Principal, required: Role): void {
  if (roleIncludes(principal.role, required)) return;
  const caller = principal.kind === 'member' ? `you are a ${principal.role}` : `the key is a ${principal.role} key`;
  throw new AppError('forbidden', `this needs the ${required} role; ${caller}`, {
    details: { required_role: required, role: principal.role },
  });
}

/** The tenant a call acts on; an admin must name one with X-Tenant-Id. */
export function requireTenant(principal: Principal): string {
  if (principal.tenantId === undefined) {
    throw new AppError('invalid', 'X-Tenant-Id is required when using the admin key', {
      details: [{ path: 'X-Tenant-Id', message: 'required' }],
    });
  }
  return principal.tenantId;
}

/** The tenant a management request acts on (its key's, or the admin's X-Tenant-Id). */
export function tenantOf(request: { principal: Principal | undefined }): string {
  if (!request.principal) throw new AppError('unauthorized', 'Authorization: Bearer <key> is required');
  return requireTenant(request.principal);
}

/** The platform admin key answers visitors as this when it acts in the inbox. */
export const ADMIN_OPERATOR_NAME = 'Support';

/**
 * Who acts in the inbox: a tenant key by its id and name, a member by theirs (visitors see the
 * name); the admin key has no id.
 */
export function operatorOf(request: { principal: Principal | undefined }): { actorId: string | null; name: string } {
  const principal = request.principal;
  if (!principal) throw new AppError('unauthorized', 'Authorization: Bearer <key> is required');
  if (principal.kind === 'tenant') return { actorId: principal.keyId, name: principal.keyName };
  if (principal.kind === 'member') return { actorId: principal.memberId, name: principal.memberName };
  return { actorId: null, name: ADMIN_OPERATOR_NAME };
}

/**
 * Whose eyes an inbox or conversation read is for (docs/management-api.md "Roles"): an owner or editor (the
 * admin key too) sees every conversation of the tenant; an operator – a member, or an operator key,
 * which is in no team – only what their teams give them.
 */
export function readerOf(request: { principal: Principal | undefined }): ConversationReader {
  const principal = request.principal;
  if (!principal) throw new AppError('unauthorized', 'Authorization: Bearer <key> is required');
  if (roleIncludes(principal.role, 'editor')) return { sees: 'all' };
  return principal.kind === 'member' ? { sees: 'operator', memberId: principal.memberId } : { sees: 'operator' };
}
