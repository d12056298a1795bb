import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { PlatformBus } from '@parley/bus';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The key of visitors' ids, per gateway (a decoration, so every route's instance reaches it). */
const VISITOR_KEYER: unique symbol = Symbol('audit visitor keyer');

declare module 'fastify' {
  interface FastifyInstance {
    /** The id the audit log names a visitor by (installAuditTrail): a keyed hash of the email. */
    auditVisitorId(email: string): string;
    /** The id the audit log names a signed user by: a keyed hash of the user id. */
    auditUserId(userId: string): string;
    /** The id the audit log names a phone number by: a keyed hash of it. */
    auditPhoneId(phone: string): string;
    [VISITOR_KEYER]: (hash: string) => string;
  }
  interface FastifyRequest {
    /**
     * What the route acted on as only its handler found out – neither the path, the body nor the
     * answer says it (a deleted canned reply, the agent whose transcripts were read) – for its
     * `config.audit` to read.
     */
    auditSubject: Record<string, unknown> | undefined;
  }
}

/** A JSON body or answer, as the audit trail reads it (undefined: none, or not JSON). */
export type AuditBody = Record<string, unknown> | undefined;

/**
 * One part of an entry, from what the request and its success say: the path's parameters, the
 * answer (parsed JSON; undefined for no body, a stream or a page), the request's body, and the
 * request itself (its principal, or `auditSubject` for what only the handler found out).
 */
type AuditPart<T> = (params: Record<string, string>, answer: AuditBody, body: AuditBody, request: FastifyRequest) => T;

/**
 * What the audit log records when a route succeeds (docs/management-api.md, "Audit log"): a route's
 * `config.audit`, next to its role. A success is an answer below 400; a read (GET, HEAD) is
 * recorded only with `onRead`.
 */
export interface AuditSpec {
  action: string;
  kind: string;
  /** The id of what changed: from the path, or from the answer for what was just created. */
  id: AuditPart<unknown>;
  /** The tenant, when the route names it rather than the key (the admin's tenant and key routes). */
  tenant?: AuditPart<unknown>;
  /** What changed beyond the target (the sanitised body unless given). */
  details?: AuditPart<Record<string, unknown>>;
  /** A read worth recording (a visitor's export, an agent's transcripts): its success is recorded too. */
  onRead?: true;
  /** Records only when this holds (a shared canned reply's change, not a member's own notes). */
  when?: AuditPart<boolean>;
}

/**
 * A visitor's email as the gateway passes it to the audit trail: the hex SHA-256 of the lower-cased
 * address. Never recorded as it is – a plain hash is reversed by hashing a list of candidate
 * addresses – but keyed first (visitorKeyer).
 */
export function visitorHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/** A signed user id as the gateway passes it to the audit trail: hex SHA-256 of `user:<id>`, keyed like an email's. */
export function visitorUserHash(userId: string): string {
  return createHash('sha256').update(`user:${userId}`).digest('hex');
}

/** A phone number (E.164) as the gateway passes it to the audit trail: hex SHA-256 of `phone:<number>`, keyed like an email's. */
export function visitorPhoneHash(phone: string): string {
  return createHash('sha256').update(`phone:${phone}`).digest('hex');
}

/**
 * How the audit log names a visitor: HMAC-SHA256 of their visitorHash under a key derived from a
 * server-side secret (CHAT_API_SECRET), so only the platform can tell which address an entry is
 * about; every gateway replica derives the same key, so one visitor is one id in the log.
 */
function visitorKeyer(secret: string): (hash: string) => string {
  const key = createHmac('sha256', secret).update('audit-log visitor').digest();
  return (hash) => createHmac('sha256', key).update(hash).digest('hex');
}

/** The target as recorded: a visitor's id keyed, anything else as it is. */
function recordedTarget(request: FastifyRequest, target: { kind: string; id: string | null }): { kind: string; id: string | null } {
  if (target.kind !== 'visitor' || target.id === null) return target;
  return { kind: 'visitor', id: request.server[VISITOR_KEYER](target.id) };
}

/**
 * Keys whose values are secrets or a visitor's words: never in the log, at any depth. A budget's
 * `tokens_per_…` counts the LLM's tokens, not a link's: it is recorded.
 */
const HIDDEN = /secret|passcode|password|token(?!s_per_)|^key$|api_?key|url|content|config/i;

/** A request's fields as the log may hold them: without the HIDDEN ones, people's fields as names or counts (personal). */
export function sanitised(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sanitised);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !HIDDEN.test(key))
      .map(([key, child]) => [key, personal(key, child) ?? sanitised(child)]),
  );
}

/**
 * Fields that name people: a link's `variables` (a recipient's name, email and own values) are
 * recorded by their names only, `recipients` by their number – what changed, not whom it is about.
 */
function personal(key: string, value: unknown): unknown {
  if (key === 'variables' && value !== null && typeof value === 'object' && !Array.isArray(value)) return { names: Object.keys(value).sort() };
  if (key === 'recipients' && Array.isArray(value)) return { count: value.length };
  return undefined;
}

/** An email address anywhere in a string (a recipient, an operator's address, a `to`). */
const EMAIL = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;

/**
 * Every email in the details, at any depth, replaced by `[email <id>]` with the id the log names
 * that visitor by (the keyed hash), so an owner can still tell two entries are about one address
 * (and find them with `?target=<email>` among the visitor's) without the address being there.
 */
function withoutEmails(value: unknown, idOf: (email: string) => string): unknown {
  if (typeof value === 'string') return value.replace(EMAIL, (email) => `[email ${idOf(email)}]`);
  if (Array.isArray(value)) return value.map((child) => withoutEmails(child, idOf));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, child]) => [key, withoutEmails(child, idOf)]));
}

/** A phone number in E.164 form anywhere in a string (an SMS channel's `to`), not inside a longer run of digits. */
const PHONE = /(?<![\w+])\+[1-9][0-9]{1,14}(?![0-9])/g;

/** Every phone number in the details replaced by `[phone <id>]`, as emails are (withoutEmails). */
function withoutPhones(value: unknown, idOf: (phone: string) => string): unknown {
  if (typeof value === 'string') return value.replace(PHONE, (phone) => `[phone ${idOf(phone)}]`);
  if (Array.isArray(value)) return value.map((child) => withoutPhones(child, idOf));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, child]) => [key, withoutPhones(child, idOf)]));
}

/** The details as recorded: no secret (each spec and `sanitised` see to it), no email, no phone number. */
function recordedDetails(request: FastifyRequest, details: Record<string, unknown>): Record<string, unknown> {
  const keyer = request.server[VISITOR_KEYER];
  const noEmails = withoutEmails(details, (email) => keyer(visitorHash(email)));
  return withoutPhones(noEmails, (phone) => keyer(visitorPhoneHash(phone))) as Record<string, unknown>;
}

/**
 * Who made the change (docs/management-api.md, "Audit log"): a member signed in to the console, a tenant key
 * (each by id and name), the admin key, or any of them through MCP. `key_id` stays for clients
 * written before members existed.
 */
function actorOf(request: FastifyRequest) {
  const principal = request.principal;
  // The MCP mark relabels only the caller's own, valid credential (via-mcp.ts).
  const viaMcp = principal !== undefined && request.via === 'mcp';
  if (principal?.kind === 'tenant')
    return { kind: viaMcp ? ('mcp' as const) : ('key' as const), id: principal.keyId, key_id: principal.keyId, name: principal.keyName };
  if (principal?.kind === 'member')
    return { kind: viaMcp ? ('mcp' as const) : ('member' as const), id: principal.memberId, key_id: null, name: principal.memberName };
  return { kind: viaMcp ? ('mcp' as const) : ('admin' as const), id: null, key_id: null, name: null };
}

/**
 * Records every success a route's `config.audit` names in the audit log: an `audit.recorded`
 * event, published before the answer goes out, which the links service appends to its hash
 * chain. This hook is the one writer of entries: a route says what to record in its config
 * (docs/management-api.md, "Roles" lists each route's action), the request-pipeline's route rules refuse a
 * bearer route that changes something and says nothing. Never fails the request; a lost entry
 * is logged. `visitorSecret` keys the ids of visitors (CHAT_API_SECRET); `app.auditVisitorId`
 * gives the id of an email, for finding its entries.
 */
export function installAuditTrail(app: FastifyInstance, bus: PlatformBus, visitorSecret: string): void {
  const keyer = visitorKeyer(visitorSecret);
  app.decorate(VISITOR_KEYER, keyer);
  app.decorate('auditVisitorId', (email: string) => keyer(visitorHash(email)));
  app.decorate('auditUserId', (userId: string) => keyer(visitorUserHash(userId)));
  app.decorate('auditPhoneId', (phone: string) => keyer(visitorPhoneHash(phone)));
  app.decorateRequest('auditSubject', undefined);
  app.addHook('onSend', async (request, reply, payload) => {
    const spec = request.routeOptions.config?.audit;
    if (!spec || reply.statusCode >= 400) return payload;
    if ((request.method === 'GET' || request.method === 'HEAD') && !spec.onRead) return payload;
    let answer: AuditBody;
    try {
      answer = typeof payload === 'string' && payload.length > 0 ? (JSON.parse(payload) as AuditBody) : undefined;
    } catch {
      answer = undefined;
    }
    const params = (request.params ?? {}) as Record<string, string>;
    const body = request.body as AuditBody;
    if (spec.when && !spec.when(params, answer, body, request)) return payload;
    const named = spec.tenant?.(params, answer, body, request);
    const tenantId = request.principal?.tenantId ?? (typeof named === 'string' ? named.toLowerCase() : null);
    const id = spec.id(params, answer, body, request);
    await bus
      .publish('events.audit.recorded', {
        eventId: randomUUID(),
        at: new Date().toISOString(),
        tenantId: tenantId ?? null,
        actor: actorOf(request),
        action: spec.action,
        target: recordedTarget(request, { kind: spec.kind, id: id === undefined || id === null ? null : String(id) }),
        ip: request.ip ?? null,
        details: recordedDetails(
          request,
          (spec.details ? spec.details(params, answer, body, request) : (sanitised(body ?? {}) as Record<string, unknown>)) ?? {},
        ),
      })
      .catch((error: unknown) => request.log.error({ err: error, action: spec.action }, 'could not record an entry in the audit log'));
    return payload;
  });
}
