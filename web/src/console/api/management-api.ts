import { createParleyClient, ParleyApiError, ParleyNetworkError } from '@parley/client';
import type {
  AgentDetail,
  AgentList,
  AgentSummary,
  AnalyticsAnswer,
  ApiKeyCreated,
  ApiKeyList,
  ApiKeySummary,
  AuditList,
  AuditVerification,
  CannedReply,
  CannedReplyList,
  LinkTemplate as ContractLinkTemplate,
  PublicLink as ContractPublicLink,
  ConversationDetail,
  ConversationLabelsAnswer,
  ConversationNote,
  ConversationSearchList,
  ConversationTrace,
  CreateApiKeyRequest,
  CreateCannedReplyRequest,
  CreatedPublicLink,
  CreateLinkRequest,
  CreateMemberRequest,
  CreateScheduleRequest,
  CreateSessionResponse,
  CreateTeamRequest,
  InboxItemAnswer,
  InboxList,
  KnowledgeBase,
  KnowledgeDocument,
  KnowledgeGap,
  KnowledgePassage,
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
  TemplateSettings,
  Tenant,
  TenantList,
  TransferRequest,
  UpdateCannedReplyRequest,
  UpdateLinkRequest,
  UpdateMemberRequest,
  UpdateScheduleRequest,
  UpdateTeamRequest,
  UpdateTenantRequest,
  VersionResponse,
} from '@parley/contracts';
import { ApiError } from '../../chat/api';

/**
 * The management API as the console uses it: every call carries who is signed in (see ApiAuth).
 * Its request and response types are the API's own (@parley/contracts, from the schemas that
 * validate them), imported as types only: no schema code reaches the page.
 */

export type {
  AgentDetail,
  AgentSummary,
  AnalyticsAnswer,
  AnalyticsReport,
  AuditEntry,
  CannedReply,
  Citation,
  ConversationDetail,
  ConversationNote,
  ConversationSummary,
  ConversationTrace,
  EscalationState,
  InboxItem,
  InboxTransfer,
  KnowledgeBase,
  KnowledgeDocument,
  KnowledgeGap,
  KnowledgePassage,
  Member,
  Recipient,
  Schedule,
  ScheduleRun,
  Team,
  TeamHours,
  Tenant,
  TenantList,
  ToolCallReport,
  TransitionInfo,
  Weekday,
} from '@parley/contracts';

/** An operator as the inbox lists them: their status, open conversations and teams. */
export type OperatorPresence = OperatorPresenceList['operators'][number];
/** What an operator sets themselves; `offline` is the server's word for nobody with the inbox open. */
export type PresenceStatus = 'online' | 'away';
/** The inbox's filters (docs/escalation.md "Teams, presence and assignment"): `mine` is what is offered to or claimed by the caller. */
export type InboxState = 'open' | 'mine' | 'waiting' | 'assigned' | 'claimed' | 'all';

/** POST …/public-links: settings over a template's (the body's own fields win). */
export type NewLink = CreateLinkRequest;

/** PUT …/public-links/{id}: only the settings it names change. */
export type LinkChanges = UpdateLinkRequest;

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

/** GET /api/me: who is calling (docs/management-api.md, "Who am I"). */
export type Me = MeResponse;

/** A tenant's API key as listed (never the key itself), and as created (the key, this once). */
export type ApiKey = ApiKeySummary;
export type NewApiKey = ApiKeyCreated;

/** A knowledge base's text search configuration (docs/knowledge.md "The API"): `simple`, `english`, … */
export type KnowledgeLanguage = KnowledgeBase['language'];

/** A document added as pasted text or as an address fetched once (a file goes through `addKnowledgeFile`). */
export type NewKnowledgeDocument = { title: string; text: string } | { url: string; title?: string };

export type AnalyticsScope = { kind: 'agent'; name: string } | { kind: 'link'; id: string };

/**
 * How the console's calls say who makes them: an API key as a bearer (with the admin's chosen
 * tenant), or the console session's cookie, which the browser sends itself, with its CSRF token on
 * every change (docs/management-api.md, "Signing in to the console with SSO").
 */
export type ApiAuth = { kind: 'key'; key: string; tenantId?: string | undefined } | { kind: 'session'; csrfToken: string | null };

/** The typed client's refusal as the console's pages read it (chat/api's ApiError: `details` an object, fields as `details.fields`). */
export function asApiError(error: unknown): never {
  if (error instanceof ParleyApiError) {
    // Validation refusals name each field in a list; other refusals give an object of facts.
    const raw = error.details;
    const details = Array.isArray(raw) ? { fields: raw } : raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    throw new ApiError(error.status, error.code, error.message, details, error.retryAfterSeconds);
  }
  if (error instanceof ParleyNetworkError) throw new ApiError(0, 'network', 'The server could not be reached. Check your connection and try again.');
  throw error;
}

/**
 * A call of the typed client with its answer as the client types it from the API's document, and
 * its refusal as an ApiError: the calls a page loaded later carries itself go through this.
 */
export const called = <Answer>(request: Promise<Answer>): Promise<Answer> => request.catch(asApiError);

export function managementApi(auth: ApiAuth) {
  // Same origin: the console is served by the gateway it manages.
  const client = createParleyClient({ auth, init: { cache: 'no-store' } });
  /** Every call's refusal as an ApiError; `T` is the contract's name for what the typed client answers. */
  const send = <T>(request: Promise<unknown>): Promise<T> => request.then((answer) => answer as T, asApiError);
  const agent = (name: string) => ({ path: { name } });
  const link = (name: string, id: string) => ({ path: { name, id } });
  return {
    /**
     * The typed client with these credentials, for a part of the console loaded later that carries
     * its own calls (the tests tab's): code that every sign-in would load otherwise.
     */
    client,
    /** Who is signed in, with what role, in which tenant. */
    me: () => send<MeResponse>(client.GET('/api/me')),
    /** Ends the console session (its cookie); a key has nothing to end. Not in the OpenAPI document: it belongs to the sign-in pages. */
    signOut: () => send<null>(client.call('POST', '/auth/sign-out')),
    tenants: () => send<TenantList>(client.GET('/api/tenants')),
    createTenant: (name: string) => send<Tenant>(client.POST('/api/tenants', { body: { name } })),
    updateTenant: (id: string, changes: UpdateTenantRequest) => send<Tenant>(client.PUT('/api/tenants/{id}', { path: { id }, body: changes })),
    keys: () => send<ApiKeyList>(client.GET('/api/keys')),
    /** The key itself is in this answer only. */
    createKey: (body: CreateApiKeyRequest) => send<ApiKeyCreated>(client.POST('/api/keys', { body })),
    /** Refused by every gateway within a second; it stays in the list as revoked. */
    revokeKey: (keyId: string) => send<null>(client.DELETE('/api/keys/{key_id}', { path: { key_id: keyId } })),
    members: () => send<MemberList>(client.GET('/api/members')),
    addMember: (body: CreateMemberRequest) => send<Member>(client.POST('/api/members', { body })),
    updateMember: (memberId: string, changes: UpdateMemberRequest) =>
      send<Member>(client.PUT('/api/members/{member_id}', { path: { member_id: memberId }, body: changes })),
    /** Their console sessions end at once. */
    removeMember: (memberId: string) => send<null>(client.DELETE('/api/members/{member_id}', { path: { member_id: memberId } })),
    agents: () => send<AgentList>(client.GET('/api/agents')),
    agent: (name: string) => send<AgentDetail>(client.GET('/api/agents/{name}', agent(name))),
    createAgent: (name: string, config: unknown) => send<AgentSummary>(client.POST('/api/agents', { body: { name, config } })),
    createVersion: (name: string, config: unknown) => send<VersionResponse>(client.POST('/api/agents/{name}/versions', { ...agent(name), body: { config } })),
    activate: (name: string, version: number) => send<AgentSummary>(client.PUT('/api/agents/{name}/active-version', { ...agent(name), body: { version } })),
    links: (name: string) => send<PublicLinkListWithUsage>(client.GET('/api/agents/{name}/public-links', agent(name))),
    createLink: (name: string, body: CreateLinkRequest) => send<CreatedPublicLink>(client.POST('/api/agents/{name}/public-links', { ...agent(name), body })),
    /** A new token: the old URL stops working at once. */
    rotateLink: (name: string, id: string) => send<RotatedLink>(client.POST('/api/agents/{name}/public-links/{id}/rotate', { ...link(name, id), body: {} })),
    templates: () => send<{ templates: LinkTemplate[] }>(client.GET('/api/link-templates')),
    schedules: () => send<ScheduleList>(client.GET('/api/schedules')),
    createSchedule: (body: CreateScheduleRequest) => send<Schedule>(client.POST('/api/schedules', { body })),
    updateSchedule: (id: string, changes: UpdateScheduleRequest) => send<Schedule>(client.PUT('/api/schedules/{id}', { path: { id }, body: changes })),
    deleteSchedule: (id: string) => send<null>(client.DELETE('/api/schedules/{id}', { path: { id } })),
    scheduleRuns: (id: string) => send<ScheduleRunList>(client.GET('/api/schedules/{id}/runs', { path: { id } })),
    /** Runs it now (`trigger: manual`); the cron's next slot stays as it was. */
    runSchedule: (id: string) => send<ScheduleRun>(client.POST('/api/schedules/{id}/run', { path: { id } })),
    updateLink: (name: string, id: string, changes: UpdateLinkRequest) =>
      send<ContractPublicLink>(client.PUT('/api/agents/{name}/public-links/{id}', { ...link(name, id), body: changes })),
    deleteLink: (name: string, id: string) => send<null>(client.DELETE('/api/agents/{name}/public-links/{id}', link(name, id))),
    startPlayground: (name: string, version?: number) =>
      send<CreateSessionResponse>(client.POST('/api/agents/{name}/playground/sessions', { ...agent(name), body: version === undefined ? {} : { version } })),
    audit: (filters: { action?: string | undefined; actor?: string | undefined; cursor?: string | undefined }) =>
      send<AuditList>(client.GET('/api/audit', { query: filters })),
    analytics: (scope: AnalyticsScope, window: { from: string; to: string; bucket: 'hour' | 'day' }) =>
      send<AnalyticsAnswer>(
        scope.kind === 'agent'
          ? client.GET('/api/agents/{name}/analytics', { ...agent(scope.name), query: window })
          : client.GET('/api/links/{id}/analytics', { path: { id: scope.id }, query: window }),
      ),
    verifyAudit: () => send<AuditVerification>(client.GET('/api/audit/verify')),
    /** `team`: a team's id, or `none` for the tenant's own queue; absent, every team's. */
    inbox: (state: InboxState, team?: string) => send<InboxList>(client.GET('/api/inbox', { query: { state, ...(team ? { team } : {}) } })),
    act: (escalationId: string, action: 'claim' | 'accept' | 'release' | 'close' | 'typing') =>
      send<InboxItemAnswer>(client.POST(`/api/inbox/{escalation_id}/${action}`, { path: { escalation_id: escalationId } })),
    /** To a colleague (it is offered to them) or to a team's queue, with a note for whoever takes it. */
    transfer: (escalationId: string, body: TransferRequest) =>
      send<InboxItemAnswer>(client.POST('/api/inbox/{escalation_id}/transfer', { path: { escalation_id: escalationId }, body })),
    /** The tenant's operators: who is online, away or offline, and how many conversations each has open. */
    presence: () => send<OperatorPresenceList>(client.GET('/api/inbox/presence')),
    /** Away keeps the caller out of assignment while their inbox stays open. */
    setPresence: (status: PresenceStatus) => send<{ status: PresenceStatus }>(client.PUT('/api/inbox/presence', { body: { status } })),
    teams: () => send<TeamList>(client.GET('/api/teams')),
    createTeam: (body: CreateTeamRequest) => send<Team>(client.POST('/api/teams', { body })),
    updateTeam: (id: string, changes: UpdateTeamRequest) => send<Team>(client.PUT('/api/teams/{id}', { path: { id }, body: changes })),
    deleteTeam: (id: string) => send<null>(client.DELETE('/api/teams/{id}', { path: { id } })),
    reply: (escalationId: string, content: string) =>
      send<OperatorMessageSent>(client.POST('/api/inbox/{escalation_id}/messages', { path: { escalation_id: escalationId }, body: { content } })),
    /** Read, it counts as read by the caller: its unread count starts again. */
    conversation: (conversationId: string) =>
      send<ConversationDetail>(client.GET('/api/conversations/{conversation_id}', { path: { conversation_id: conversationId } })),
    /** An internal note for the operators: the visitor never sees it. */
    note: (escalationId: string, text: string) =>
      send<ConversationNote>(client.POST('/api/inbox/{escalation_id}/notes', { path: { escalation_id: escalationId }, body: { text } })),
    setLabels: (conversationId: string, labels: string[]) =>
      send<ConversationLabelsAnswer>(
        client.PUT('/api/conversations/{conversation_id}/labels', { path: { conversation_id: conversationId }, body: { labels } }),
      ),
    /** The tenant's conversations by the words of their messages (`q`) and a label, newest first. */
    searchConversations: (query: { q?: string | undefined; label?: string | undefined; cursor?: string | undefined }) =>
      send<ConversationSearchList>(client.GET('/api/conversations', { query })),
    /** Each turn's nodes, LLM calls with tokens and cost, tool calls and passages (editors). */
    conversationTrace: (conversationId: string) =>
      send<ConversationTrace>(client.GET('/api/conversations/{conversation_id}/trace', { path: { conversation_id: conversationId } })),
    /** The tenant's shared canned replies and the member's own, by shortcut. */
    cannedReplies: () => send<CannedReplyList>(client.GET('/api/canned-replies')),
    createCannedReply: (body: CreateCannedReplyRequest) => send<CannedReply>(client.POST('/api/canned-replies', { body })),
    updateCannedReply: (id: string, changes: UpdateCannedReplyRequest) =>
      send<CannedReply>(client.PUT('/api/canned-replies/{id}', { path: { id }, body: changes })),
    deleteCannedReply: (id: string) => send<null>(client.DELETE('/api/canned-replies/{id}', { path: { id } })),
    /** A file a visitor attached, as the operator may fetch it (with the key's header or the session's cookie). */
    attachment: (conversationId: string, uploadId: string): Promise<Blob> =>
      client
        .raw('GET', '/api/conversations/{conversation_id}/uploads/{upload_id}', { path: { conversation_id: conversationId, upload_id: uploadId } })
        .then((response) => response.blob(), asApiError),
    /**
     * The inbox's live events, read as Server-Sent Events (an EventSource cannot send the key),
     * from `lastEventId` on; the client reconnects by itself after a dropped connection.
     */
    inboxEvents: async function* (lastEventId: string | undefined, signal: AbortSignal, onState?: (state: 'live' | 'reconnecting') => void) {
      try {
        yield* client.events('/api/inbox/events', { lastEventId, signal, onState });
      } catch (error) {
        asApiError(error);
      }
    },
    sendPlayground: (name: string, sessionId: string, content: string) =>
      send<SendMessageResponse>(
        client.POST('/api/agents/{name}/playground/sessions/{session_id}/messages', { path: { name, session_id: sessionId }, body: { content } }),
      ),
    /** One version with its config, a draft too (docs/management-api.md "Versions: drafts and published"). */
    version: (name: string, version: number) =>
      send<import('@parley/contracts').AgentVersionDetail>(client.GET('/api/agents/{name}/versions/{version}', { path: { name, version } })),
    /** The tenant's knowledge bases, by name, with how many documents and passages each holds. */
    knowledgeBases: () => send<{ knowledge_bases: KnowledgeBase[] }>(client.GET('/api/knowledge')),
    knowledgeBase: (id: string) => send<KnowledgeBase>(client.GET('/api/knowledge/{id}', { path: { id } })),
    createKnowledgeBase: (body: { name: string; language: KnowledgeLanguage }) => send<KnowledgeBase>(client.POST('/api/knowledge', { body })),
    /** A new language indexes the base's passages again. */
    updateKnowledgeBase: (id: string, changes: { name?: string; language?: KnowledgeLanguage }) =>
      send<KnowledgeBase>(client.PUT('/api/knowledge/{id}', { path: { id }, body: changes })),
    /** With its documents and their files. */
    deleteKnowledgeBase: (id: string) => send<null>(client.DELETE('/api/knowledge/{id}', { path: { id } })),
    /** A base's documents, by title, each `processing`, `ready` with its passages, or `failed` with why. */
    knowledgeDocuments: (id: string) => send<{ documents: KnowledgeDocument[] }>(client.GET('/api/knowledge/{id}/documents', { path: { id } })),
    /** Answered at once, `processing`: the memory service reads it afterwards. */
    addKnowledgeDocument: (id: string, body: NewKnowledgeDocument) =>
      send<KnowledgeDocument>(client.POST('/api/knowledge/{id}/documents', { path: { id }, body })),
    /**
     * A file as one multipart `file` part (docs/knowledge.md "The API"). The typed client
     * sends JSON; a client of this call alone carries the form as its requests' body, with the same
     * credentials and refusals as every other call.
     */
    addKnowledgeFile: (id: string, file: File, title?: string) => {
      const form = new FormData();
      if (title) form.append('title', title);
      form.append('file', file, file.name);
      return createParleyClient({ auth, init: { cache: 'no-store', body: form } })
        .raw('POST', '/api/knowledge/{id}/documents', { path: { id } })
        .then((response) => response.json() as Promise<KnowledgeDocument>, asApiError);
    },
    deleteKnowledgeDocument: (id: string, doc: string) => send<null>(client.DELETE('/api/knowledge/{id}/documents/{doc}', { path: { id, doc } })),
    /** What a prompt node's `knowledge` retrieves for `q`: passages at or above the base's threshold, best first. */
    searchKnowledge: (id: string, q: string, limit = 5) =>
      send<{ results: KnowledgePassage[] }>(client.GET('/api/knowledge/{id}/search', { path: { id }, query: { q, limit } })),
    /** The visitors' questions the agent's knowledge found no passage for, newest first (default window: the last 30 days). */
    knowledgeGaps: (name: string) => send<{ gaps: KnowledgeGap[] }>(client.GET('/api/agents/{name}/knowledge-gaps', agent(name))),
    /** Publishes a draft (or makes a published version active again): the agent, with whether this published it. */
    publish: (name: string, version: number) =>
      send<import('@parley/contracts').ActivatedVersion>(client.PUT('/api/agents/{name}/active-version', { path: { name }, body: { version } })),
  };
}

export type ManagementApi = ReturnType<typeof managementApi>;
