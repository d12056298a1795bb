import { type Citation, turnHistoryLimits } from '@parley/contracts';
import { type DB, PreparedStatements, StatementGroups, type TextConversation } from '@parley/db';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type pg from 'pg';

/** A conversation as statements about it answer: the columns of CONVERSATION_COLUMN_NAMES. */
export type ConversationRow = Pick<TextConversation, (typeof CONVERSATION_COLUMN_NAMES)[number]>;

/** The public side of a conversation: the link and visitor a `link` conversation belongs to. */
export interface ConversationVisitor {
  channel: 'link';
  linkId: string;
  credentialHash: string;
  email: string | null;
  /** The link's session timeout when the session starts: the idle sweep ends the session past it. */
  idleTimeoutSeconds: number;
  /** The daily hash of the address the session started from: an anonymous visitor's per-visitor budget (docs/management-api.md "Cost guards"). */
  visitorHash?: string | null | undefined;
  /** The language of the page it started from, which later mails to the visitor are in (docs/public-chat-api.md "Visitors' language and look"). */
  language?: string | null | undefined;
}

/** A stored message as the public history shows it. */
export interface StoredMessage {
  id: string;
  role: 'user' | 'assistant' | 'operator' | 'system';
  content: string;
  created_at: Date;
  /** The operator's name, on an operator's message. */
  author_name: string | null;
  /** On an agent's answer from knowledge: the passages it cited (docs/workflow.md "Answers from knowledge in the transcript"); null on any other message. */
  citations: Citation[] | null;
  /** On the platform's own words: their code, which the pages translate (docs/public-chat-api.md "Notices"); null on any other message. */
  notice: string | null;
}

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * Where a conversation's stored messages stood: its state_version and message_count, which
 * ConversationStore's statements keep so that two reads with the same tags saw the same history.
 */
export interface HistoryTags {
  stateVersion: number;
  messageCount: number;
}

/**
 * Whether a read takes the conversation's history along: not at all, always, or unless the
 * conversation's messages still stand where the caller's copy was taken (see HistoryCache).
 */
export type HistoryRead = boolean | { unless: HistoryTags };

/** The columns of a ConversationRow, in one place for every statement that answers one. */
export const CONVERSATION_COLUMN_NAMES = [
  'id',
  'session_id',
  'tenant_id',
  'agent_id',
  'agent_version',
  'status',
  'current_node_id',
  'current_node_name',
  'visit_turns',
  'collected_data',
  'total_turns',
  'total_transitions',
  'state_version',
  'message_count',
  'created_at',
  'updated_at',
  'ended_at',
  'channel',
  'link_id',
  'visitor_email',
  'user_messages',
  'escalation_id',
  'user_id',
  'user_realm',
  'visitor_hash',
  'unanswered_turns',
  'offer_person',
  // What a webhook backend receives with each turn (docs/workflow.md "Backends").
  'metadata',
] as const;
const columns = sql.raw(CONVERSATION_COLUMN_NAMES.join(', '));
const qualifiedColumns = sql.raw(CONVERSATION_COLUMN_NAMES.map((column) => `c.${column}`).join(', '));

/** The most conversations one read statement finds; more wait for the next. */
const MAX_READS_PER_STATEMENT = 100;

/** One conversation a turn reads (see ConversationRepository.find). */
interface FindRequest {
  /** Its session id or credential hash. */
  value: string;
  idempotencyKey: string | null;
  withHistory: HistoryRead;
}

const findRequest = (value: string, options: { idempotencyKey?: string | undefined; withHistory?: HistoryRead }): FindRequest => ({
  value,
  idempotencyKey: options.idempotencyKey ?? null,
  withHistory: options.withHistory ?? false,
});

/** What statements answering ConversationRow return, for the other repositories of conversations. */
export { columns as conversationColumns };

/**
 * The conversation's latest messages as a prompt sees them, oldest first, within
 * turnHistoryLimits: the newest 100 at most, then – newest first – only as many as fit the byte
 * budget (counted as JSON text, escapes included, since that is what goes on the bus). Cut here
 * rather than in the service, so what is left out never leaves the database.
 */
function historyOf(conversationId: RawBuilder<unknown>) {
  return sql<HistoryMessage[]>`(
    -- What a person said while the conversation was escalated is the agent's side of it for the model.
    SELECT coalesce(json_agg(json_build_object('role', CASE WHEN role = 'operator' THEN 'assistant' ELSE role END, 'content', content) ORDER BY sequence), '[]'::json)
    FROM (
      SELECT role, content, sequence, sum(octet_length(to_json(content)::text)) OVER (ORDER BY sequence DESC) AS bytes
      FROM (
        SELECT role, content, sequence FROM text_conversation_messages m
        WHERE m.conversation_id = ${conversationId} AND m.status = 'ok' AND m.role IN ('user', 'assistant', 'operator')
        ORDER BY sequence DESC LIMIT ${sql.lit(turnHistoryLimits.messages)}
      ) newest
    ) fitting
    WHERE bytes <= ${sql.lit(turnHistoryLimits.jsonBytes)})`;
}

/**
 * The answer and the message of the turn committed under an Idempotency-Key (see find), as
 * `prior_response`, `prior_content`; both null, and nothing looked up, for a null key.
 */
function priorTurn(idempotencyKey: RawBuilder<unknown>) {
  return sql`CASE WHEN ${idempotencyKey} IS NULL THEN NULL ELSE
      (SELECT response FROM text_conversation_turns t WHERE t.conversation_id = c.id AND t.idempotency_key = ${idempotencyKey}) END AS prior_response,
    CASE WHEN ${idempotencyKey} IS NULL THEN NULL ELSE
      (SELECT m.content FROM text_conversation_turns t
        JOIN text_conversation_messages m ON m.conversation_id = t.conversation_id AND m.id = t.user_message_id
        WHERE t.conversation_id = c.id AND t.idempotency_key = ${idempotencyKey}) END AS prior_content`;
}

/**
 * The reads of a conversation: the one a turn starts from (with its history and the answer kept
 * under an Idempotency-Key, in one prepared statement), its messages and the whole of it. Every
 * write of its state and messages is ConversationStore's (outcomes, transcripts and sentiment write
 * only their own columns).
 */
export class ConversationRepository {
  private readonly prepared: PreparedStatements;

  /** A turn's reads, grouped as its commits are (StatementGroups): those asked while one is under way go together. */
  private readonly bySessionId: StatementGroups<FindRequest, FoundConversation | undefined>;
  private readonly byCredential: StatementGroups<FindRequest, FoundConversation | undefined>;

  constructor(
    private readonly db: Kysely<DB>,
    /** The pool behind `db`: a turn's read runs as a prepared statement on it. */
    pool: pg.Pool,
  ) {
    this.prepared = new PreparedStatements(db, pool);
    this.bySessionId = new StatementGroups((requests) => this.findMany('session_id', requests), { maxGroup: MAX_READS_PER_STATEMENT });
    this.byCredential = new StatementGroups((requests) => this.findMany('credential_hash', requests), { maxGroup: MAX_READS_PER_STATEMENT });
  }

  /**
   * The conversations the requests name by `key`, in one statement: each with the answer and the
   * message of the turn committed under its Idempotency-Key (`prior_response`, `prior_content`)
   * and its history as it asks (see HistoryRead).
   */
  private async findMany(key: 'session_id' | 'credential_hash', requests: FindRequest[]): Promise<Array<FoundConversation | undefined>> {
    if (requests.length === 1) {
      const { value, idempotencyKey, withHistory } = requests[0] as FindRequest;
      return [await this.findWhere(key, value, { idempotencyKey: idempotencyKey ?? undefined, withHistory })];
    }
    const unless = requests.map((r) => (typeof r.withHistory === 'object' ? r.withHistory.unless : null));
    const rows = await this.prepared.run(
      // One statement name per shape: the key column changes the SQL.
      `conversation_find_many_by_${key === 'credential_hash' ? 'credential' : key}`,
      sql<ConversationRow & { request: string; prior_response: unknown; prior_content: string | null; history: HistoryMessage[] | null }>`
      SELECT r.request, ${qualifiedColumns},
        ${priorTurn(sql`r.idempotency_key`)},
        -- CASE runs only the branch it takes: the history is read only where it is asked for and moved on.
        CASE WHEN NOT r.with_history THEN NULL
          WHEN c.state_version = r.kept_version AND c.message_count = r.kept_count THEN NULL
          ELSE ${historyOf(sql`c.id`)} END AS history
      FROM unnest(${requests.map((r) => r.value)}::text[], ${requests.map((r) => r.idempotencyKey)}::text[],
          ${requests.map((r) => r.withHistory !== false)}::bool[], ${unless.map((u) => u?.stateVersion ?? null)}::int[],
          ${unless.map((u) => u?.messageCount ?? null)}::int[])
        WITH ORDINALITY AS r(value, idempotency_key, with_history, kept_version, kept_count, request)
      JOIN text_conversations c ON ${sql.ref(`c.${key}`)} = r.value`,
    );
    const found: Array<FoundConversation | undefined> = requests.map(() => undefined);
    for (const { request, prior_response, prior_content, history, ...conversation } of rows) {
      found[Number(request) - 1] = { conversation, priorResponse: prior_response, priorContent: prior_content, history };
    }
    return found;
  }

  /**
   * The conversation; with `idempotencyKey`, the response (and message) already stored under it; with
   * `withHistory`, its history (see historyOf) read in the same statement.
   */
  find(sessionId: string, options: { idempotencyKey?: string | undefined; withHistory?: HistoryRead } = {}): Promise<FoundConversation | undefined> {
    return this.bySessionId.add(findRequest(sessionId, options));
  }

  /** A conversation by its id (no idempotency or history). */
  async findById(id: string): Promise<ConversationRow | undefined> {
    return (await this.findWhere('id', id, {}))?.conversation;
  }

  /**
   * The language of the visitor's page that mails to them are written in (docs/public-chat-api.md
   * "Visitors' language and look"): read apart from the row, as only those mails need it. Null:
   * none was told (English), or no such conversation.
   */
  async visitorLanguage(id: string): Promise<string | null> {
    const row = await this.db.selectFrom('text_conversations').select('visitor_language').where('id', '=', id).executeTakeFirst();
    return row?.visitor_language ?? null;
  }

  /**
   * A public conversation by the SHA-256 of its visitor's credential (see find): the one it was
   * started with, else one handed out by resuming it (resumed_credentials), looked up only when
   * the first misses, so the usual turn pays no second lookup.
   */
  async findByCredential(
    credentialHash: string,
    options: { idempotencyKey?: string | undefined; withHistory?: HistoryRead } = {},
  ): Promise<FoundConversation | undefined> {
    const found = await this.byCredential.add(findRequest(credentialHash, options));
    if (found) return found;
    const resumed = await this.prepared.run(
      'conversation_resumed_credential',
      sql<{ conversation_id: string }>`SELECT conversation_id FROM resumed_credentials WHERE credential_hash = ${credentialHash}`,
    );
    const conversationId = resumed[0]?.conversation_id;
    return conversationId === undefined ? undefined : this.findWhere('id', conversationId, options);
  }

  /**
   * One conversation, alone: the shape of findMany for a group of one (and the reads by id), which
   * PostgreSQL plans and runs for less.
   */
  private async findWhere(
    key: 'id' | 'session_id' | 'credential_hash',
    value: string,
    options: { idempotencyKey?: string | undefined; withHistory?: HistoryRead },
  ): Promise<FoundConversation | undefined> {
    const { idempotencyKey, withHistory = false } = options;
    // One statement name per shape: the optional parts change the SQL, not just its parameters.
    const historyName = withHistory === false ? '' : withHistory === true ? '_with_history' : '_with_history_unless';
    // PostgreSQL keeps 63 characters of a statement's name: `credential_hash` is named shorter.
    const keyName = key === 'session_id' ? '' : key === 'credential_hash' ? '_by_credential' : `_by_${key}`;
    const name = `conversation_find${keyName}${idempotencyKey === undefined ? '' : '_with_key'}${historyName}`;
    // Unless the messages moved on, the history is not read at all: CASE runs only the branch it takes.
    const historyColumn =
      withHistory === false
        ? sql`NULL::json`
        : withHistory === true
          ? historyOf(sql`c.id`)
          : sql`CASE WHEN c.state_version = ${withHistory.unless.stateVersion}::int AND c.message_count = ${withHistory.unless.messageCount}::int
              THEN NULL ELSE ${historyOf(sql`c.id`)} END`;
    const rows = await this.prepared.run(
      name,
      sql<ConversationRow & { prior_response: unknown; prior_content: string | null; history: HistoryMessage[] | null }>`
      SELECT ${columns},
        ${idempotencyKey === undefined ? sql`NULL::jsonb AS prior_response, NULL::text AS prior_content` : priorTurn(sql`${idempotencyKey}::text`)},
        ${historyColumn} AS history
      FROM text_conversations c WHERE ${sql.ref(key)} = ${value}`,
    );
    const row = rows[0];
    if (!row) return undefined;
    const { prior_response, prior_content, history, ...conversation } = row;
    return { conversation, priorResponse: prior_response, priorContent: prior_content, history };
  }

  /** The conversation's history alone (see historyOf), for a conversation found without it. */
  async history(conversationId: string): Promise<HistoryMessage[]> {
    const rows = await this.prepared.run(
      'conversation_history',
      sql<{ history: HistoryMessage[] }>`SELECT ${historyOf(sql`${conversationId}::uuid`)} AS history`,
    );
    return rows[0]?.history ?? [];
  }

  /**
   * The conversation's stored messages as its visitor is shown them, oldest first: what was said
   * (a failed turn's message is not among them, nor are the agent's tool calls).
   */
  messages(conversationId: string): Promise<StoredMessage[]> {
    return this.db
      .selectFrom('text_conversation_messages')
      .select(['id', 'role', 'content', 'created_at', 'author_name', 'citations', 'notice'])
      .where('conversation_id', '=', conversationId)
      .where('status', '=', 'ok')
      .where('role', '<>', 'tool')
      .$narrowType<{ role: StoredMessage['role']; citations: StoredMessage['citations'] }>()
      .orderBy('sequence')
      .execute();
  }

  /**
   * Everything kept of a conversation: its row, every stored message (the agent's tool calls with
   * their `tool_call`, answers from knowledge with their `citations`), transition and variable, and
   * the signed-in visitor's name and email (from `metadata.user`, which the hot path never reads).
   */
  async detail(conversationId: string) {
    const conversation = await this.findById(conversationId);
    if (!conversation) return undefined;
    const [messages, transitions, variables, signedUser] = await Promise.all([
      this.db
        .selectFrom('text_conversation_messages')
        .select(['id', 'role', 'content', 'created_at', 'turn_number', 'node_id', 'author_name', 'tool_call', 'citations'])
        .where('conversation_id', '=', conversationId)
        .where('status', '=', 'ok')
        .$narrowType<{ citations: Citation[] | null }>()
        .orderBy('sequence')
        .execute(),
      this.db
        .selectFrom('text_conversation_transitions')
        .select(['turn_number', 'from_node', 'from_node_name', 'to_node', 'to_node_name', 'condition'])
        .where('conversation_id', '=', conversationId)
        .orderBy('turn_number')
        .orderBy('sequence')
        .execute(),
      this.db
        .selectFrom('text_conversation_variables')
        .select(['name', 'value', 'turn_number'])
        .where('conversation_id', '=', conversationId)
        .orderBy('turn_number')
        .orderBy('name')
        .execute(),
      this.db
        .selectFrom('text_conversations')
        .select([sql<string | null>`metadata->'user'->>'name'`.as('name'), sql<string | null>`metadata->'user'->>'email'`.as('email')])
        .where('id', '=', conversationId)
        .executeTakeFirst(),
    ]);
    return { conversation, messages, transitions, variables, signedUser: signedUser ?? { name: null, email: null } };
  }
}

export interface FoundConversation {
  conversation: ConversationRow;
  /** The answer of the turn committed under the request's Idempotency-Key, if one was. */
  priorResponse: unknown;
  /** What that turn's message said: the same key with other content is another message. */
  priorContent?: string | null;
  /** Null when not asked for, or asked for unless the messages stood still and they did. */
  history: HistoryMessage[] | null;
}
