import type {
  AgentDetail,
  AgentList,
  AgentSummary,
  AnalyticsReport,
  ApiKeyCreated,
  ApiKeyList,
  ApiKeySummary,
  AuditList,
  AuditVerification,
  CannedReply,
  CannedReplyList,
  ConversationDetail,
  CreateCannedReplyRequest,
  LinkTemplate as ContractLinkTemplate,
  PublicLink as ContractPublicLink,
  CreateApiKeyRequest,
  CreatedPublicLink,
  CreateLinkRequest,
  CreateMemberRequest,
  CreateScheduleRequest,
  CreateSessionResponse,
  CreateTeamRequest,
  InboxItemAnswer,
  InboxList,
  LinkDeliveryView,
  LinkUsage,
  Member,
  MemberList,
  MeResponse,
  OperatorMessageSent,
  OperatorPresenceList,
  PublicLinkListWithUsage,
  RotatedLink,
  Schedule,
  ScheduleList,
  ScheduleRun,
  ScheduleRunList,
  SendMessageResponse,
  Team,
  TeamList,
  Tenant,
  TenantList,
  TemplateSettings,
  TransferRequest,
  UpdateCannedReplyRequest,
  UpdateLinkRequest,
  UpdateMemberRequest,
  UpdateScheduleRequest,
  UpdateTeamRequest,
  UpdateTenantRequest,
  VersionResponse,
} from '@parley/contracts';
import { call } from '../chat/api';

/**
 * The management API as the console uses it: every call carries who is signed in (see ApiAuth).
 * Its request and response types are the API's own (@parley/contracts, from the schemas that
 * validate them), imported as types only: no schema code reaches the page.
 */

export type {
  AgentDetail,
  AgentSummary,
  AnalyticsReport,
  AuditEntry,
  CannedReply,
  ConversationDetail,
  EscalationState,
  InboxItem,
  Member,
  Recipient,
  Schedule,
  ScheduleRun,
  Team,
  TeamHours,
  Tenant,
  TenantList,
  TransitionInfo,
  Weekday,
} from '@parley/contracts';

/** An operator as the inbox lists them: their status, open conversations and teams. */
export type OperatorPresence = OperatorPresenceList['operators'][number];
/** What an operator sets themselves; `offline` is the server's word for nobody with the inbox open. */
export type PresenceStatus = 'online' | 'away';
/** The inbox's filters (docs/api.md "Teams, presence and assignment"): `mine` is what is offered to or claimed by the caller. */
export type InboxState = 'open' | 'mine' | 'waiting' | 'assigned' | 'claimed' | 'all';

/** POST …/public-links: settings over a template's (the body's own fields win). */
export type NewLink = CreateLinkRequest;

/**
 * A template as listed. The API gives its settings as a map; they are a template's settings
 * (any link setting but a passcode), which the link form reads.
 */
export type LinkTemplate = Omit<ContractLinkTemplate, 'settings'> & { settings: TemplateSettings };

/** What became of one way of sending a link's URL. */
export type LinkDelivery = LinkDeliveryView;

/** A link's URL, answered once: at creation and at rotation. */
export type LinkAddress = Pick<CreatedPublicLink, 'id' | 'token' | 'url' | 'deliveries'>;

/** A link as the console holds it; listed links carry their usage. */
export type PublicLink = ContractPublicLink & { usage?: LinkUsage };

/** The playground answers as the Text Chat API does. */
export type PlaygroundSession = CreateSessionResponse;
export type PlaygroundTurn = SendMessageResponse;

/** POST /api/schedules. */
export type NewSchedule = CreateScheduleRequest;

/** GET /api/me: who is calling (docs/api.md, "Who am I"). */
export type Me = MeResponse;

/** A tenant's API key as listed (never the key itself), and as created (the key, this once). */
export type ApiKey = ApiKeySummary;
export type NewApiKey = ApiKeyCreated;

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
    me: () => send<MeResponse>('GET', '/api/me'),
    /** Ends the console session (its cookie); a key has nothing to end. */
    signOut: () => send<null>('POST', '/auth/sign-out'),
    tenants: () => send<TenantList>('GET', '/api/tenants'),
    createTenant: (name: string) => send<Tenant>('POST', '/api/tenants', { name }),
    updateTenant: (id: string, changes: UpdateTenantRequest) =>
      send<Tenant>('PUT', `/api/tenants/${encodeURIComponent(id)}`, changes),
    keys: () => send<ApiKeyList>('GET', '/api/keys'),
    /** The key itself is in this answer only. */
    createKey: (body: CreateApiKeyRequest) => send<ApiKeyCreated>('POST', '/api/keys', body),
    /** Refused by every gateway within a second; it stays in the list as revoked. */
    revokeKey: (keyId: string) => send<null>('DELETE', `/api/keys/${encodeURIComponent(keyId)}`),
    members: () => send<MemberList>('GET', '/api/members'),
    addMember: (body: CreateMemberRequest) => send<Member>('POST', '/api/members', body),
    updateMember: (memberId: string, changes: UpdateMemberRequest) => send<Member>('PUT', `/api/members/${encodeURIComponent(memberId)}`, changes),
    /** Their console sessions end at once. */
    removeMember: (memberId: string) => send<null>('DELETE', `/api/members/${encodeURIComponent(memberId)}`),
    agents: () => send<AgentList>('GET', '/api/agents'),
    agent: (name: string) => send<AgentDetail>('GET', agent(name)),
    createAgent: (name: string, config: unknown) => send<AgentSummary>('POST', '/api/agents', { name, config }),
    createVersion: (name: string, config: unknown) => send<VersionResponse>('POST', `${agent(name)}/versions`, { config }),
    activate: (name: string, version: number) => send<AgentSummary>('PUT', `${agent(name)}/active-version`, { version }),
    links: (name: string) => send<PublicLinkListWithUsage>('GET', `${agent(name)}/public-links`),
    createLink: (name: string, body: CreateLinkRequest) => send<CreatedPublicLink>('POST', `${agent(name)}/public-links`, body),
    /** A new token: the old URL stops working at once. */
    rotateLink: (name: string, id: string) => send<RotatedLink>('POST', `${agent(name)}/public-links/${encodeURIComponent(id)}/rotate`, {}),
    templates: () => send<{ templates: LinkTemplate[] }>('GET', '/api/link-templates'),
    schedules: () => send<ScheduleList>('GET', '/api/schedules'),
    createSchedule: (body: CreateScheduleRequest) => send<Schedule>('POST', '/api/schedules', body),
    updateSchedule: (id: string, changes: UpdateScheduleRequest) => send<Schedule>('PUT', `/api/schedules/${encodeURIComponent(id)}`, changes),
    deleteSchedule: (id: string) => send<null>('DELETE', `/api/schedules/${encodeURIComponent(id)}`),
    scheduleRuns: (id: string) => send<ScheduleRunList>('GET', `/api/schedules/${encodeURIComponent(id)}/runs`),
    /** Runs it now (`trigger: manual`); the cron's next slot stays as it was. */
    runSchedule: (id: string) => send<ScheduleRun>('POST', `/api/schedules/${encodeURIComponent(id)}/run`),
    updateLink: (name: string, id: string, changes: UpdateLinkRequest) =>
      send<ContractPublicLink>('PUT', `${agent(name)}/public-links/${encodeURIComponent(id)}`, changes),
    deleteLink: (name: string, id: string) => send<null>('DELETE', `${agent(name)}/public-links/${encodeURIComponent(id)}`),
    startPlayground: (name: string, version?: number) =>
      send<CreateSessionResponse>('POST', `${agent(name)}/playground/sessions`, version === undefined ? {} : { version }),
    audit: (filters: { action?: string | undefined; actor?: string | undefined; cursor?: string | undefined }) => {
      const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined));
      return send<AuditList>('GET', `/api/audit?${query}`);
    },
    analytics: (scope: AnalyticsScope, window: { from: string; to: string; bucket: 'hour' | 'day' }) =>
      send<AnalyticsReport>(
        'GET',
        `${scope.kind === 'agent' ? agent(scope.name) : `/api/links/${encodeURIComponent(scope.id)}`}/analytics?${new URLSearchParams(window)}`,
      ),
    verifyAudit: () => send<AuditVerification>('GET', '/api/audit/verify'),
    /** `team`: a team's id, or `none` for the tenant's own queue; absent, every team's. */
    inbox: (state: InboxState, team?: string) => send<InboxList>('GET', `/api/inbox?${new URLSearchParams({ state, ...(team ? { team } : {}) })}`),
    act: (escalationId: string, action: 'claim' | 'accept' | 'release' | 'close' | 'typing') =>
      send<InboxItemAnswer>('POST', `/api/inbox/${encodeURIComponent(escalationId)}/${action}`),
    /** To a colleague (it is offered to them) or to a team's queue, with a note for whoever takes it. */
    transfer: (escalationId: string, body: TransferRequest) => send<InboxItemAnswer>('POST', `/api/inbox/${encodeURIComponent(escalationId)}/transfer`, body),
    /** The tenant's operators: who is online, away or offline, and how many conversations each has open. */
    presence: () => send<OperatorPresenceList>('GET', '/api/inbox/presence'),
    /** Away keeps the caller out of assignment while their inbox stays open. */
    setPresence: (status: PresenceStatus) => send<{ status: PresenceStatus }>('PUT', '/api/inbox/presence', { status }),
    teams: () => send<TeamList>('GET', '/api/teams'),
    createTeam: (body: CreateTeamRequest) => send<Team>('POST', '/api/teams', body),
    updateTeam: (id: string, changes: UpdateTeamRequest) => send<Team>('PUT', `/api/teams/${encodeURIComponent(id)}`, changes),
    deleteTeam: (id: string) => send<null>('DELETE', `/api/teams/${encodeURIComponent(id)}`),
    reply: (escalationId: string, content: string) =>
      send<OperatorMessageSent>('POST', `/api/inbox/${encodeURIComponent(escalationId)}/messages`, { content }),
    conversation: (conversationId: string) => send<ConversationDetail>('GET', `/api/conversations/${encodeURIComponent(conversationId)}`),
    /** The tenant's shared canned replies and the member's own, by shortcut. */
    cannedReplies: () => send<CannedReplyList>('GET', '/api/canned-replies'),
    createCannedReply: (body: CreateCannedReplyRequest) => send<CannedReply>('POST', '/api/canned-replies', body),
    updateCannedReply: (id: string, changes: UpdateCannedReplyRequest) => send<CannedReply>('PUT', `/api/canned-replies/${encodeURIComponent(id)}`, changes),
    deleteCannedReply: (id: string) => send<null>('DELETE', `/api/canned-replies/${encodeURIComponent(id)}`),
    /** A file a visitor attached, as the operator may fetch it (with the key's header or the session's cookie). */
    attachment: async (conversationId: string, uploadId: string): Promise<Blob> => {
      const response = await fetch(`/api/conversations/${encodeURIComponent(conversationId)}/uploads/${encodeURIComponent(uploadId)}`, { headers: read, credentials });
      if (!response.ok) throw new Error(`the file could not be fetched (${response.status})`);
      return response.blob();
    },
    /** The inbox's live events: fetched (an EventSource cannot send the key), read as Server-Sent Events. */
    inboxEvents: (lastEventId: string | undefined, signal: AbortSignal) =>
      fetch('/api/inbox/events', {
        headers: { ...read, accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal,
        cache: 'no-store',
        credentials,
      }),
    sendPlayground: (name: string, sessionId: string, content: string) =>
      send<SendMessageResponse>('POST', `${agent(name)}/playground/sessions/${encodeURIComponent(sessionId)}/messages`, { content }),
    /** One version with its config, a draft too (docs/api.md "Versions: drafts and published"). */
    version: (name: string, version: number) => send<import('@parley/contracts').AgentVersionDetail>('GET', `${agent(name)}/versions/${version}`),
    /** Publishes a draft (or makes a published version active again): the agent, with whether this published it. */
    publish: (name: string, version: number) => send<import('@parley/contracts').ActivatedVersion>('PUT', `${agent(name)}/active-version`, { version }),
  };
}

export type ManagementApi = ReturnType<typeof managementApi>;
