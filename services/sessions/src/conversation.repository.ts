import { type TransitionInfo, turnHistoryLimits } from '@parley/contracts';
import type { DB, TextConversation } from '@parley/db';
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
}

/** A stored message as the public history shows it. */
export interface StoredMessage {
  id: string;
  role: 'user' | 'assistant' | 'operator' | 'system';
  content: string;
  created_at: Date;
  /** The operator's name, on an operator's message. */
  author_name: string | null;
}

export interface HistoryMessage {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * Where a conversation's stored messages stood. Every statement that stores a message raises
 * message_count (it numbers the message), and every turn and state change raises state_version;
 * messages are only ever deleted from conversations that have ended, which run no more turns.
 * So two reads with the same tags saw the same history.
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

/** What a committed turn writes; messages are in the order they were said. */
export interface TurnWrite {
  conversationId: string;
  expectedStateVersion: number;
  turnNumber: number;
  nodeId: string;
  nodeName: string | null;
  visitTurns: number;
  collectedData: Record<string, string>;
  status: 'active' | 'completed' | 'error';
  messages: Array<{ id: string; role: 'user' | 'assistant'; content: string; nodeId: string | null }>;
  transitions: TransitionInfo[];
  extracted: Record<string, string> | null;
  idempotencyKey: string | null;
  userMessageId: string | null;
  response: unknown;
  /** A handoff node was entered: the escalation opened by the same statement. */
  escalation: { id: string; reason: string } | null;
}

/** The columns of a ConversationRow, in one place for every statement that answers one. */
export const CONVERSATION_COLUMN_NAMES = [
  'id', 'session_id', 'tenant_id', 'agent_id', 'agent_version', 'status', 'current_node_id', 'current_node_name',
  'visit_turns', 'collected_data', 'total_turns', 'total_transitions', 'state_version', 'message_count', 'created_at', 'updated_at', 'ended_at',
  'channel', 'link_id', 'visitor_email', 'user_messages', 'escalation_id', 'user_id',
  'user_realm',
] as const;
const columns = sql.raw(CONVERSATION_COLUMN_NAMES.join(', '));
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

/** The answer and the message of the turn committed under an Idempotency-Key (see find), as `prior_response`, `prior_content`. */
function priorTurn(idempotencyKey: string) {
  return sql`(SELECT response FROM text_conversation_turns t WHERE t.conversation_id = c.id AND t.idempotency_key = ${idempotencyKey}) AS prior_response,
    (SELECT m.content FROM text_conversation_turns t
      JOIN text_conversation_messages m ON m.conversation_id = t.conversation_id AND m.id = t.user_message_id
      WHERE t.conversation_id = c.id AND t.idempotency_key = ${idempotencyKey}) AS prior_content`;
}

function messageArrays(messages: TurnWrite['messages']) {
  return {
    ids: messages.map((m) => m.id),
    roles: messages.map((m) => m.role),
    contents: messages.map((m) => m.content),
    nodes: messages.map((m) => m.nodeId),
  };
}

function transitionArrays(transitions: TransitionInfo[]) {
  return {
    from: transitions.map((t) => t.from_node),
    fromName: transitions.map((t) => t.from_node_name),
    to: transitions.map((t) => t.to_node),
    toName: transitions.map((t) => t.to_node_name),
    condition: transitions.map((t) => t.condition),
  };
}

/**
 * SQL for Text Chat conversations. A turn is committed by ONE statement (a chain of
 * data-modifying CTEs): the conversation's new state, its messages, transitions, variables and
 * the stored response land together or not at all, and the state_version check makes a turn
 * computed from a stale state commit nothing.
 */
export class ConversationRepository {
  constructor(
    private readonly db: Kysely<DB>,
    /** The pool behind `db`, for the per-turn statements run as named prepared statements. */
    private readonly pool: pg.Pool,
  ) {}

  /**
   * Runs a statement of constant shape as a named prepared statement: PostgreSQL plans it once
   * per connection instead of on every turn (planning the commit cost as much as running it).
   */
  private async prepared<R>(name: string, query: RawBuilder<R>): Promise<R[]> {
    // A longer name is cut to 63 characters by PostgreSQL, and two statements could share one.
    if (name.length > 63) throw new Error(`prepared statement name longer than 63 characters: ${name}`);
    const compiled = query.compile(this.db);
    const result = await this.pool.query({ name, text: compiled.sql, values: compiled.parameters as unknown[] });
    return result.rows as R[];
  }

  /**
   * The conversation; with `idempotencyKey`, the response (and message) already stored under it; with
   * `withHistory`, its history (see historyOf) read in the same statement.
   */
  find(sessionId: string, options: { idempotencyKey?: string | undefined; withHistory?: HistoryRead } = {}): Promise<FoundConversation | undefined> {
    return this.findWhere('session_id', sessionId, options);
  }

  /** A conversation by its id (no idempotency or history). */
  async findById(id: string): Promise<ConversationRow | undefined> {
    return (await this.findWhere('id', id, {}))?.conversation;
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
    const found = await this.findWhere('credential_hash', credentialHash, options);
    if (found) return found;
    const resumed = await this.prepared(
      'conversation_resumed_credential',
      sql<{ conversation_id: string }>`SELECT conversation_id FROM resumed_credentials WHERE credential_hash = ${credentialHash}`,
    );
    const conversationId = resumed[0]?.conversation_id;
    return conversationId === undefined ? undefined : this.findWhere('id', conversationId, options);
  }

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
    const rows = await this.prepared(
      name,
      sql<ConversationRow & { prior_response: unknown; prior_content: string | null; history: HistoryMessage[] | null }>`
      SELECT ${columns},
        ${idempotencyKey === undefined ? sql`NULL::jsonb AS prior_response, NULL::text AS prior_content` : priorTurn(idempotencyKey)},
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
    const rows = await this.prepared('conversation_history', sql<{ history: HistoryMessage[] }>`SELECT ${historyOf(sql`${conversationId}::uuid`)} AS history`);
    return rows[0]?.history ?? [];
  }

  /** Creates the conversation with what session start said and the transitions it followed. */
  async create(values: {
    id: string;
    sessionId: string;
    tenantId: string;
    agentId: string;
    agentVersion: number;
    isActiveVersion: boolean;
    status: 'active' | 'completed' | 'error';
    nodeId: string;
    nodeName: string | null;
    collectedData: Record<string, string>;
    metadata: Record<string, unknown>;
    messages: TurnWrite['messages'];
    transitions: TransitionInfo[];
    /** Absent for a Text Chat API conversation. */
    visitor?: ConversationVisitor | undefined;
    /** Whose conversation: `metadata.user_id` of a Text Chat API session, a visitor's signed-in user. */
    userId?: string | null | undefined;
    /** A visitor's signed-in user's identity realm (their link's); null for the Text Chat API. */
    userRealm?: string | null | undefined;
  }): Promise<{ createdAt: Date; tags: HistoryTags }> {
    const v = values.visitor;
    const m = messageArrays(values.messages);
    const t = transitionArrays(values.transitions);
    const result = await sql<{ created_at: Date; state_version: number; message_count: number }>`
      WITH conv AS (
        INSERT INTO text_conversations (id, session_id, tenant_id, agent_id, agent_version, is_active_version, status,
          current_node_id, current_node_name, collected_data, metadata, total_transitions, message_count, ended_at,
          channel, link_id, credential_hash, visitor_email, idle_timeout_seconds, user_id, user_realm)
        VALUES (${values.id}, ${values.sessionId}, ${values.tenantId}, ${values.agentId}, ${values.agentVersion},
          ${values.isActiveVersion}, ${values.status}, ${values.nodeId}, ${values.nodeName},
          ${JSON.stringify(values.collectedData)}::jsonb, ${JSON.stringify(values.metadata)}::jsonb,
          ${values.transitions.length}, ${values.messages.length},
          CASE WHEN ${values.status} = 'active' THEN NULL ELSE now() END,
          ${v?.channel ?? 'api'}, ${v?.linkId ?? null}, ${v?.credentialHash ?? null}, ${v?.email ?? null},
          ${v?.idleTimeoutSeconds ?? null}::int, ${values.userId ?? null}::text, ${values.userRealm ?? null}::uuid)
        RETURNING id, created_at, state_version, message_count
      ), msgs AS (
        INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, node_id, turn_number)
        SELECT x.id, conv.id, x.ord::int - 1, x.role, x.content, x.node_id, 0
        FROM conv, unnest(${m.ids}::uuid[], ${m.roles}::text[], ${m.contents}::text[], ${m.nodes}::text[])
          WITH ORDINALITY AS x(id, role, content, node_id, ord)
      ), trs AS (
        INSERT INTO text_conversation_transitions (conversation_id, turn_number, sequence, from_node, from_node_name, to_node, to_node_name, condition)
        SELECT conv.id, 0, x.ord::int, x.f, x.fn, x.t, x.tn, x.c
        FROM conv, unnest(${t.from}::text[], ${t.fromName}::text[], ${t.to}::text[], ${t.toName}::text[], ${t.condition}::text[])
          WITH ORDINALITY AS x(f, fn, t, tn, c, ord)
      )
      SELECT created_at, state_version, message_count FROM conv`.execute(this.db);
    const row = result.rows[0]!;
    return { createdAt: row.created_at, tags: { stateVersion: row.state_version, messageCount: row.message_count } };
  }

  /** Commits a turn; false when the conversation moved on since its state was read. */
  async commitTurn(turn: TurnWrite): Promise<{ committed: true; updatedAt: Date; messageCount: number } | { committed: false }> {
    const m = messageArrays(turn.messages);
    const t = transitionArrays(turn.transitions);
    const rows = await this.prepared(
      'conversation_commit_turn',
      sql<{ updated_at: Date; message_count: number }>`
      WITH upd AS (
        UPDATE text_conversations SET
          current_node_id = ${turn.nodeId}, current_node_name = ${turn.nodeName}, visit_turns = ${turn.visitTurns},
          collected_data = ${JSON.stringify(turn.collectedData)}::jsonb,
          total_turns = total_turns + 1, total_transitions = total_transitions + ${turn.transitions.length},
          state_version = state_version + 1, message_count = message_count + ${turn.messages.length},
          user_messages = user_messages + 1,
          status = ${turn.status}, updated_at = now(),
          ended_at = CASE WHEN ${turn.status} = 'active' THEN NULL ELSE now() END,
          -- The turn ran only because none was open (escalating bumps state_version), so this sets or keeps none.
          escalation_id = ${turn.escalation?.id ?? null}::text
        WHERE id = ${turn.conversationId} AND state_version = ${turn.expectedStateVersion} AND status = 'active'
        RETURNING id, tenant_id, agent_id, message_count, updated_at
      ), esc AS (
        INSERT INTO escalations (id, tenant_id, conversation_id, agent_id, reason, source)
        SELECT ${turn.escalation?.id ?? null}::text, upd.tenant_id, upd.id, upd.agent_id, ${turn.escalation?.reason ?? null}::text, 'workflow'
        FROM upd WHERE ${turn.escalation?.id ?? null}::text IS NOT NULL
      ), msgs AS (
        INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, node_id, turn_number)
        SELECT x.id, upd.id, upd.message_count - ${turn.messages.length} + x.ord::int - 1, x.role, x.content, x.node_id, ${turn.turnNumber}
        FROM upd, unnest(${m.ids}::uuid[], ${m.roles}::text[], ${m.contents}::text[], ${m.nodes}::text[])
          WITH ORDINALITY AS x(id, role, content, node_id, ord)
      ), trs AS (
        INSERT INTO text_conversation_transitions (conversation_id, turn_number, sequence, from_node, from_node_name, to_node, to_node_name, condition)
        SELECT upd.id, ${turn.turnNumber}, x.ord::int, x.f, x.fn, x.t, x.tn, x.c
        FROM upd, unnest(${t.from}::text[], ${t.fromName}::text[], ${t.to}::text[], ${t.toName}::text[], ${t.condition}::text[])
          WITH ORDINALITY AS x(f, fn, t, tn, c, ord)
      ), vars AS (
        INSERT INTO text_conversation_variables (conversation_id, name, value, turn_number)
        SELECT upd.id, v.key, v.value, ${turn.turnNumber}
        FROM upd, jsonb_each_text(${JSON.stringify(turn.extracted ?? {})}::jsonb) AS v
        ON CONFLICT (conversation_id, name) DO UPDATE
          SET value = excluded.value, turn_number = excluded.turn_number, updated_at = now()
      ), stored AS (
        -- Kept only for a turn sent with an Idempotency-Key (or a socket's client_id): its retries answer from here.
        INSERT INTO text_conversation_turns (conversation_id, turn_number, idempotency_key, user_message_id, response)
        SELECT upd.id, ${turn.turnNumber}, ${turn.idempotencyKey}::text, ${turn.userMessageId}, ${JSON.stringify(turn.response)}::jsonb
        FROM upd WHERE ${turn.idempotencyKey}::text IS NOT NULL
      )
      SELECT updated_at, message_count FROM upd`,
    );
    const row = rows[0];
    return row ? { committed: true, updatedAt: row.updated_at, messageCount: row.message_count } : { committed: false };
  }

  /**
   * A visitor's message while the conversation is with a person: stored (and counted against the
   * link's message quota) without a turn. Guarded like a turn: false when the conversation moved
   * on since it was read (released, closed, another message), and the caller reads it again.
   */
  async storeEscalatedMessage(
    conversation: ConversationRow,
    messageId: string,
    content: string,
    replay?: { idempotencyKey: string; response: unknown },
  ): Promise<Date | undefined> {
    // With an Idempotency-Key, the answer is kept beside the turns' so a retry finds it (priorTurn).
    // It is no turn: its row takes the negative of the message's place in the conversation as its
    // number, which no turn has.
    const result = await sql<{ created_at: Date }>`
      WITH upd AS (
        UPDATE text_conversations SET message_count = message_count + 1, user_messages = user_messages + 1,
          state_version = state_version + 1, updated_at = now()
        WHERE id = ${conversation.id} AND state_version = ${conversation.state_version} AND status = 'active'
          AND escalation_id IS NOT NULL
        RETURNING id, message_count, current_node_id
      ),
      replay AS (
        INSERT INTO text_conversation_turns (conversation_id, turn_number, idempotency_key, user_message_id, response)
        SELECT upd.id, -upd.message_count, ${replay?.idempotencyKey ?? null}::text, ${messageId}, ${JSON.stringify(replay?.response ?? null)}::jsonb
        FROM upd WHERE ${replay?.idempotencyKey ?? null}::text IS NOT NULL
      )
      INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, node_id)
      SELECT ${messageId}, upd.id, upd.message_count - 1, 'user', ${content}, upd.current_node_id FROM upd
      RETURNING created_at`.execute(this.db);
    return result.rows[0]?.created_at;
  }

  /**
   * Keeps what the user sent when the turn could not run: the message is stored, marked
   * failed, and nothing else about the conversation changes (it stays where it was).
   */
  async storeFailedMessage(conversationId: string, messageId: string, content: string): Promise<void> {
    await sql`
      WITH upd AS (
        UPDATE text_conversations SET message_count = message_count + 1, updated_at = now()
        WHERE id = ${conversationId}
        RETURNING id, message_count
      )
      INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, status)
      SELECT ${messageId}, upd.id, upd.message_count - 1, 'user', ${content}, 'failed' FROM upd`.execute(this.db);
  }

  /** Ends an active conversation; undefined when there is none active under that id. */
  async end(sessionId: string): Promise<ConversationRow | undefined> {
    const result = await sql<ConversationRow>`
      UPDATE text_conversations SET status = 'completed', ended_at = now(), updated_at = now(), state_version = state_version + 1
      WHERE session_id = ${sessionId} AND status = 'active'
      RETURNING ${columns}`.execute(this.db);
    return result.rows[0];
  }

  /**
   * Marks Text Chat API conversations idle for longer than `idleSeconds` as abandoned. Link
   * conversations have a timeout of their own (SessionCleanupRepository.abandonIdleLinks).
   */
  async abandonIdle(idleSeconds: number): Promise<ConversationRow[]> {
    const result = await sql<ConversationRow>`
      UPDATE text_conversations SET status = 'abandoned', ended_at = now(), state_version = state_version + 1
      WHERE status = 'active' AND link_id IS NULL AND escalation_id IS NULL AND updated_at < now() - make_interval(secs => ${idleSeconds})
      RETURNING ${columns}`.execute(this.db);
    return result.rows;
  }

  /** Ends a conversation that sat idle past its timeout; undefined when it moved on meanwhile. */
  async abandon(conversationId: string, expectedStateVersion: number): Promise<ConversationRow | undefined> {
    const result = await sql<ConversationRow>`
      UPDATE text_conversations SET status = 'abandoned', ended_at = now(), state_version = state_version + 1
      WHERE id = ${conversationId} AND state_version = ${expectedStateVersion} AND status = 'active'
      RETURNING ${columns}`.execute(this.db);
    return result.rows[0];
  }

  /** The conversation's stored messages, oldest first (a failed turn's message is not among them). */
  messages(conversationId: string): Promise<StoredMessage[]> {
    return this.db
      .selectFrom('text_conversation_messages')
      .select(['id', 'role', 'content', 'created_at', 'author_name'])
      .where('conversation_id', '=', conversationId)
      .where('status', '=', 'ok')
      .orderBy('sequence')
      .execute();
  }

  /** A notice in the conversation from the platform itself (role `system`), stored like any message. */
  async addSystemMessage(conversationId: string, messageId: string, content: string): Promise<boolean> {
    const result = await sql`
      WITH upd AS (
        UPDATE text_conversations SET message_count = message_count + 1, updated_at = now()
        WHERE id = ${conversationId} AND status = 'active'
        RETURNING id, message_count, current_node_id
      )
      INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, node_id)
      SELECT ${messageId}, upd.id, upd.message_count - 1, 'system', ${content}, upd.current_node_id FROM upd`.execute(this.db);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  /** The newest `count` stored messages, newest first. */
  lastMessages(conversationId: string, count: number) {
    return this.db
      .selectFrom('text_conversation_messages')
      .select(['id', 'role', 'content', 'created_at'])
      .where('conversation_id', '=', conversationId)
      .where('status', '=', 'ok')
      .orderBy('sequence', 'desc')
      .limit(count)
      .execute();
  }

  /** Everything kept of a conversation: its row, every stored message, transition and variable. */
  async detail(conversationId: string) {
    const conversation = await this.findById(conversationId);
    if (!conversation) return undefined;
    const [messages, transitions, variables] = await Promise.all([
      this.db
        .selectFrom('text_conversation_messages')
        .select(['id', 'role', 'content', 'created_at', 'turn_number', 'node_id', 'author_name'])
        .where('conversation_id', '=', conversationId)
        .where('status', '=', 'ok')
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
    ]);
    return { conversation, messages, transitions, variables };
  }

  /**
   * Claims one of a link's sessions in one statement: the row is created or its count raised only
   * while below `max` (null: no limit), so concurrent starts can never exceed it.
   */
  async claimLinkSession(linkId: string, max: number | null): Promise<boolean> {
    const result = await sql<{ started: number }>`
      INSERT INTO link_session_counts AS c (link_id, started) VALUES (${linkId}, 1)
      ON CONFLICT (link_id) DO UPDATE SET started = c.started + 1
      WHERE ${max}::int IS NULL OR c.started < ${max}::int
      RETURNING started`.execute(this.db);
    return result.rows.length > 0;
  }

  /** Gives back a claimed session that could not be started. */
  async releaseLinkSession(linkId: string): Promise<void> {
    await this.db
      .updateTable('link_session_counts')
      .set((eb) => ({ started: eb('started', '-', 1) }))
      .where('link_id', '=', linkId)
      .where('started', '>', 0)
      .execute();
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
