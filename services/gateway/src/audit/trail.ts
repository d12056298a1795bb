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
    [VISITOR_KEYER]: (hash: string) => string;
  }
}

type Body = Record<string, unknown> | undefined;
interface ActionSpec {
  action: string;
  kind: string;
  /** The id of what changed: from the path, or from the answer for what was just created. */
  id(params: Record<string, string>, answer: Body): unknown;
  /** The tenant, when the route names it rather than the key (the admin's tenant and key routes). */
  tenant?(params: Record<string, string>, answer: Body): unknown;
  /** What changed beyond the target (the sanitised body unless given). */
  details?(params: Record<string, string>, answer: Body, body: Body): Record<string, unknown>;
}

/**
 * Every management change, by its route: what the audit log calls it and what it changed.
 * Reads and the playground are not changes; an operator's typing is not one either.
 */
const ACTIONS: Record<string, ActionSpec> = {
  'POST /api/tenants': { action: 'tenant.create', kind: 'tenant', id: (_p, a) => a?.id, tenant: (_p, a) => a?.id },
  'PUT /api/tenants/:id': { action: 'tenant.update', kind: 'tenant', id: (p) => p.id, tenant: (p) => p.id },
  'POST /api/tenants/:id/keys': { action: 'key.create', kind: 'key', id: (_p, a) => a?.key_id, tenant: (p) => p.id, details: (_p, a) => ({ name: a?.name, role: a?.role }) },
  'POST /api/keys': { action: 'key.create', kind: 'key', id: (_p, a) => a?.key_id, details: (_p, a) => ({ name: a?.name, role: a?.role, expires_at: a?.expires_at }) },
  'DELETE /api/keys/:key_id': { action: 'key.revoke', kind: 'key', id: (p) => p.key_id, details: () => ({}) },
  // A Text Chat API secret by its id only: the secret itself is never recorded.
  'POST /api/chat-secrets': { action: 'chat_secret.create', kind: 'chat_secret', id: (_p, a) => a?.secret_id, details: () => ({}) },
  'DELETE /api/chat-secrets/:secret_id': { action: 'chat_secret.delete', kind: 'chat_secret', id: (p) => p.secret_id, details: () => ({}) },
  // A member by id, name and role: their email is personal data, kept out of the log.
  'POST /api/members': { action: 'member.create', kind: 'member', id: (_p, a) => a?.member_id, details: (_p, a) => ({ name: a?.name, role: a?.role }) },
  'PUT /api/members/:member_id': { action: 'member.update', kind: 'member', id: (p) => p.member_id, details: (_p, a, b) => ({ changed: Object.keys(b ?? {}), name: a?.name, role: a?.role }) },
  'DELETE /api/members/:member_id': { action: 'member.delete', kind: 'member', id: (p) => p.member_id, details: () => ({}) },
  'POST /api/agents': { action: 'agent.create', kind: 'agent', id: (_p, a) => a?.name, details: (_p, a) => ({ agent_id: a?.id, version: 1 }) },
  'POST /api/agents/:name/versions': { action: 'agent.version.create', kind: 'agent', id: (p) => p.name, details: (_p, a) => ({ version: a?.version, state: a?.state }) },
  // `published`: this activation published a draft (a version made active again was published before).
  'PUT /api/agents/:name/active-version': {
    action: 'agent.version.activate',
    kind: 'agent',
    id: (p) => p.name,
    details: (_p, a) => ({ active_version: a?.active_version, published: a?.published }),
  },
  'POST /api/agents/:name/public-links': { action: 'link.create', kind: 'link', id: (_p, a) => a?.id },
  'PUT /api/agents/:name/public-links/:id': { action: 'link.update', kind: 'link', id: (p) => p.id },
  'DELETE /api/agents/:name/public-links/:id': { action: 'link.delete', kind: 'link', id: (p) => p.id, details: (p) => ({ agent: p.name }) },
  'POST /api/agents/:name/public-links/:id/identity-secret': { action: 'link.identity_secret.rotate', kind: 'link', id: (p) => p.id, details: () => ({}) },
  'POST /api/agents/:name/public-links/:id/sessions/:conversation_id/end': { action: 'session.end', kind: 'conversation', id: (p) => p.conversation_id, details: (p) => ({ link_id: p.id }) },
  'POST /api/agents/:name/public-links/bulk': { action: 'link.bulk_create', kind: 'agent', id: (p) => p.name, details: (_p, a) => ({ count: Array.isArray(a?.links) ? a.links.length : 0, sent: a?.sent }) },
  'POST /api/public-links/bulk-update': { action: 'link.bulk_update', kind: 'link', id: () => null, details: (_p, a, b) => ({ count: Array.isArray(a?.updated) ? a.updated.length : 0, changes: sanitised(b?.changes ?? {}) }) },
  'POST /api/public-links/bulk-delete': { action: 'link.bulk_delete', kind: 'link', id: () => null, details: (_p, a) => ({ count: Array.isArray(a?.deleted) ? a.deleted.length : 0 }) },
  'POST /api/agents/:name/public-links/:id/rotate': { action: 'link.token.rotate', kind: 'link', id: (p) => p.id, details: (_p, a) => ({ sent: Array.isArray(a?.deliveries) ? a.deliveries.length : 0 }) },
  'POST /api/link-templates': { action: 'template.create', kind: 'template', id: (_p, a) => a?.name },
  'PUT /api/link-templates/:name': { action: 'template.update', kind: 'template', id: (p) => p.name },
  'DELETE /api/link-templates/:name': { action: 'template.delete', kind: 'template', id: (p) => p.name, details: () => ({}) },
  'POST /api/schedules': { action: 'schedule.create', kind: 'schedule', id: (_p, a) => a?.id, details: (_p, a) => ({ name: a?.name, cron: a?.cron, timezone: a?.timezone, recipients: Array.isArray(a?.recipients) ? a.recipients.length : 0 }) },
  'PUT /api/schedules/:id': { action: 'schedule.update', kind: 'schedule', id: (p) => p.id, details: (_p, _a, b) => ({ changed: Object.keys(b ?? {}) }) },
  'DELETE /api/schedules/:id': { action: 'schedule.delete', kind: 'schedule', id: (p) => p.id, details: () => ({}) },
  'POST /api/schedules/:id/run': { action: 'schedule.run', kind: 'schedule', id: (p) => p.id, details: (_p, a) => ({ links: a?.links, state: a?.state }) },
  'POST /api/webhooks': { action: 'webhook.create', kind: 'webhook', id: (_p, a) => a?.id, details: (_p, a) => ({ events: a?.events, format: a?.format }) },
  'DELETE /api/webhooks/:id': { action: 'webhook.delete', kind: 'webhook', id: (p) => p.id, details: () => ({}) },
  'POST /api/inbox/:escalation_id/claim': { action: 'escalation.claim', kind: 'escalation', id: (p) => p.escalation_id, details: () => ({}) },
  'POST /api/inbox/:escalation_id/release': { action: 'escalation.release', kind: 'escalation', id: (p) => p.escalation_id, details: () => ({}) },
  'POST /api/inbox/:escalation_id/close': { action: 'escalation.close', kind: 'escalation', id: (p) => p.escalation_id, details: () => ({}) },
  // What the operator wrote is the visitor's conversation, not the log's: only that they wrote.
  // Privacy: the visitor by a keyed hash of their email (recordedTarget); what was erased, as counts.
  'DELETE /api/visitors/:email': { action: 'visitor.erase', kind: 'visitor', id: (p) => visitorHash(p.email ?? ''), details: (_p, a) => ({ erased: a?.erased }) },
  'DELETE /api/visitors/users/:user_id': { action: 'visitor.erase', kind: 'visitor', id: (p) => visitorUserHash(p.user_id ?? ''), details: (_p, a) => ({ erased: a?.erased }) },
  'POST /api/inbox/:escalation_id/messages': { action: 'escalation.message', kind: 'escalation', id: (p) => p.escalation_id, details: (_p, a) => ({ message_id: a?.message_id }) },
};

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

function sanitised(value: unknown): unknown {
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

/** The details as recorded: no secret (each spec and `sanitised` see to it), no email. */
function recordedDetails(request: FastifyRequest, details: Record<string, unknown>): Record<string, unknown> {
  const keyer = request.server[VISITOR_KEYER];
  return withoutEmails(details, (email) => keyer(visitorHash(email))) as Record<string, unknown>;
}

/**
 * Who made the change (docs/api.md, "Audit log"): a member signed in to the console, a tenant key
 * (each by id and name), the admin key, or any of them through MCP. `key_id` stays for clients
 * written before members existed.
 */
function actorOf(request: FastifyRequest) {
  const principal = request.principal;
  // The MCP mark relabels only the caller's own, valid credential (via-mcp.ts).
  const viaMcp = principal !== undefined && request.via === 'mcp';
  if (principal?.kind === 'tenant') return { kind: viaMcp ? ('mcp' as const) : ('key' as const), id: principal.keyId, key_id: principal.keyId, name: principal.keyName };
  if (principal?.kind === 'member') return { kind: viaMcp ? ('mcp' as const) : ('member' as const), id: principal.memberId, key_id: null, name: principal.memberName };
  return { kind: viaMcp ? ('mcp' as const) : ('admin' as const), id: null, key_id: null, name: null };
}

/**
 * Records one entry outside the change hook: a read worth recording (a visitor's export, its
 * target by visitorHash, keyed here). Never fails the request; a lost entry is logged.
 */
export async function recordAudit(
  bus: PlatformBus,
  request: FastifyRequest,
  entry: { tenantId: string | null; action: string; target: { kind: string; id: string | null }; details: Record<string, unknown> },
): Promise<void> {
  await bus
    .publish('events.audit.recorded', {
      eventId: randomUUID(),
      at: new Date().toISOString(),
      actor: actorOf(request),
      ip: request.ip ?? null,
      ...entry,
      target: recordedTarget(request, entry.target),
      details: recordedDetails(request, entry.details),
    })
    .catch((error: unknown) => request.log.error({ err: error, action: entry.action }, 'could not record an entry in the audit log'));
}

/**
 * Records every management change that succeeded in the audit log: an `audit.recorded` event,
 * published before the answer goes out, which the links service appends to its hash chain.
 * `visitorSecret` keys the ids of visitors (CHAT_API_SECRET); `app.auditVisitorId` gives the id
 * of an email, for finding its entries.
 */
export function installAuditTrail(app: FastifyInstance, bus: PlatformBus, visitorSecret: string): void {
  const keyer = visitorKeyer(visitorSecret);
  app.decorate(VISITOR_KEYER, keyer);
  app.decorate('auditVisitorId', (email: string) => keyer(visitorHash(email)));
  app.decorate('auditUserId', (userId: string) => keyer(visitorUserHash(userId)));
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 || request.method === 'GET') return payload;
    const spec = ACTIONS[`${request.method} ${request.routeOptions.url ?? ''}`];
    if (!spec) return payload;
    let answer: Body;
    try {
      answer = typeof payload === 'string' && payload.length > 0 ? (JSON.parse(payload) as Body) : undefined;
    } catch {
      answer = undefined;
    }
    const params = (request.params ?? {}) as Record<string, string>;
    const body = request.body as Body;
    const named = spec.tenant?.(params, answer);
    const tenantId = request.principal?.tenantId ?? (typeof named === 'string' ? named.toLowerCase() : null);
    const id = spec.id(params, answer);
    await bus
      .publish('events.audit.recorded', {
        eventId: randomUUID(),
        at: new Date().toISOString(),
        tenantId: tenantId ?? null,
        actor: actorOf(request),
        action: spec.action,
        target: recordedTarget(request, { kind: spec.kind, id: id === undefined || id === null ? null : String(id) }),
        ip: request.ip ?? null,
        details: recordedDetails(request, (spec.details ? spec.details(params, answer, body) : (sanitised(body ?? {}) as Record<string, unknown>)) ?? {}),
      })
      .catch((error: unknown) => request.log.error({ err: error, action: spec.action }, 'could not record a change in the audit log'));
    return payload;
  });
}
