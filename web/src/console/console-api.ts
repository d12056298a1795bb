import { call } from '../chat/api';

/** The management API as the console uses it: every call carries the signed-in key (and the admin's chosen tenant). */

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
  actor: { kind: 'admin' | 'key' | 'mcp' | 'system'; key_id: string | null; name: string | null };
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

export type AnalyticsScope = { kind: 'agent'; name: string } | { kind: 'link'; id: string };

export function managementApi(key: string, tenantId?: string) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...(tenantId ? { 'x-tenant-id': tenantId } : {}) };
  const agent = (name: string) => `/api/agents/${encodeURIComponent(name)}`;
  return {
    tenants: () => call<TenantList>('GET', '/api/tenants', undefined, headers),
    createTenant: (name: string) => call<Tenant>('POST', '/api/tenants', { name }, headers),
    updateTenant: (id: string, changes: { name?: string; operator_email?: string | null }) =>
      call<Tenant>('PUT', `/api/tenants/${encodeURIComponent(id)}`, changes, headers),
    createKey: (tenantId: string, name: string) =>
      call<{ key_id: string; key: string; name: string }>('POST', `/api/tenants/${encodeURIComponent(tenantId)}/keys`, { name }, headers),
    agents: () => call<{ agents: AgentSummary[] }>('GET', '/api/agents', undefined, headers),
    agent: (name: string) => call<AgentDetail>('GET', agent(name), undefined, headers),
    createAgent: (name: string, config: unknown) => call<AgentSummary>('POST', '/api/agents', { name, config }, headers),
    createVersion: (name: string, config: unknown) => call<{ version: number }>('POST', `${agent(name)}/versions`, { config }, headers),
    activate: (name: string, version: number) => call<AgentSummary>('PUT', `${agent(name)}/active-version`, { version }, headers),
    links: (name: string) => call<{ links: PublicLink[] }>('GET', `${agent(name)}/public-links`, undefined, headers),
    createLink: (name: string, body: NewLink) => call<PublicLink & LinkAddress>('POST', `${agent(name)}/public-links`, body, headers),
    /** A new token: the old URL stops working at once. */
    rotateLink: (name: string, id: string) => call<LinkAddress>('POST', `${agent(name)}/public-links/${encodeURIComponent(id)}/rotate`, {}, headers),
    templates: () => call<{ templates: LinkTemplate[] }>('GET', '/api/link-templates', undefined, headers),
    schedules: () => call<{ schedules: Schedule[] }>('GET', '/api/schedules', undefined, headers),
    createSchedule: (body: NewSchedule) => call<Schedule>('POST', '/api/schedules', body, headers),
    updateSchedule: (id: string, changes: Partial<NewSchedule>) => call<Schedule>('PUT', `/api/schedules/${encodeURIComponent(id)}`, changes, headers),
    deleteSchedule: (id: string) => call<null>('DELETE', `/api/schedules/${encodeURIComponent(id)}`, undefined, headers),
    scheduleRuns: (id: string) => call<{ runs: ScheduleRun[] }>('GET', `/api/schedules/${encodeURIComponent(id)}/runs`, undefined, headers),
    /** Runs it now (`trigger: manual`); the cron's next slot stays as it was. */
    runSchedule: (id: string) => call<ScheduleRun>('POST', `/api/schedules/${encodeURIComponent(id)}/run`, undefined, headers),
    updateLink: (name: string, id: string, changes: Partial<LinkSettings>) =>
      call<PublicLink>('PUT', `${agent(name)}/public-links/${encodeURIComponent(id)}`, changes, headers),
    deleteLink: (name: string, id: string) => call<null>('DELETE', `${agent(name)}/public-links/${encodeURIComponent(id)}`, undefined, headers),
    startPlayground: (name: string, version?: number) =>
      call<PlaygroundSession>('POST', `${agent(name)}/playground/sessions`, version === undefined ? {} : { version }, headers),
    audit: (filters: { action?: string | undefined; actor?: string | undefined; cursor?: string | undefined }) => {
      const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined));
      return call<{ entries: AuditEntry[]; next_cursor: string | null }>('GET', `/api/audit?${query}`, undefined, headers);
    },
    analytics: (scope: AnalyticsScope, window: { from: string; to: string; bucket: 'hour' | 'day' }) =>
      call<AnalyticsReport>(
        'GET',
        `${scope.kind === 'agent' ? agent(scope.name) : `/api/links/${encodeURIComponent(scope.id)}`}/analytics?${new URLSearchParams(window)}`,
        undefined,
        headers,
      ),
    verifyAudit: () => call<{ ok: boolean; entries: number; first_broken?: { id: string; at: string } }>('GET', '/api/audit/verify', undefined, headers),
    inbox: (state: 'open' | 'waiting' | 'claimed' | 'all') => call<{ items: InboxItem[] }>('GET', `/api/inbox?state=${state}`, undefined, headers),
    act: (escalationId: string, action: 'claim' | 'release' | 'close' | 'typing') =>
      call<{ item: InboxItem }>('POST', `/api/inbox/${encodeURIComponent(escalationId)}/${action}`, undefined, headers),
    reply: (escalationId: string, content: string) =>
      call<{ message_id: string; created_at: string }>('POST', `/api/inbox/${encodeURIComponent(escalationId)}/messages`, { content }, headers),
    conversation: (conversationId: string) => call<ConversationDetail>('GET', `/api/conversations/${encodeURIComponent(conversationId)}`, undefined, headers),
    /** The inbox's live events: fetched (an EventSource cannot send the key), read as Server-Sent Events. */
    inboxEvents: (lastEventId: string | undefined, signal: AbortSignal) =>
      fetch('/api/inbox/events', { headers: { ...headers, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) }, signal, cache: 'no-store' }),
    sendPlayground: (name: string, sessionId: string, content: string) =>
      call<PlaygroundTurn>('POST', `${agent(name)}/playground/sessions/${encodeURIComponent(sessionId)}/messages`, { content }, headers),
  };
}

export type ManagementApi = ReturnType<typeof managementApi>;
