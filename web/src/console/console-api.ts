import { call } from '../chat/api';
import type { Role } from './roles';

/** The management API as the console uses it: every call carries who is signed in (see ApiAuth). */

export interface Tenant {
  id: string;
  name: string;
  operator_email: string | null;
  created_at: string;
}

export interface TenantList {
  scope: 'platform' | 'tenant';
  tenants: Tenant[];
}

export interface AgentSummary {
  id: string;
  name: string;
  active_version: number;
  created_at: string;
  updated_at: string;
}

export interface AgentDetail extends AgentSummary {
  config: unknown;
  versions: { version: number; created_at: string; active: boolean }[];
}

export interface LinkSettings {
  title: string;
  description?: string | null;
  welcome_message?: string | null;
  expires_in_hours?: number;
  max_sessions?: number | null;
  max_messages_per_session?: number | null;
  session_timeout_minutes?: number;
  rate_limit_per_minute?: number;
  /** Days ended conversations keep their messages; null: RETENTION_DAYS. */
  retention_days?: number | null;
  require_email_verification?: boolean;
  allowed_origins?: string[];
  ip_allow?: string[];
  ip_deny?: string[];
  passcode?: string | null;
  active?: boolean;
}

/** Where a new (or rotated) link's URL goes at once; the console sends by email. */
export interface SendSpec {
  channels: { type: 'email'; to?: string }[];
  /** Default: the link's title; `{{name}}` is the recipient's. */
  subject?: string;
  message?: string;
}

/**
 * POST …/public-links: settings over a template's (the body's own fields win); a blank nullable
 * setting goes as null, so it overrides the template's value rather than falling back to it.
 */
export interface NewLink extends Partial<LinkSettings> {
  template?: string;
  /** Null: never expires (over a template's expiry). */
  expires_at?: string | null;
  send?: SendSpec;
}

/** GET /api/link-templates: the built-in ones, then the tenant's. */
export interface LinkTemplate {
  name: string;
  description: string | null;
  settings: Partial<LinkSettings> & { expires_at?: string | null; require_identity?: boolean };
  built_in: boolean;
}

/** What became of one way of sending a link's URL. */
export interface LinkDelivery {
  id: string;
  channel: 'email' | 'slack' | 'teams';
  to: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
}

/** A link's URL, answered once: at creation and at rotation. */
export interface LinkAddress {
  id: string;
  token: string;
  url: string;
  deliveries?: LinkDelivery[];
}

export interface Recipient {
  email: string;
  name?: string;
}

/** A cron (in a time zone) that makes a personalised link per recipient and mails it. */
export interface Schedule {
  id: string;
  name: string;
  cron: string;
  timezone: string;
  action: 'create_and_send_temp_chat_link';
  agent: string;
  template: string | null;
  settings: Record<string, unknown>;
  recipients: Recipient[];
  send: SendSpec;
  active: boolean;
  /** UTC; null while paused. */
  next_run_at: string | null;
  created_at: string;
  updated_at: string;
}

export type NewSchedule = Pick<Schedule, 'name' | 'cron' | 'timezone' | 'action' | 'agent' | 'recipients' | 'send' | 'active'> & {
  template?: string;
  settings?: { title?: string };
};

export interface ScheduleRun {
  slot_at: string;
  trigger: 'schedule' | 'catch_up' | 'manual';
  state: 'running' | 'succeeded' | 'failed' | 'skipped';
  links: number;
  sent: number;
  errors: { email: string | null; error: string }[];
  started_at: string;
  finished_at: string | null;
}

export interface PublicLink {
  id: string;
  agent: string;
  title: string;
  description: string | null;
  welcome_message: string | null;
  expires_at: string | null;
  max_sessions: number | null;
  max_messages_per_session: number | null;
  session_timeout_minutes: number;
  rate_limit_per_minute: number;
  require_email_verification: boolean;
  allowed_origins: string[];
  ip_allow: string[];
  ip_deny: string[];
  has_passcode: boolean;
  active: boolean;
  state: 'active' | 'expired' | 'inactive';
  created_at: string;
  updated_at: string;
  usage?: { sessions: number; messages: number; last_activity_at: string | null };
}

export interface TransitionInfo {
  from_node: string;
  from_node_name: string | null;
  to_node: string;
  to_node_name: string | null;
  condition: string | null;
}

export interface PlaygroundSession {
  session_id: string;
  node_id: string;
  node_name: string | null;
  initial_node_id: string;
  initial_node_name: string | null;
  transitions: TransitionInfo[];
  agent_config_version: number;
  initial_message: string | null;
  status: string;
}

export interface PlaygroundTurn {
  response: string;
  node_id: string;
  node_name: string | null;
  previous_node_id: string;
  previous_node_name: string | null;
  transitions: TransitionInfo[];
  extracted_variables: Record<string, string> | null;
  session_ended: boolean;
  turn_number: number;
  latency_ms: number;
}

export type EscalationState = 'waiting' | 'claimed' | 'released' | 'closed';

export interface InboxItem {
  escalation_id: string;
  conversation_id: string;
  agent: string;
  channel: 'api' | 'link';
  reason: string;
  state: EscalationState;
  waiting_since: string;
  claimed_at: string | null;
  operator: { name: string } | null;
  last_message: string | null;
  last_message_at: string | null;
  position: number | null;
}

export interface ConversationMessage {
  id: string;
  role: 'user' | 'assistant' | 'operator' | 'system';
  content: string;
  created_at: string;
  turn_number: number | null;
  node_id: string | null;
  operator_name: string | null;
}

export interface ConversationDetail {
  conversation_id: string;
  agent: string;
  channel: 'api' | 'link';
  status: string;
  node_id: string;
  node_name: string | null;
  collected_data: Record<string, string>;
  escalation_id: string | null;
  messages: ConversationMessage[];
  turns: { turn_number: number; transitions: TransitionInfo[]; extracted_variables: Record<string, string> }[];
}

export interface AuditEntry {
  id: string;
  at: string;
  tenant_id: string | null;
  actor: { kind: 'admin' | 'key' | 'member' | 'mcp' | 'system'; id?: string | null; key_id: string | null; name: string | null };
  action: string;
  target: { kind: string; id: string | null };
  ip: string | null;
  details: Record<string, unknown>;
}

/** GET /api/links/{id}/analytics and /api/agents/{name}/analytics (docs/api.md's shape). */
export interface AnalyticsReport {
  from: string;
  to: string;
  sessions: { started: number; completed: number; abandoned: number; expired: number; escalated: number };
  messages: { user: number; assistant: number; operator: number };
  visitors: { unique: number; verified: number };
  engagement: { avg_messages_per_session: number; median_session_seconds: number | null; completion_rate: number };
  response_ms: { p50: number | null; p95: number | null };
  countries: { country: string; sessions: number }[];
  security_events: Record<
    'rate_limited' | 'quota_exceeded' | 'forbidden_origin' | 'forbidden_ip' | 'invalid_token' | 'verification_failed' | 'passcode_lockout' | 'verification_lockout',
    number
  >;
  series: { at: string; sessions: number; messages: number }[];
}

/** GET /api/me: who is calling (docs/api.md, "Who am I"). */
export interface Me {
  actor: { kind: 'admin' | 'key' | 'member'; id: string | null; name: string };
  role: Role;
  tenant_id: string | null;
  email: string | null;
  /** The console session's; null for a key. */
  csrf_token: string | null;
}

/** A person of the tenant, who signs in to the console with SSO. */
export interface Member {
  member_id: string;
  email: string;
  name: string;
  role: Role;
  created_at: string;
}

/** A tenant's API key as listed: never the key itself. */
export interface ApiKey {
  key_id: string;
  name: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface NewApiKey {
  key_id: string;
  key: string;
  name: string;
  role: Role;
  expires_at: string | null;
}

export type AnalyticsScope = { kind: 'agent'; name: string } | { kind: 'link'; id: string };

/**
 * How the console's calls say who makes them: an API key as a bearer (with the admin's chosen
 * tenant), or the console session's cookie, which the browser sends itself, with its CSRF token on
 * every change (docs/api.md, "Signing in to the console with SSO").
 */
export type ApiAuth = { kind: 'key'; key: string; tenantId?: string | undefined } | { kind: 'session'; csrfToken: string | null };

export function managementApi(auth: ApiAuth) {
  const read: Record<string, string> =
    auth.kind === 'key' ? { authorization: `Bearer ${auth.key}`, ...(auth.tenantId ? { 'x-tenant-id': auth.tenantId } : {}) } : {};
  const write: Record<string, string> = auth.kind === 'session' && auth.csrfToken ? { ...read, 'x-csrf-token': auth.csrfToken } : read;
  const credentials: RequestCredentials = auth.kind === 'session' ? 'same-origin' : 'omit';
  const send = <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
    call<T>(method, path, body, method === 'GET' ? read : write, credentials);
  const agent = (name: string) => `/api/agents/${encodeURIComponent(name)}`;
  return {
    /** Who is signed in, with what role, in which tenant. */
    me: () => send<Me>('GET', '/api/me'),
    /** Ends the console session (its cookie); a key has nothing to end. */
    signOut: () => send<null>('POST', '/auth/sign-out'),
    tenants: () => send<TenantList>('GET', '/api/tenants'),
    createTenant: (name: string) => send<Tenant>('POST', '/api/tenants', { name }),
    updateTenant: (id: string, changes: { name?: string; operator_email?: string | null }) =>
      send<Tenant>('PUT', `/api/tenants/${encodeURIComponent(id)}`, changes),
    keys: () => send<{ keys: ApiKey[] }>('GET', '/api/keys'),
    /** The key itself is in this answer only. */
    createKey: (body: { name: string; role: Role; expires_at?: string }) => send<NewApiKey>('POST', '/api/keys', body),
    /** Refused by every gateway within a second; it stays in the list as revoked. */
    revokeKey: (keyId: string) => send<null>('DELETE', `/api/keys/${encodeURIComponent(keyId)}`),
    members: () => send<{ members: Member[] }>('GET', '/api/members'),
    addMember: (body: { email: string; name: string; role: Role }) => send<Member>('POST', '/api/members', body),
    updateMember: (memberId: string, changes: { role?: Role; name?: string }) => send<Member>('PUT', `/api/members/${encodeURIComponent(memberId)}`, changes),
    /** Their console sessions end at once. */
    removeMember: (memberId: string) => send<null>('DELETE', `/api/members/${encodeURIComponent(memberId)}`),
    agents: () => send<{ agents: AgentSummary[] }>('GET', '/api/agents'),
    agent: (name: string) => send<AgentDetail>('GET', agent(name)),
    createAgent: (name: string, config: unknown) => send<AgentSummary>('POST', '/api/agents', { name, config }),
    createVersion: (name: string, config: unknown) => send<{ version: number }>('POST', `${agent(name)}/versions`, { config }),
    activate: (name: string, version: number) => send<AgentSummary>('PUT', `${agent(name)}/active-version`, { version }),
    links: (name: string) => send<{ links: PublicLink[] }>('GET', `${agent(name)}/public-links`),
    createLink: (name: string, body: NewLink) => send<PublicLink & LinkAddress>('POST', `${agent(name)}/public-links`, body),
    /** A new token: the old URL stops working at once. */
    rotateLink: (name: string, id: string) => send<LinkAddress>('POST', `${agent(name)}/public-links/${encodeURIComponent(id)}/rotate`, {}),
    templates: () => send<{ templates: LinkTemplate[] }>('GET', '/api/link-templates'),
    schedules: () => send<{ schedules: Schedule[] }>('GET', '/api/schedules'),
    createSchedule: (body: NewSchedule) => send<Schedule>('POST', '/api/schedules', body),
    updateSchedule: (id: string, changes: Partial<NewSchedule>) => send<Schedule>('PUT', `/api/schedules/${encodeURIComponent(id)}`, changes),
    deleteSchedule: (id: string) => send<null>('DELETE', `/api/schedules/${encodeURIComponent(id)}`),
    scheduleRuns: (id: string) => send<{ runs: ScheduleRun[] }>('GET', `/api/schedules/${encodeURIComponent(id)}/runs`),
    /** Runs it now (`trigger: manual`); the cron's next slot stays as it was. */
    runSchedule: (id: string) => send<ScheduleRun>('POST', `/api/schedules/${encodeURIComponent(id)}/run`),
    updateLink: (name: string, id: string, changes: Partial<LinkSettings>) =>
      send<PublicLink>('PUT', `${agent(name)}/public-links/${encodeURIComponent(id)}`, changes),
    deleteLink: (name: string, id: string) => send<null>('DELETE', `${agent(name)}/public-links/${encodeURIComponent(id)}`),
    startPlayground: (name: string, version?: number) =>
      send<PlaygroundSession>('POST', `${agent(name)}/playground/sessions`, version === undefined ? {} : { version }),
    audit: (filters: { action?: string | undefined; actor?: string | undefined; cursor?: string | undefined }) => {
      const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined));
      return send<{ entries: AuditEntry[]; next_cursor: string | null }>('GET', `/api/audit?${query}`);
    },
    analytics: (scope: AnalyticsScope, window: { from: string; to: string; bucket: 'hour' | 'day' }) =>
      send<AnalyticsReport>(
        'GET',
        `${scope.kind === 'agent' ? agent(scope.name) : `/api/links/${encodeURIComponent(scope.id)}`}/analytics?${new URLSearchParams(window)}`,
      ),
    verifyAudit: () => send<{ ok: boolean; entries: number; first_broken?: { id: string; at: string } }>('GET', '/api/audit/verify'),
    inbox: (state: 'open' | 'waiting' | 'claimed' | 'all') => send<{ items: InboxItem[] }>('GET', `/api/inbox?state=${state}`),
    act: (escalationId: string, action: 'claim' | 'release' | 'close' | 'typing') =>
      send<{ item: InboxItem }>('POST', `/api/inbox/${encodeURIComponent(escalationId)}/${action}`),
    reply: (escalationId: string, content: string) =>
      send<{ message_id: string; created_at: string }>('POST', `/api/inbox/${encodeURIComponent(escalationId)}/messages`, { content }),
    conversation: (conversationId: string) => send<ConversationDetail>('GET', `/api/conversations/${encodeURIComponent(conversationId)}`),
    /** The inbox's live events: fetched (an EventSource cannot send the key), read as Server-Sent Events. */
    inboxEvents: (lastEventId: string | undefined, signal: AbortSignal) =>
      fetch('/api/inbox/events', {
        headers: { ...read, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal,
        cache: 'no-store',
        credentials,
      }),
    sendPlayground: (name: string, sessionId: string, content: string) =>
      send<PlaygroundTurn>('POST', `${agent(name)}/playground/sessions/${encodeURIComponent(sessionId)}/messages`, { content }),
  };
}

export type ManagementApi = ReturnType<typeof managementApi>;
