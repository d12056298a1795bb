import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely';

/**
 * A column the database fills when an insert leaves it out. Unlike kysely's own, it keeps the
 * read/insert/update types of a ColumnType (immich does the same).
 */
type Generated<T> = T extends ColumnType<infer S, infer I, infer U> ? ColumnType<S, I | undefined, U> : ColumnType<T, T | undefined, T>;

/** A column only the database writes (GENERATED ALWAYS): read, never inserted or updated. */
type GeneratedAlways<T> = ColumnType<T, never, never>;

/** timestamptz: read as a JS Date; written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * jsonb: read as parsed JSON; written as a JSON string (`JSON.stringify(value)`), because pg turns
 * a JS array into a PostgreSQL array literal rather than JSON.
 */
export type Jsonb<T = JsonValue> = ColumnType<T, string, string>;
/** A jsonb column that may be null and defaults to it. */
export type NullableJsonb<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface TenantsTable {
  id: Generated<string>;
  name: string;
  /** Told by mail when an escalation waits and nobody is there to take it. */
  operator_email: Generated<string | null>;
  /** LLM tokens the tenant's conversations may spend per UTC day; null: no limit. */
  tokens_per_day: Generated<number | null>;
  created_at: Generated<Timestamp>;
}

export interface TenantApiKeysTable {
  /** `key_…` */
  id: string;
  tenant_id: string;
  /** Hex SHA-256 of the key; the key itself is never stored. */
  key_hash: string;
  /** First characters of the key, to recognise it in a list. */
  prefix: string;
  /** Display name: the operator's name visitors see when a person answers with this key. */
  name: Generated<string>;
  created_at: Generated<Timestamp>;
  revoked_at: Timestamp | null;
  /** What the key may do: `owner`, `editor`, `operator` or `viewer` (each includes the ones after it). */
  role: Generated<string>;
  /** Refused from then on; null: never expires. */
  expires_at: Timestamp | null;
  /** When a gateway last saw the key, written at most once a minute. */
  last_used_at: Timestamp | null;
}

/** A tenant's own Text Chat API secret (docs/text-chat-api.md, "Text Chat API secrets"); never stored in clear. */
export interface ChatApiSecretsTable {
  /** `chs_…` */
  id: string;
  tenant_id: string;
  /** The secret sealed with AES-256-GCM (services/links/src/sealing/secret-box.ts): version, nonce, tag, ciphertext. */
  sealed: Buffer;
  created_at: Generated<Timestamp>;
  /** When a gateway last verified a request with it, written at most once a minute. */
  last_used_at: Timestamp | null;
}

/** A secret a tenant's agents' tools name as `{{secrets.NAME}}` (docs/management-api.md, "Tenant secrets"); never stored in clear. */
export interface TenantSecretsTable {
  tenant_id: string;
  /** `[A-Z][A-Z0-9_]{0,63}`; one secret per name in a tenant. */
  name: string;
  /** The value sealed with AES-256-GCM (services/links/src/sealing/secret-box.ts): version, nonce, tag, ciphertext. */
  sealed: Buffer;
  created_at: Generated<Timestamp>;
  /** When the value was last set: its creation, or the last change. */
  updated_at: Generated<Timestamp>;
}

/** A person of a tenant (docs/management-api.md, "Members"), who signs in to the console with the OpenID provider. */
export interface MembersTable {
  /** `mem_…` */
  id: string;
  tenant_id: string;
  /** Trimmed and lower-cased; one member per email in a tenant. */
  email: string;
  /** Shown to visitors on the operator's messages, and in the audit log. */
  name: string;
  /** `owner`, `editor`, `operator` or `viewer`. */
  role: string;
  created_at: Generated<Timestamp>;
}

/** A member signed in to the console: the cookie's SHA-256, never the cookie. */
export interface ConsoleSessionsTable {
  id_hash: string;
  member_id: string;
  tenant_id: string;
  created_at: Generated<Timestamp>;
  /** Moved 12 hours past each use (at most once a minute); refused and removed from then on. */
  expires_at: Timestamp;
  last_seen_at: Generated<Timestamp>;
}

export interface AgentsTable {
  id: Generated<string>;
  tenant_id: string;
  name: string;
  active_version: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  /** Publishing a version needs a passed run of every test of the agent (docs/evaluations.md). */
  require_tests: Generated<boolean>;
}

/** A test case of an agent: visitor messages and what the agent should do at each (links service, docs/evaluations.md). */
export interface AgentTestsTable {
  id: Generated<string>;
  agent_id: string;
  name: string;
  turns: Jsonb<JsonValue[]>;
  start: NullableJsonb<JsonObject>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** A run of an agent's tests on one version; `lease_until` lets another worker take over a run whose worker died. */
export interface AgentTestRunsTable {
  id: Generated<string>;
  agent_id: string;
  tenant_id: string;
  version: number;
  status: Generated<'running' | 'passed' | 'failed'>;
  /** The tests as they were when the run started. */
  tests: Jsonb<JsonValue[]>;
  results: Generated<Jsonb<JsonValue[]>>;
  passed: Generated<number>;
  failed: Generated<number>;
  attempts: Generated<number>;
  lease_until: Timestamp | null;
  created_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
  duration_ms: number | null;
}

export interface AgentVersionsTable {
  agent_id: string;
  version: number;
  config: Jsonb<JsonObject>;
  created_at: Generated<Timestamp>;
  /** When it was first made active; null: a draft, served only where asked for by number. */
  published_at: Timestamp | null;
}

export type TextConversationStatus = 'active' | 'completed' | 'abandoned' | 'error';

export interface TextConversationsTable {
  id: string;
  /** `text_…`, the id the Text Chat API hands out. */
  session_id: string;
  tenant_id: string;
  agent_id: string;
  agent_version: number;
  is_active_version: boolean;
  status: TextConversationStatus;
  current_node_id: string;
  /** Name of the current node, so status answers need no agent config. */
  current_node_name: string | null;
  visit_turns: Generated<number>;
  /** The workflow's variables, name to value. */
  collected_data: Generated<Jsonb<Record<string, string>>>;
  metadata: Generated<Jsonb<JsonObject>>;
  total_turns: Generated<number>;
  total_transitions: Generated<number>;
  /** Optimistic lock: every turn bumps it and updates only if it still holds the value it read. */
  state_version: Generated<number>;
  /** Next message sequence number. */
  message_count: Generated<number>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  ended_at: Timestamp | null;
  /** How the conversation came in: the Text Chat API or a public link. */
  channel: Generated<ConversationChannel>;
  /** The public link a `link` conversation was started on. */
  link_id: string | null;
  /** Hex SHA-256 of the visitor's session credential; the credential itself is never stored. */
  credential_hash: string | null;
  /** The verified email a public session is bound to. */
  visitor_email: string | null;
  /** Messages the visitor sent (committed turns), held against max_messages_per_session. */
  user_messages: Generated<number>;
  /** A link conversation's idle timeout, from its link at start; null: SESSION_TIMEOUT_SECONDS applies. */
  idle_timeout_seconds: number | null;
  /** When retention removed the messages of this ended conversation; the row stays for analytics. */
  purged_at: Timestamp | null;
  /** Whose conversation: a Text Chat API session's `metadata.user_id`, a public session's signed-in user. Set at creation. */
  user_id: Generated<string | null>;
  /** The identity realm a public session's user was verified in (their link's); null for Text Chat API users and anonymous visitors. */
  user_realm: Generated<string | null>;
  /** The open escalation (waiting or claimed): the agent does not answer while it is set. */
  escalation_id: Generated<string | null>;
  /** When the visitor's data was erased (privacy); the row stays, anonymous, with its counts. */
  erased_at: Generated<Timestamp | null>;
  /** How the conversation read, -1 to 1, classified once when it ended (docs/management-api.md "Sentiment"); null until then and once erased. */
  sentiment: Generated<number | null>;
  sentiment_label: Generated<'positive' | 'neutral' | 'negative' | null>;
  /** Who judged it: the agent's LLM or the local classifier. */
  sentiment_method: Generated<'llm' | 'local' | null>;
  sentiment_at: Generated<Timestamp | null>;
  /** A public session's daily visitor hash at its start (a salted hash of the address): its visitor for per-visitor budgets. */
  visitor_hash: Generated<string | null>;
  /** Where the visitor asked the transcript to be mailed when the conversation ends; erased with it. */
  transcript_email: Generated<string | null>;
  transcript_sent_at: Generated<Timestamp | null>;
  /** Turns whose message the agent did not understand (docs/escalation.md "Offering a person"). */
  unanswered_turns: Generated<number>;
  /** A Text Chat API session's `offer_person`; null: never (a link's conversations follow their link). */
  offer_person: Generated<string | null>;
  /** When the conversation was resolved (docs/management-api.md "Outcomes"); null while it is not. */
  resolved_at: Generated<Timestamp | null>;
  /** Why: a node marked `resolves` reached, the visitor's positive feedback, or an end with no escalation nor negative feedback. */
  resolution: Generated<ConversationResolution | null>;
  /** The operators' labels (lower-case words, at most 10; docs/escalation.md "The inbox"); cleared when the visitor's data is erased. */
  labels: Generated<string[]>;
  /**
   * The language of the visitor's page (`de`, `ar` …) that mails to them later are written in
   * (docs/public-chat-api.md "Visitors' language and look"); null: English. Cleared when erased or purged.
   */
  visitor_language: Generated<string | null>;
}

export type ConversationResolution = 'node' | 'feedback' | 'ended';

/**
 * Tokens spent per UTC day (sessions service; docs/management-api.md "Cost guards"): the tenant's row has
 * link_id and visitor '', a link's has visitor '', a visitor's has a SHA-256 naming them.
 */
export interface TokenUsageDailyTable {
  tenant_id: string;
  /** 'YYYY-MM-DD', UTC. */
  day: ColumnType<string, string, string>;
  link_id: Generated<string>;
  visitor: Generated<string>;
  tokens: Generated<number>;
}

export type ConversationChannel = 'api' | 'link';

/** `tool`: a call the agent made in a turn, with its `tool_call` (docs/workflow.md "Tool calls in the transcript"); never shown to visitors. */
export type TextMessageRole = 'user' | 'assistant' | 'operator' | 'system' | 'tool';
export type TextMessageStatus = 'ok' | 'failed';

/** Partitioned by month on created_at. */
export interface TextConversationMessagesTable {
  id: string;
  conversation_id: string;
  sequence: number;
  role: TextMessageRole;
  content: string;
  node_id: string | null;
  turn_number: number | null;
  status: Generated<TextMessageStatus>;
  created_at: Generated<Timestamp>;
  /** Who wrote an operator message (the key's name). */
  author_name: Generated<string | null>;
  /** A `tool` message's call: {tool, arguments, status, duration_ms, result?, error?}; null on every other message. */
  tool_call: NullableJsonb<JsonObject>;
  /**
   * On the agent's message that answered from knowledge: the passages it cited, `[{n, document_id,
   * title, url?, chunk_id}]` (`[]`: none); null on every other message (docs/workflow.md "Answers
   * from knowledge in the transcript").
   */
  citations: NullableJsonb<JsonValue[]>;
  /**
   * On a message in the platform's own words to a visitor: their code, which the pages translate
   * (`nobody_available`, `budget_exhausted` …; docs/public-chat-api.md "Notices"); null on every other message.
   */
  notice: Generated<string | null>;
}

/** Partitioned by month on created_at. */
export interface TextConversationTransitionsTable {
  id: Generated<string>;
  conversation_id: string;
  turn_number: number;
  sequence: number;
  from_node: string;
  from_node_name: string | null;
  to_node: string;
  to_node_name: string | null;
  condition: string | null;
  created_at: Generated<Timestamp>;
}

export interface TextConversationVariablesTable {
  conversation_id: string;
  name: string;
  value: string;
  turn_number: number;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TextConversationTurnsTable {
  conversation_id: string;
  turn_number: number;
  idempotency_key: string | null;
  user_message_id: string;
  /** The exact API response of the turn, replayed for a retry with the same idempotency key. */
  response: Jsonb<JsonObject>;
  created_at: Generated<Timestamp>;
}

export type EscalationStateColumn = 'waiting' | 'assigned' | 'claimed' | 'released' | 'closed';

/** A conversation handed to a person (sessions service). */
export interface EscalationsTable {
  /** `esc_…` */
  id: string;
  tenant_id: string;
  conversation_id: string;
  agent_id: string;
  reason: string;
  metadata: Generated<Jsonb<JsonObject>>;
  /** Who asked: the visitor, a backend through the Text Chat API, or a handoff node. */
  source: 'visitor' | 'api' | 'workflow';
  state: Generated<EscalationStateColumn>;
  operator_key_id: string | null;
  operator_name: string | null;
  created_at: Generated<Timestamp>;
  claimed_at: Timestamp | null;
  released_at: Timestamp | null;
  closed_at: Timestamp | null;
  /** When the tenant's operator address was told that it waits (once). */
  notified_at: Timestamp | null;
  updated_at: Generated<Timestamp>;
  /** The team it waits for (`team_…`); null: the tenant's queue. */
  team_id: Generated<string | null>;
  /** When its team was settled: routing offers it to nobody before (or before it is 30 s old, should that never come). */
  routed_at: Generated<Timestamp | null>;
  /** When it was last offered to an operator (state `assigned`). */
  assigned_at: Generated<Timestamp | null>;
  /** An operator's first message in it. */
  first_response_at: Generated<Timestamp | null>;
  /** The visitor's address for answers by mail (a message left offline); erased with the conversation. */
  offline_email: Generated<string | null>;
}

/** A tenant's operators grouped (sessions service): escalations routed to a team go to its members. */
export interface TeamsTable {
  /** `team_…` */
  id: string;
  tenant_id: string;
  name: string;
  /** `{timezone, weekly: {mon: [["09:00","17:00"]], …}, holidays: ["2026-12-25"]}`; null: always open. */
  hours: NullableJsonb<{
    timezone: string;
    weekly: Partial<Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', [string, string][]>>;
    holidays: string[];
  }>;
  /** At most this many assigned and claimed conversations per operator; null: no cap. */
  max_open_per_operator: number | null;
  /** Every operator of the tenant reads its escalations, not only its members (docs/management-api.md "Roles"). */
  open_to_all_operators: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export interface TeamMembersTable {
  team_id: string;
  member_id: string;
  tenant_id: string;
}

/** Every offer of an escalation to an operator and how it ended: operator analytics read it. */
export interface EscalationAssignmentsTable {
  id: Generated<string>;
  tenant_id: string;
  escalation_id: string;
  member_id: string;
  member_name: string;
  team_id: string | null;
  assigned_at: Timestamp;
  ended_at: Timestamp | null;
  outcome: 'accepted' | 'missed' | 'transferred' | 'withdrawn' | null;
  /** A transfer's note, as rows before escalation_transfers kept it; no longer written (erasure and retention clear it). */
  note: string | null;
}

/** A conversation handed on by its operator: to a colleague or a team's queue, names as they were then. */
export interface EscalationTransfersTable {
  id: Generated<string>;
  tenant_id: string;
  escalation_id: string;
  conversation_id: string;
  from_name: string | null;
  to_name: string | null;
  to_team_name: string | null;
  /** The note for the operators; never shown to the visitor. */
  note: string | null;
  created_at: Generated<Timestamp>;
}

/**
 * An operator's internal note on an escalated conversation (docs/escalation.md "The inbox"): for
 * the operators only, never shown to the visitor; gone with the conversation's messages.
 */
export interface ConversationNotesTable {
  /** `note_…` */
  id: string;
  tenant_id: string;
  conversation_id: string;
  escalation_id: string;
  /** The member's or key's id (null: the platform admin key). */
  author_id: string | null;
  /** The operator's name as it was then. */
  author_name: string;
  text: string;
  created_at: Generated<Timestamp>;
}

/** When an operator (a member's or key's id, or `admin`) last read a conversation: its unread count starts there. */
export interface ConversationReadsTable {
  conversation_id: string;
  reader_id: string;
  tenant_id: string;
  read_at: Generated<Timestamp>;
}

/** A reply an operator inserts by its shortcut: the tenant's (member_id null) or a member's own. */
export interface CannedRepliesTable {
  /** `cr_…` */
  id: string;
  tenant_id: string;
  member_id: string | null;
  shortcut: string;
  content: string;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** A visitor's thumb on one agent's or operator's message, one per message: a later one replaces it (sessions service). */
export interface MessageFeedbackTable {
  conversation_id: string;
  message_id: string;
  tenant_id: string;
  rating: 'up' | 'down';
  comment: string | null;
  created_at: Generated<Timestamp>;
  /** When the rating now kept was given: what analytics counted it at. */
  updated_at: Generated<Timestamp>;
}

/** A visitor's 1–5 score of a conversation, one per conversation: a later one replaces it (sessions service). */
export interface ConversationRatingsTable {
  conversation_id: string;
  tenant_id: string;
  score: number;
  comment: string | null;
  created_at: Generated<Timestamp>;
  /** When the score now kept was given: what analytics counted it at. */
  updated_at: Generated<Timestamp>;
}

/** The audit log (links service): append-only, each entry chained to the one before by its hash. */
export interface AuditEntriesTable {
  seq: string;
  /** `aud_…` */
  id: string;
  event_id: string;
  at: Timestamp;
  tenant_id: string | null;
  /** `id`: the key's or member's (entries written before it have `key_id` only). */
  actor: Jsonb<{ kind: 'admin' | 'key' | 'member' | 'mcp' | 'system'; id?: string | null; key_id: string | null; name: string | null }>;
  action: string;
  target_kind: string;
  target_id: string | null;
  ip: string | null;
  details: Generated<Jsonb<JsonObject>>;
  prev_hash: string;
  hash: string;
}

/** How far the audit chain's plain SHA-256 entries go (written before it was keyed); one row, append-only. */
export interface AuditLegacyPrefixTable {
  last_seq: string;
}

export interface DB {
  tenants: TenantsTable;
  tenant_api_keys: TenantApiKeysTable;
  chat_api_secrets: ChatApiSecretsTable;
  tenant_secrets: TenantSecretsTable;
  members: MembersTable;
  console_sessions: ConsoleSessionsTable;
  agents: AgentsTable;
  agent_versions: AgentVersionsTable;
  agent_tests: AgentTestsTable;
  agent_test_runs: AgentTestRunsTable;
  text_conversations: TextConversationsTable;
  text_conversation_messages: TextConversationMessagesTable;
  text_conversation_transitions: TextConversationTransitionsTable;
  text_conversation_variables: TextConversationVariablesTable;
  text_conversation_turns: TextConversationTurnsTable;
  cleanup_job_runs: CleanupJobRunsTable;
  public_links: PublicLinksTable;
  link_session_counts: LinkSessionCountsTable;
  email_verifications: EmailVerificationsTable;
  security_events: SecurityEventsTable;
  visitor_memories: VisitorMemoriesTable;
  visitor_memory_messages: VisitorMemoryMessagesTable;
  resumed_credentials: ResumedCredentialsTable;
  escalations: EscalationsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  escalation_assignments: EscalationAssignmentsTable;
  escalation_transfers: EscalationTransfersTable;
  conversation_notes: ConversationNotesTable;
  conversation_reads: ConversationReadsTable;
  canned_replies: CannedRepliesTable;
  message_feedback: MessageFeedbackTable;
  conversation_ratings: ConversationRatingsTable;
  audit_entries: AuditEntriesTable;
  audit_legacy_prefix: AuditLegacyPrefixTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_delivery_attempts: WebhookDeliveryAttemptsTable;
  analytics_hourly: AnalyticsHourlyTable;
  analytics_visitors: AnalyticsVisitorsTable;
  analytics_countries: AnalyticsCountriesTable;
  analytics_applied: AnalyticsAppliedTable;
  link_templates: LinkTemplatesTable;
  link_deliveries: LinkDeliveriesTable;
  link_schedules: LinkSchedulesTable;
  link_schedule_runs: LinkScheduleRunsTable;
  uploads: UploadsTable;
  unfinished_uploads: UnfinishedUploadsTable;
  token_usage_daily: TokenUsageDailyTable;
  event_outbox: EventOutboxTable;
  knowledge_gaps: KnowledgeGapsTable;
  turn_traces: TurnTracesTable;
  knowledge_bases: KnowledgeBasesTable;
  knowledge_documents: KnowledgeDocumentsTable;
  knowledge_chunks: KnowledgeChunksTable;
  knowledge_terms: KnowledgeTermsTable;
}

/** A visitor's file (sessions service): its bytes are in the upload store under storage_key. */
export interface UploadsTable {
  /** `upl_…` */
  id: string;
  conversation_id: string;
  tenant_id: string;
  /** The file's name as the visitor's browser gave it (cleaned); shown, never used as a path. */
  name: string;
  /** The type judged from the file's bytes. */
  type: string;
  bytes: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  /** `<tenant>/<session id>/<upload id>` in the upload store. */
  storage_key: string;
  /** The message that carries it; null until one does. */
  message_id: string | null;
  created_at: Generated<Timestamp>;
}

/**
 * A file on its way into the upload store (sessions service): named before its first byte is
 * stored, gone once it is recorded in `uploads`. One left behind by a gateway that died is swept
 * with its file.
 */
export interface UnfinishedUploadsTable {
  /** `upl_…`, the id it will have in `uploads`. */
  id: string;
  tenant_id: string;
  conversation_id: string;
  storage_key: string;
  started_at: Generated<Timestamp>;
}

/** A tenant's webhook (links service). */
export interface WebhooksTable {
  /** `whk_…` */
  id: string;
  tenant_id: string;
  url: string;
  events: string[];
  format: 'standard' | 'slack' | 'teams';
  /**
   * The `whsec_…` signing secret, sealed under SECRETS_KEY and bound to this row: `sealed1.` +
   * base64url of SecretBox's bytes (services/links/src/sealing/sealed-text.ts). A value without the
   * prefix was written in clear by an earlier version; the links service seals it at its next start.
   */
  secret: string;
  created_at: Generated<Timestamp>;
}

export type WebhookDeliveryState = 'pending' | 'succeeded' | 'failed';

/** One event for one webhook; while pending, also its place in the retry queue. */
export interface WebhookDeliveriesTable {
  /** `whd_…`, sent as `webhook-id` on every attempt. */
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  /** The exact bytes every attempt sends. */
  body: string;
  state: Generated<WebhookDeliveryState>;
  /** Attempts started (claims); the claim's fencing number. */
  attempts: Generated<number>;
  /** When the next attempt is due; null once finished. */
  next_attempt_at: Timestamp | null;
  /** Held by a replica attempting it until then. */
  leased_until: Timestamp | null;
  created_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
  /** When the body was replaced by the erased marker (a visitor's erasure, or retention); null: as rendered. */
  body_erased_at: Generated<Timestamp | null>;
}

export interface WebhookDeliveryAttemptsTable {
  delivery_id: string;
  attempt: number;
  status: 'succeeded' | 'failed';
  response_code: number | null;
  error: string | null;
  started_at: Timestamp;
  /** Null for an attempt whose process stopped before it had an answer. */
  duration_ms: number | null;
}

/** A visitor's email verification code for a link: one live code per (link, email). */
export interface EmailVerificationsTable {
  link_id: string;
  /** Lower-cased. */
  email: string;
  /** Hex SHA-256 of link, email and code; the code itself is never stored. */
  code_hash: string;
  expires_at: Timestamp;
  attempts: Generated<number>;
  /** Set when the right code was given: a code starts one session. */
  consumed_at: Timestamp | null;
  /** Codes sent in the window that began at `window_started_at` (the resend limit). */
  sends: Generated<number>;
  window_started_at: Generated<Timestamp>;
  created_at: Generated<Timestamp>;
}

/** A credential handed out by reopening a conversation (the one it started with is on the conversation). */
export interface ResumedCredentialsTable {
  /** Hex SHA-256 of the credential; the credential itself is never stored. */
  credential_hash: string;
  conversation_id: string;
  created_at: Generated<Timestamp>;
}

/** What an agent remembers about a verified or signed-in visitor (memory service). */
export interface VisitorMemoriesTable {
  agent_id: string;
  /** `email:<lower-cased email>` or `user:<identity realm>:<user id>`. */
  visitor: string;
  tenant_id: string;
  /** A signed-in user's plain id (any realm), so a tenant finds their memories by it; null for emails. */
  user_id: Generated<string | null>;
  /** The latest summary; null until the first one is made. */
  summary: string | null;
  messages_counted: Generated<number>;
  /** Lease of the replica asking the LLM for a summary; null or past: nobody is. */
  summarising_until: Timestamp | null;
  summarised_at: Timestamp | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** A message counted into a visitor's memory, once per id; `summarised_at` null: not summarised yet. */
export interface VisitorMemoryMessagesTable {
  agent_id: string;
  /** As in visitor_memories. */
  visitor: string;
  message_id: string;
  conversation_id: string;
  role: string;
  sent_at: Timestamp;
  counted_at: Generated<Timestamp>;
  summarised_at: Timestamp | null;
}

/** A tenant's knowledge base (memory service, docs/knowledge.md). */
export interface KnowledgeBasesTable {
  /** `kb_…` */
  id: string;
  tenant_id: string;
  /** Unique in the tenant; prompt nodes name a base by it or by its id. */
  name: string;
  /** The PostgreSQL text search configuration its chunks are indexed and searched in. */
  language: Generated<string>;
  /** The lowest fused score (0–1) a passage needs to count as a match. */
  threshold: Generated<number>;
  /** One more on every statement that writes its chunks (by triggers): what a search's index in memory was read at. */
  generation: Generated<string>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** A document of a knowledge base: unique by title, and by URL, in its base (a new one of either replaces it). */
export interface KnowledgeDocumentsTable {
  /** `doc_…` */
  id: string;
  base_id: string;
  tenant_id: string;
  title: string;
  /** The URL it was fetched from; null for text and files. */
  url: string | null;
  /** What it was read as; null until a URL's answer says. */
  media_type: string | null;
  status: Generated<'processing' | 'ready' | 'failed'>;
  /** Why its last ingestion failed. */
  error: string | null;
  /** Its chunks retrieval searches (those of the version before, while a replacement is processed). */
  chunks: Generated<number>;
  /** The words of those chunks (the sum of their `words`): their base's average chunk length is read from it. */
  words: Generated<number>;
  /** Where its content is: the contract's knowledgeSource (text, an upload-store key, a URL). */
  source: Jsonb<JsonObject>;
  /** The model its chunks' embeddings were made with; null: none were made. */
  embedding_model: string | null;
  /** One more each time the document is replaced; with `attempts`, fences the ingestion's write. */
  revision: Generated<number>;
  /** Claims of this revision by an ingestion worker. */
  attempts: Generated<number>;
  /** A worker's lease; null or past: nobody is reading it. */
  claimed_until: Timestamp | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** A passage of a document, as retrieval finds it. */
export interface KnowledgeChunksTable {
  /** `chk_…` */
  id: string;
  document_id: string;
  base_id: string;
  tenant_id: string;
  /** Its place in the document, from 0. */
  position: number;
  heading: string | null;
  text: string;
  /** Computed at insert in the base's language, from the heading and the text. */
  tsv: string;
  /** The words `tsv` indexes (every position of every lexeme), generated from it: the chunk's length for BM25. */
  words: GeneratedAlways<number>;
  /** Its embedding from the document's `embedding_model`; null without one. */
  embedding: number[] | null;
}

/**
 * A visitor's question that found no passage in the knowledge bases its prompt node searched
 * (sessions service, docs/workflow.md "Answers from knowledge in the transcript"); written with
 * the turn, removed with the conversation's messages (retention, erasure).
 */
export interface KnowledgeGapsTable {
  id: Generated<string>;
  tenant_id: string;
  agent_id: string;
  agent_version: number;
  conversation_id: string;
  question: string;
  /** The bases the node searched, as its config names them (ids or names). */
  bases: string[];
  created_at: Generated<Timestamp>;
}

/** A committed turn's trace (sessions service, docs/workflow.md "Traces"): kept, exported and erased with the transcript. */
export interface TurnTracesTable {
  conversation_id: string;
  turn_number: number;
  tenant_id: string;
  agent_id: string;
  agent_version: number;
  link_id: string | null;
  /** Where the turn started, then each transition's target. */
  node_path: string[];
  /** [{model, prompt_tokens, completion_tokens, latency_ms, cost?}], cost in USD at the prices of the commit. */
  llm_calls: Jsonb<JsonValue[]>;
  /** [{chunk_id, score}], or null when no knowledge node retrieved. */
  retrieval: NullableJsonb<JsonValue[]>;
  /** The sum of the priced calls' cost in USD; null when none was priced. */
  cost_usd: number | null;
  created_at: Generated<Timestamp>;
}

/** How many chunks of a base each lexeme is in: the weight of a question's words (memory service, docs/knowledge.md). */
export interface KnowledgeTermsTable {
  base_id: string;
  lexeme: string;
  chunks: number;
}

/** A refusal at the public edge, for analytics. No IP address. */
/** Analytics counters per (agent, link, agent version, UTC hour); link_id '' is the agent's Text Chat API (links service). */
export interface AnalyticsHourlyTable {
  tenant_id: string;
  agent_id: string;
  link_id: string;
  /** The agent version the conversations ran on; 0: not recorded (rows from before versions were counted). */
  agent_version: Generated<number>;
  hour: Timestamp;
  /** Conversations resolved in the hour (a resolution taken back is subtracted from its own hour). */
  sessions_resolved: Generated<number>;
  sessions_started: Generated<number>;
  sessions_completed: Generated<number>;
  sessions_abandoned: Generated<number>;
  sessions_expired: Generated<number>;
  sessions_escalated: Generated<number>;
  messages_user: Generated<number>;
  messages_assistant: Generated<number>;
  messages_operator: Generated<number>;
  refused_rate_limited: Generated<number>;
  refused_quota_exceeded: Generated<number>;
  refused_forbidden_origin: Generated<number>;
  refused_forbidden_ip: Generated<number>;
  refused_invalid_token: Generated<number>;
  refused_verification_failed: Generated<number>;
  refused_passcode_lockout: Generated<number>;
  refused_verification_lockout: Generated<number>;
  /** Visitors' thumbs on messages given in the hour (a replaced one is taken back from its own hour). */
  feedback_up: Generated<number>;
  feedback_down: Generated<number>;
  /** Sum and count of the conversation scores (1–5) given in the hour: an average over any window. */
  csat_sum: Generated<number>;
  csat_responses: Generated<number>;
  refused_content_blocked: Generated<number>;
  refused_content_redacted: Generated<number>;
  refused_content_flagged: Generated<number>;
  refused_country: Generated<number>;
  refused_budget_exhausted: Generated<number>;
  refused_challenge_failed: Generated<number>;
  /** LLM tokens the hour's turns spent, as the LLM reported them. */
  tokens_prompt: Generated<number>;
  tokens_completion: Generated<number>;
  /** Conversations that ended in the hour by their sentiment, and the sum of their scores (-1 … 1). */
  sentiment_positive: Generated<number>;
  sentiment_neutral: Generated<number>;
  sentiment_negative: Generated<number>;
  sentiment_sum: Generated<number>;
  /** Fixed-bucket histograms (bounds in the links service's analytics/histogram.ts). */
  response_hist: Generated<number[]>;
  session_hist: Generated<number[]>;
}

/** One visitor (a daily-salted hash, never an address) of a link on a UTC day. */
export interface AnalyticsVisitorsTable {
  agent_id: string;
  link_id: string;
  day: Timestamp;
  visitor_hash: string;
  verified: Generated<boolean>;
}

export interface AnalyticsCountriesTable {
  agent_id: string;
  link_id: string;
  day: Timestamp;
  country: string;
  sessions: Generated<number>;
}

/** An event kept with the commit that caused it until the event stream has it (see the event_outbox migration). */
export interface EventOutboxTable {
  id: string;
  /** The event's catalog name. */
  name: string;
  payload: unknown;
  conversation_id: string | null;
  created_at: Generated<Timestamp>;
}

/** Keys of the events the analytics consumer applied: a redelivery is recognised and skipped. */
export interface AnalyticsAppliedTable {
  event_key: string;
  applied_at: Generated<Timestamp>;
}

export interface SecurityEventsTable {
  /** The event's own id: a redelivered event is stored once. */
  id: string;
  kind: string;
  tenant_id: string | null;
  link_id: string | null;
  occurred_at: Timestamp;
  /** How many alike refusals the event stands for (a tallied event's count, else 1). */
  count: Generated<number>;
  stored_at: Generated<Timestamp>;
}

/** A public chat link. Soft-deleted: a deleted link's conversations keep their reference. */
export interface PublicLinksTable {
  /** `lnk_…` */
  id: string;
  tenant_id: string;
  agent_id: string;
  /** Hex SHA-256 of the token; the token itself is never stored. */
  token_hash: string;
  title: string;
  description: string | null;
  welcome_message: string | null;
  expires_at: Timestamp | null;
  max_sessions: number | null;
  max_messages_per_session: number | null;
  session_timeout_minutes: number;
  rate_limit_per_minute: number;
  require_email_verification: Generated<boolean>;
  allowed_origins: Generated<string[]>;
  ip_allow: Generated<string[]>;
  ip_deny: Generated<string[]>;
  /** `scrypt$N$r$p$salt$hash`; null: no passcode. */
  passcode_hash: string | null;
  require_identity: Generated<boolean>;
  /**
   * The HMAC key of host sites' user hashes and tokens (it must be read back to check one), sealed
   * under SECRETS_KEY and bound to this link like webhooks.secret (`sealed1.…`; one in clear from an
   * earlier version is sealed at the links service's next start); null: none made.
   */
  identity_secret: Generated<string | null>;
  /** Whose users the secret signs: made with the first secret, kept when it is rotated; null: none made. */
  identity_realm: Generated<string | null>;
  /** Refuses the unexpiring `user_hash` form: only a signed token with an expiry binds a user. */
  identity_token_required: Generated<boolean>;
  active: Generated<boolean>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
  deleted_at: Timestamp | null;
  /** The expiry last announced (`link.closed`, link_expired); differs from expires_at until it is. */
  expiry_announced_for: Generated<Timestamp | null>;
  /** Days the link's ended conversations keep their messages; null: RETENTION_DAYS. */
  retention_days: Generated<number | null>;
  /** What every session on the link starts with in collected_data. */
  variables: Generated<Jsonb<Record<string, string>>>;
  /** `{enabled, max_bytes, types}`; null: visitors attach nothing. */
  uploads: NullableJsonb<{ enabled: boolean; max_bytes: number; types: string[] }>;
  /** `{brand_color?, logo_url?, avatar_url?, mode}`; null: the platform's look. */
  theme: NullableJsonb<{ brand_color?: string | undefined; logo_url?: string | undefined; avatar_url?: string | undefined; mode: 'light' | 'dark' | 'auto' }>;
  /** A BCP 47 tag; null: the visitor's browser language. */
  locale: Generated<string | null>;
  /** `{block_patterns, pii, moderation, prompt_injection}`; null: the agent's rules. */
  content_rules: NullableJsonb<{
    block_patterns: string[];
    pii: 'allow' | 'redact' | 'block';
    moderation: 'off' | 'flag' | 'block';
    prompt_injection: 'off' | 'flag' | 'block';
  }>;
  /** ISO 3166-1 alpha-2 codes, upper case. */
  country_allow: Generated<string[]>;
  country_deny: Generated<string[]>;
  /** rate_limit_per_minute counts per session; on an adaptive link it is the link's own ceiling instead. */
  rate_limit_adaptive: Generated<boolean>;
  /** A cap on the messages of all the link's sessions together per minute; null: none. */
  rate_limit_per_link_per_minute: Generated<number | null>;
  /** `{tokens_per_day?, tokens_per_visitor_per_day?}`; null: no budget. */
  budget: NullableJsonb<{ tokens_per_day?: number | undefined; tokens_per_visitor_per_day?: number | undefined }>;
  budget_exhausted_message: Generated<string | null>;
  /** 'pow': a session's first request carries a solved proof of work. */
  challenge: Generated<'pow' | null>;
  /** The team its escalations go to (`team_…`); null: the tenant's queue. */
  team_id: Generated<string | null>;
  /** `always`, `never` or `after_unanswered:N`: when the visitor is offered a person. */
  offer_person: Generated<string>;
  /** The tenant's operator address gets each conversation's transcript when it ends. */
  transcript_to_tenant: Generated<boolean>;
  /** The agent version every session runs, drafts included; null: the published active one. */
  version: Generated<number | null>;
  /** `[{version, weight}]`: new sessions divided by weight, sticky per visitor; null: no split. */
  split: NullableJsonb<Array<{ version: number; weight: number }>>;
}

/** A tenant's own link template (links service); the built-in ones live in code. */
export interface LinkTemplatesTable {
  tenant_id: string;
  name: string;
  description: string | null;
  settings: Jsonb<JsonObject>;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

export type LinkDeliveryState = 'pending' | 'sent' | 'failed';

/** One sending of a link's URL; while pending, its place in the retry queue. */
export interface LinkDeliveriesTable {
  /** `ldl_…` */
  id: string;
  tenant_id: string;
  link_id: string;
  channel: 'email' | 'slack' | 'teams' | 'sms';
  /** The address, the webhook URL's host, or the phone number (sms). */
  recipient: string;
  /** The rendered message, with the URL; null once the delivery is over. */
  payload: Jsonb<JsonObject> | null;
  state: Generated<LinkDeliveryState>;
  attempts: Generated<number>;
  last_error: string | null;
  /** The HTTP status a webhook or the SMS provider answered the latest attempt with; null without an answer, and for email. */
  response_code: number | null;
  next_attempt_at: Timestamp | null;
  leased_until: Timestamp | null;
  created_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
}

/** A cron that makes and sends links (links service). */
export interface LinkSchedulesTable {
  /** `schd_…` */
  id: string;
  tenant_id: string;
  name: string;
  cron: string;
  timezone: string;
  action: string;
  /** The agent's name within the tenant. */
  agent: string;
  template: string | null;
  settings: Generated<Jsonb<JsonObject>>;
  recipients: Generated<Jsonb<JsonValue[]>>;
  send: Jsonb<JsonObject>;
  public_base_url: string;
  active: Generated<boolean>;
  /** The next slot not yet handled; null while paused. */
  next_run_at: Timestamp | null;
  created_at: Generated<Timestamp>;
  updated_at: Generated<Timestamp>;
}

/** One slot of a schedule: run, caught up, skipped, or run by hand. */
export interface LinkScheduleRunsTable {
  schedule_id: string;
  slot_at: Timestamp;
  trigger: 'schedule' | 'catch_up' | 'manual';
  state: 'running' | 'succeeded' | 'failed' | 'skipped';
  links: Generated<number>;
  sent: Generated<number>;
  errors: Generated<Jsonb<JsonValue[]>>;
  started_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
}

/** Sessions started per link, claimed atomically against max_sessions. */
export interface LinkSessionCountsTable {
  link_id: string;
  started: Generated<number>;
}

/** One row per (scheduled job, time slot): whoever inserts it runs that slot. */
export interface CleanupJobRunsTable {
  job: string;
  slot: number;
  claimed_by: string;
  claimed_at: Generated<Timestamp>;
  finished_at: Timestamp | null;
  outcome: string | null;
}

export type Tenant = Selectable<TenantsTable>;
export type NewTenant = Insertable<TenantsTable>;
export type TenantApiKey = Selectable<TenantApiKeysTable>;
export type NewTenantApiKey = Insertable<TenantApiKeysTable>;
export type Agent = Selectable<AgentsTable>;
export type NewAgent = Insertable<AgentsTable>;
export type AgentUpdate = Updateable<AgentsTable>;
export type AgentVersion = Selectable<AgentVersionsTable>;
export type NewAgentVersion = Insertable<AgentVersionsTable>;
export type TextConversation = Selectable<TextConversationsTable>;
export type NewTextConversation = Insertable<TextConversationsTable>;
export type TextConversationUpdate = Updateable<TextConversationsTable>;
export type TextConversationMessage = Selectable<TextConversationMessagesTable>;
export type NewTextConversationMessage = Insertable<TextConversationMessagesTable>;
export type TextConversationTransition = Selectable<TextConversationTransitionsTable>;
export type NewTextConversationTransition = Insertable<TextConversationTransitionsTable>;
export type TextConversationVariable = Selectable<TextConversationVariablesTable>;
export type NewTextConversationVariable = Insertable<TextConversationVariablesTable>;
export type TextConversationTurn = Selectable<TextConversationTurnsTable>;
export type NewTextConversationTurn = Insertable<TextConversationTurnsTable>;
export type PublicLinkRow = Selectable<PublicLinksTable>;
export type NewPublicLink = Insertable<PublicLinksTable>;
export type PublicLinkUpdate = Updateable<PublicLinksTable>;
