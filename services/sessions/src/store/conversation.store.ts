import type { MessageNotice } from '@parley/contracts';
import { type DB, PreparedStatements, StatementGroups, type StatementGroupsOptions, type TextConversation } from '@parley/db';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import type { EscalationRow } from '../escalations/escalation.repository.js';
import { actorOf, type Operator } from '../escalations/inbox-operator.js';
import { CONVERSATION_COLUMN_NAMES, type ConversationRow, conversationColumns } from './conversation.repository.js';
import { type ConversationCreate, type CreatedConversation, conversationCreateStatement } from './conversation-create.js';
import { KEPT_EVENT_NAMES, type KeptEvent, keptEventColumns } from './event-outbox.js';
import { conversationColumnsOf, type TurnWrite, turnCommitStatement } from './turn-commit.js';

export type { TurnMessage, TurnWrite } from './turn-commit.js';

/** The most turns (or new conversations) one commit statement carries (see commitTurn); more wait for the next. */
const MAX_TURNS_PER_COMMIT = 100;

/** What a turn's commit answers (see ConversationStore.commitTurn). */
export type TurnCommit = { committed: true; row: ConversationRow } | { committed: false; current?: ConversationRow };

/** What erasure read of a conversation before clearing it: whose it was, to tell the other services. */
export type ErasedRow = Pick<TextConversation, 'id' | 'tenant_id' | 'agent_id' | 'visitor_email' | 'user_id' | 'user_realm' | 'session_id'>;

/** A conversation row that came back as JSON (to_jsonb): its timestamps as dates again. */
function revive(row: ConversationRow): ConversationRow {
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string));
  return { ...row, created_at: date(row.created_at) as Date, updated_at: date(row.updated_at) as Date, ended_at: date(row.ended_at) };
}

/**
 * Every write to a conversation: text_conversations and its messages, transitions, variables and
 * kept answers (and the escalation a statement opens or finishes with its conversation, so the
 * two never disagree). The rules a turn relies on hold because no other statement writes these
 * tables – but for a conversation's own columns of outcomes/resolution.repository.ts (its
 * resolution), transcripts/transcript.repository.ts (the transcript's address, sending and the visitor's language) and
 * conversations/sentiment.repository.ts (its sentiment), never its state, state_version or messages:
 * - every statement that stores a message raises message_count and numbers the message by it;
 * - every turn and every change of state (an end, an escalation opening or finishing, a
 *   reopening, an erasure) raises state_version, and a turn commits only on the state_version it
 *   read, so one computed from an older state commits nothing and is recomputed;
 * - messages are deleted only from conversations that have ended, which run no more turns.
 * So two reads with the same (state_version, message_count) saw the same history (HistoryTags).
 * A turn commits by ONE statement (a chain of data-modifying CTEs): the conversation's new state,
 * its messages, transitions, variables and the answer kept land together or not at all. Longer
 * than a file here usually is: the rules hold only while every write is in it.
 */
export class ConversationStore {
  private readonly prepared: PreparedStatements;

  constructor(
    private readonly db: Kysely<DB>,
    /** The pool behind `db`: a turn's commit runs as a prepared statement on it. */
    pool: pg.Pool,
    /** Told how many turns each commit statement carried, how long it took and how long each turn waited for it (see commitTurn). */
    commitsObserved: Pick<StatementGroupsOptions<TurnCommit>, 'onGroup' | 'onStatement'> = {},
  ) {
    this.prepared = new PreparedStatements(db, pool);
    this.turnCommits = new StatementGroups((turns) => this.commitTurns(turns), {
      maxGroup: MAX_TURNS_PER_COMMIT,
      // The same Idempotency-Key committed first: nothing of this turn was (reading again replays that one).
      answerOnError: (error) => ((error as { code?: unknown }).code === '23505' ? { committed: false } : undefined),
      ...commitsObserved,
    });
  }

  private readonly turnCommits: StatementGroups<TurnWrite, TurnCommit>;
  private readonly creates = new StatementGroups<ConversationCreate, CreatedConversation>((creates) => this.createAll(creates), {
    maxGroup: MAX_TURNS_PER_COMMIT,
  });

  // ── a conversation and its messages ──

  /**
   * Creates the conversation with what session start said (and the tool calls it made, an answer's
   * citations) and the transitions it followed. A start answers no message, so it has no knowledge
   * gap to record (docs/workflow.md "Answers from knowledge in the transcript"). Conversations
   * created at the same moment go together in one statement (conversationCreateStatement).
   */
  create(values: ConversationCreate): Promise<CreatedConversation> {
    return this.creates.add(values);
  }

  private async createAll(creates: ConversationCreate[]): Promise<CreatedConversation[]> {
    const { rows } = await conversationCreateStatement(creates).execute(this.db);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return creates.map((create) => {
      const row = byId.get(create.id);
      if (!row) throw new Error(`conversation ${create.id} was not created`);
      return { createdAt: row.created_at, tags: { stateVersion: row.state_version, messageCount: row.message_count } };
    });
  }

  /**
   * Commits a turn; not when the conversation moved on since its state was read, or another
   * request with the same Idempotency-Key committed first (reading again replays that one). The
   * conversation comes back either way: as the commit left it, or – when it had moved on – as the
   * statement found it, so the turn can be computed again without another read (`current`; absent
   * when the conversation is gone or the same key committed first). Turns committed at the same
   * moment go together in one statement (StatementGroups: a turn with no commit under way goes at
   * once; those that finish meanwhile go together in the next, where PostgreSQL spends most of a
   * turn's cost on the round trip, the transaction and its flush).
   */
  commitTurn(turn: TurnWrite): Promise<TurnCommit> {
    return this.turnCommits.add(turn);
  }

  /**
   * The turns in ONE statement (turnCommitStatement: a group of one in its cheaper shape), each
   * guarded on its own: a turn whose conversation moved on commits nothing, the others commit.
   * Answers in the order given. Throws when the statement fails – a unique violation (the same
   * Idempotency-Key committed first, for one of them) included, which StatementGroups answers by
   * committing each turn on its own.
   */
  async commitTurns(turns: TurnWrite[]): Promise<TurnCommit[]> {
    const { name, query } = turnCommitStatement(turns);
    const rows = await this.prepared.run(name, query);
    const results: TurnCommit[] = turns.map(() => ({ committed: false }));
    for (const { committed, turn, ...row } of rows) {
      results[Number(turn) - 1] = committed ? { committed: true, row } : { committed: false, current: row };
    }
    return results;
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
    /** Written with the message (see EventOutbox). */
    events: readonly KeptEvent[],
    replay?: { idempotencyKey: string; response: unknown },
    /** The collected data with what the message brought (a visitor's page context); undefined: unchanged. */
    collectedData?: Record<string, string>,
  ): Promise<Date | undefined> {
    // With an Idempotency-Key, the answer is kept beside the turns' so a retry finds it (priorTurn).
    // It is no turn: its row takes the negative of the message's place in the conversation as its
    // number, which no turn has.
    const collected = collectedData === undefined ? null : JSON.stringify(collectedData);
    const result = await sql<{ created_at: Date }>`
      WITH upd AS (
        UPDATE text_conversations SET message_count = message_count + 1, user_messages = user_messages + 1,
          collected_data = COALESCE(${collected}::jsonb, collected_data), state_version = state_version + 1, updated_at = now()
        WHERE id = ${conversation.id} AND state_version = ${conversation.state_version} AND status = 'active'
          AND escalation_id IS NOT NULL
        RETURNING id, message_count, current_node_id
      ),
      replay AS (
        INSERT INTO text_conversation_turns (conversation_id, turn_number, idempotency_key, user_message_id, response)
        SELECT upd.id, -upd.message_count, ${replay?.idempotencyKey ?? null}::text, ${messageId}, ${JSON.stringify(replay?.response ?? null)}::jsonb
        FROM upd WHERE ${replay?.idempotencyKey ?? null}::text IS NOT NULL
      ),
      kept AS (
        INSERT INTO event_outbox (id, name, payload, conversation_id)
        SELECT x.id, x.name, x.payload, upd.id FROM upd, unnest(${keptEventColumns(events)}) AS x(${KEPT_EVENT_NAMES})
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

  /**
   * A notice in the conversation from the platform itself (role `system`), stored like any message,
   * with its code for the pages to translate (docs/public-chat-api.md "Notices").
   */
  async addSystemMessage(conversationId: string, messageId: string, content: string, notice: MessageNotice): Promise<boolean> {
    const result = await sql`
      WITH upd AS (
        UPDATE text_conversations SET message_count = message_count + 1, updated_at = now()
        WHERE id = ${conversationId} AND status = 'active'
        RETURNING id, message_count, current_node_id
      )
      INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, node_id, notice)
      SELECT ${messageId}, upd.id, upd.message_count - 1, 'system', ${content}, upd.current_node_id, ${notice} FROM upd`.execute(this.db);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  /**
   * An operator's message in a conversation they have claimed, stored in the one statement that
   * checks the claim; undefined when the escalation is not claimed by this operator (or the
   * conversation has ended).
   */
  async addOperatorMessage(tenantId: string, id: string, operator: Operator, messageId: string, content: string) {
    const result = await sql<{ conversation_id: string; created_at: Date }>`
      WITH esc AS (
        SELECT conversation_id FROM escalations
        WHERE id = ${id} AND tenant_id = ${tenantId} AND state = 'claimed' AND operator_key_id = ${actorOf(operator)}
      ), upd AS (
        UPDATE text_conversations c SET message_count = message_count + 1, updated_at = now()
        FROM esc WHERE c.id = esc.conversation_id AND c.status = 'active' AND c.escalation_id = ${id}
        RETURNING c.id, c.message_count, c.current_node_id
      )
      INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, node_id, author_name)
      SELECT ${messageId}, upd.id, upd.message_count - 1, 'operator', ${content}, upd.current_node_id, ${operator.name} FROM upd
      RETURNING conversation_id, created_at`.execute(this.db);
    return result.rows[0];
  }

  /**
   * A visitor's message left with their email while nobody could answer (docs/escalation.md "Leaving a
   * message"), stored in the one statement that puts the email on the conversation's open
   * escalation – or opens one with it (source visitor; its team is settled as any new one's, by
   * EscalationService.opened). Guarded like a turn: undefined when the conversation moved on since
   * it was read (the caller reads it again). `opened`: the escalation is new.
   */
  async leaveOfflineMessage(
    conversation: ConversationRow,
    values: { messageId: string; content: string; email: string; escalationId: string; reason: string },
  ): Promise<{ escalation: EscalationRow; conversation: ConversationRow; createdAt: Date; opened: boolean } | undefined> {
    const open = conversation.escalation_id;
    const result = await sql<EscalationRow & { conversation: ConversationRow; message_created_at: Date }>`
      WITH upd AS (
        UPDATE text_conversations c SET message_count = message_count + 1, user_messages = user_messages + 1,
          state_version = state_version + 1, updated_at = now(), escalation_id = coalesce(c.escalation_id, ${values.escalationId})
        WHERE c.id = ${conversation.id} AND c.state_version = ${conversation.state_version} AND c.status = 'active'
          -- The escalation the statement marks is open: one that finished cleared escalation_id with state_version.
          AND (c.escalation_id IS NULL OR EXISTS (SELECT 1 FROM escalations e WHERE e.id = c.escalation_id AND e.state IN ('waiting', 'assigned', 'claimed')))
        RETURNING ${sql.raw(conversationColumnsOf('c'))}
      ), opened AS (
        INSERT INTO escalations (id, tenant_id, conversation_id, agent_id, reason, source, offline_email)
        SELECT ${values.escalationId}, upd.tenant_id, upd.id, upd.agent_id, ${values.reason}, 'visitor', ${values.email}
        FROM upd WHERE ${open}::text IS NULL
        RETURNING *
      ), marked AS (
        UPDATE escalations e SET offline_email = ${values.email}, updated_at = now()
        FROM upd WHERE e.id = ${open}::text AND e.conversation_id = upd.id
        RETURNING e.*
      ), msg AS (
        INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, node_id)
        SELECT ${values.messageId}, upd.id, upd.message_count - 1, 'user', ${values.content}, upd.current_node_id FROM upd
        RETURNING created_at
      )
      SELECT esc.*, (SELECT to_jsonb(upd) FROM upd) AS conversation, (SELECT created_at FROM msg) AS message_created_at
      FROM (SELECT * FROM opened UNION ALL SELECT * FROM marked) esc`.execute(this.db);
    const row = result.rows[0];
    if (!row) return undefined;
    const { conversation: updated, message_created_at, ...escalation } = row;
    return { escalation: escalation as EscalationRow, conversation: revive(updated), createdAt: message_created_at, opened: open === null };
  }

  // ── ends and reopenings: each raises state_version, so a turn computed before commits nothing ──

  /** Ends an active conversation; undefined when there is none active under that id. */
  async end(sessionId: string): Promise<ConversationRow | undefined> {
    const result = await sql<ConversationRow>`
      UPDATE text_conversations SET status = 'completed', ended_at = now(), updated_at = now(), state_version = state_version + 1
      WHERE session_id = ${sessionId} AND status = 'active'
      RETURNING ${conversationColumns}`.execute(this.db);
    return result.rows[0];
  }

  /**
   * Marks Text Chat API conversations idle for longer than `idleSeconds` as abandoned. Link
   * conversations have a timeout of their own (abandonIdleLinks).
   */
  async abandonIdle(idleSeconds: number): Promise<ConversationRow[]> {
    const result = await sql<ConversationRow>`
      UPDATE text_conversations SET status = 'abandoned', ended_at = now(), state_version = state_version + 1
      WHERE status = 'active' AND link_id IS NULL AND escalation_id IS NULL AND updated_at < now() - make_interval(secs => ${idleSeconds})
      RETURNING ${conversationColumns}`.execute(this.db);
    return result.rows;
  }

  /** Ends a conversation that sat idle past its timeout; undefined when it moved on meanwhile. */
  async abandon(conversationId: string, expectedStateVersion: number): Promise<ConversationRow | undefined> {
    const result = await sql<ConversationRow>`
      UPDATE text_conversations SET status = 'abandoned', ended_at = now(), state_version = state_version + 1
      WHERE id = ${conversationId} AND state_version = ${expectedStateVersion} AND status = 'active'
      RETURNING ${conversationColumns}`.execute(this.db);
    return result.rows[0];
  }

  /**
   * Ends link conversations idle past their own timeout. The fixed one-minute bound (the shortest
   * timeout a link can have) lets the partial index on active conversations' updated_at skip the
   * busy ones; the per-row timeout is checked on what is left.
   */
  async abandonIdleLinks(): Promise<ConversationRow[]> {
    const result = await sql<ConversationRow>`
      UPDATE text_conversations SET status = 'abandoned', ended_at = now(), state_version = state_version + 1
      WHERE status = 'active' AND link_id IS NOT NULL AND idle_timeout_seconds IS NOT NULL
        -- A conversation waiting for a person (or with one) is theirs to end, not the idle sweep's.
        AND escalation_id IS NULL
        AND updated_at < now() - interval '1 minute'
        AND updated_at < now() - make_interval(secs => idle_timeout_seconds)
      RETURNING ${conversationColumns}`.execute(this.db);
    return result.rows;
  }

  /** Ends up to `limit` active conversations of these links; fewer than `limit` back means none are left. */
  async endForLinks(linkIds: string[], limit: number): Promise<ConversationRow[]> {
    const result = await sql<ConversationRow>`
      UPDATE text_conversations SET status = 'abandoned', ended_at = now(), state_version = state_version + 1
      WHERE id IN (
        SELECT id FROM text_conversations
        WHERE status = 'active' AND link_id = ANY(${linkIds}::text[])
        LIMIT ${limit}
      ) AND status = 'active'
      RETURNING ${conversationColumns}`.execute(this.db);
    return result.rows;
  }

  /** Ends a link's session if it is active, for its owner; undefined when it is not (or not theirs). */
  endLinkSession(tenantId: string, linkId: string, conversationId: string): Promise<ConversationRow | undefined> {
    return this.db
      .updateTable('text_conversations')
      .set((eb) => ({ status: 'abandoned', ended_at: new Date(), state_version: eb('state_version', '+', 1) }))
      .where('id', '=', conversationId)
      .where('tenant_id', '=', tenantId)
      .where('link_id', '=', linkId)
      .where('status', '=', 'active')
      .returning(CONVERSATION_COLUMN_NAMES)
      .executeTakeFirst();
  }

  /**
   * Reopens a conversation on `link` and records a new credential for it, together: an abandoned
   * one becomes active again (its state_version moves, so a turn computed before it recomputes);
   * it now follows this link's rules, and its visitor's mails the language of the page that
   * reopened it, when told. Undefined when it ended meanwhile or lost its messages.
   */
  reopen(conversationId: string, link: { linkId: string; idleTimeoutSeconds: number }, credentialHash: string, language?: string | undefined) {
    return this.db.transaction().execute(async (trx) => {
      const reopened = await trx
        .updateTable('text_conversations')
        .set((eb) => ({
          status: 'active',
          ended_at: null,
          updated_at: sql<Date>`now()`,
          state_version: eb('state_version', '+', 1),
          link_id: link.linkId,
          idle_timeout_seconds: link.idleTimeoutSeconds,
          ...(language === undefined ? {} : { visitor_language: language }),
        }))
        .where('id', '=', conversationId)
        .where('status', 'in', ['active', 'abandoned'])
        .where('purged_at', 'is', null)
        .returning(['id', 'user_messages'])
        .executeTakeFirst();
      if (!reopened) return undefined;
      await trx.insertInto('resumed_credentials').values({ credential_hash: credentialHash, conversation_id: conversationId }).execute();
      return reopened;
    });
  }

  /**
   * The language of the visitor's page as they ask for something mailed (a transcript, answers to
   * a message left for later): what those mails, and later ones, are written in
   * (docs/public-chat-api.md "Visitors' language and look"). Written only when it changed, never
   * on an erased conversation; no state of the conversation moves.
   */
  async keepVisitorLanguage(conversationId: string, language: string): Promise<void> {
    await this.db
      .updateTable('text_conversations')
      .set({ visitor_language: language })
      .where('id', '=', conversationId)
      .where('erased_at', 'is', null)
      .where('visitor_language', 'is distinct from', language)
      .execute();
  }

  // ── escalations, with their conversation in the same statement ──

  /** Opens an escalation on an active conversation with none open; undefined when it has one or has ended. */
  async openEscalation(values: {
    id: string;
    conversation: ConversationRow;
    reason: string;
    metadata: Record<string, unknown>;
    source: 'visitor' | 'api' | 'workflow';
  }): Promise<{ escalation: EscalationRow; conversation: ConversationRow } | undefined> {
    const c = values.conversation;
    const result = await sql<EscalationRow & { conversation: ConversationRow }>`
      WITH upd AS (
        UPDATE text_conversations SET escalation_id = ${values.id}, state_version = state_version + 1, updated_at = now()
        WHERE id = ${c.id} AND status = 'active' AND escalation_id IS NULL
        RETURNING ${conversationColumns}
      ), esc AS (
        INSERT INTO escalations (id, tenant_id, conversation_id, agent_id, reason, metadata, source)
        SELECT ${values.id}, upd.tenant_id, upd.id, upd.agent_id, ${values.reason}, ${JSON.stringify(values.metadata)}::jsonb, ${values.source}
        FROM upd
        RETURNING *
      )
      SELECT esc.*, (SELECT to_jsonb(upd) FROM upd) AS conversation FROM esc`.execute(this.db);
    const row = result.rows[0];
    if (!row) return undefined;
    const { conversation, ...escalation } = row;
    return { escalation, conversation: revive(conversation) };
  }

  /**
   * Releases (hands back to the agent) or closes (ends the conversation) an open escalation: a
   * waiting one by any operator, a claimed one only by its claimant. Undefined when neither holds.
   */
  async finishEscalation(tenantId: string, id: string, operator: Operator, to: 'released' | 'closed') {
    const result = await sql<EscalationRow & { conversation: ConversationRow | null }>`
      WITH esc AS (
        UPDATE escalations SET state = ${to}, updated_at = now(),
          released_at = CASE WHEN ${to} = 'released' THEN now() ELSE released_at END,
          closed_at = CASE WHEN ${to} = 'closed' THEN now() ELSE closed_at END,
          operator_key_id = coalesce(operator_key_id, ${actorOf(operator)}),
          operator_name = coalesce(operator_name, ${operator.name})
        WHERE id = ${id} AND tenant_id = ${tenantId}
          AND (state = 'waiting' OR (state = 'claimed' AND operator_key_id = ${actorOf(operator)}))
        RETURNING *
      ), upd AS (
        UPDATE text_conversations c SET escalation_id = NULL, state_version = state_version + 1, updated_at = now(),
          status = CASE WHEN ${to} = 'closed' AND status = 'active' THEN 'completed' ELSE status END,
          ended_at = CASE WHEN ${to} = 'closed' AND status = 'active' THEN now() ELSE ended_at END
        FROM esc WHERE c.id = esc.conversation_id AND c.escalation_id = esc.id
        RETURNING ${sql.raw(conversationColumnsOf('c'))}
      )
      SELECT esc.*, (SELECT to_jsonb(upd) FROM upd) AS conversation FROM esc`.execute(this.db);
    const row = result.rows[0];
    if (!row) return undefined;
    const { conversation, ...escalation } = row;
    return { escalation: escalation as EscalationRow, conversation: conversation ? revive(conversation) : undefined };
  }

  /** Closes the open escalation of a conversation that has ended (no operator: the platform closed it); undefined when none was open. */
  async closeEscalationOfEnded(escalationId: string): Promise<EscalationRow | undefined> {
    const result = await sql<EscalationRow>`
      WITH esc AS (
        UPDATE escalations SET state = 'closed', closed_at = now(), updated_at = now()
        WHERE id = ${escalationId} AND state IN ('waiting', 'assigned', 'claimed')
        RETURNING *
      ), upd AS (
        UPDATE text_conversations c SET escalation_id = NULL
        FROM esc WHERE c.id = esc.conversation_id AND c.escalation_id = esc.id
      )
      SELECT * FROM esc`.execute(this.db);
    return result.rows[0];
  }

  // ── removal: retention and erasure ──

  /**
   * Removes what up to `limit` conversations ended before their cutoff said (messages, the
   * questions their knowledge had no passage for, the turns' traces, transitions, variables, stored replies, the
   * visitor's thumbs and score with their comments, the addresses a transcript or operators'
   * answers were mailed to and the language they were written in, operators' transfer notes, their internal notes, labels and read marks; analytics has counted them – all but the
   * knowledge and cost figures, which are read from these rows) and marks them purged, in one statement: a batch
   * holds its locks only while it runs. SKIP LOCKED lets two purges share the work rather than
   * wait on each other. Every channel alike: a link conversation's cutoff is its link's own
   * retention (`links`) or else `olderThanDays`, a Text Chat API conversation's `olderThanDays`;
   * the shortest of them bounds the scan.
   */
  async purgeEnded(
    olderThanDays: number,
    limit: number,
    links: { id: string; days: number }[] = [],
  ): Promise<{ conversations: number; messages: number; uploadKeys: string[] }> {
    const shortest = Math.min(olderThanDays, ...links.map((l) => l.days));
    const result = await sql<{ conversations: string; messages: string; upload_keys: string[] | null }>`
      WITH own AS (
        SELECT * FROM unnest(${links.map((l) => l.id)}::text[], ${links.map((l) => l.days)}::int[]) AS o(link_id, days)
      ), picked AS (
        SELECT c.id FROM text_conversations c LEFT JOIN own ON own.link_id = c.link_id
        WHERE c.purged_at IS NULL AND c.ended_at IS NOT NULL AND c.status <> 'active'
          AND c.ended_at < now() - make_interval(days => ${shortest}::int)
          AND c.ended_at < now() - make_interval(days => coalesce(own.days, ${olderThanDays}::int))
        ORDER BY c.ended_at
        LIMIT ${limit}
        FOR UPDATE OF c SKIP LOCKED
      ), msgs AS (
        DELETE FROM text_conversation_messages m USING picked WHERE m.conversation_id = picked.id RETURNING 1
      ), gaps AS (
        -- The visitors' questions their agent's knowledge had no passage for: their words, gone with the messages.
        DELETE FROM knowledge_gaps g USING picked WHERE g.conversation_id = picked.id
      ), traces AS (
        -- The turns' traces go with the transcript (docs/workflow.md "Traces").
        DELETE FROM turn_traces tt USING picked WHERE tt.conversation_id = picked.id
      ), trs AS (
        DELETE FROM text_conversation_transitions t USING picked WHERE t.conversation_id = picked.id
      ), vars AS (
        DELETE FROM text_conversation_variables v USING picked WHERE v.conversation_id = picked.id
      ), turns AS (
        DELETE FROM text_conversation_turns t USING picked WHERE t.conversation_id = picked.id
      ), ups AS (
        DELETE FROM uploads u USING picked WHERE u.conversation_id = picked.id RETURNING u.storage_key
      ), thumbs AS (
        DELETE FROM message_feedback f USING picked WHERE f.conversation_id = picked.id
      ), pending AS (
        DELETE FROM event_outbox o USING picked WHERE o.conversation_id = picked.id
      ), scores AS (
        DELETE FROM conversation_ratings r USING picked WHERE r.conversation_id = picked.id
      ), addresses AS (
        -- Where a visitor's answers were mailed goes with the messages (the transcript's address below).
        UPDATE escalations e SET offline_email = NULL FROM picked WHERE e.conversation_id = picked.id AND e.offline_email IS NOT NULL
      ), transfers AS (
        -- Operators' notes on a transfer speak of the conversation: they go with its messages.
        DELETE FROM escalation_transfers t USING picked WHERE t.conversation_id = picked.id
      ), internal AS (
        -- So do their internal notes, and when each last read it (docs/escalation.md "The inbox").
        DELETE FROM conversation_notes n USING picked WHERE n.conversation_id = picked.id
      ), reads AS (
        DELETE FROM conversation_reads r USING picked WHERE r.conversation_id = picked.id
      ), notes AS (
        UPDATE escalation_assignments a SET note = NULL FROM escalations e, picked
        WHERE a.escalation_id = e.id AND e.conversation_id = picked.id AND a.note IS NOT NULL
      ), marked AS (
        UPDATE text_conversations c SET purged_at = now(), transcript_email = NULL, labels = '{}', visitor_language = NULL FROM picked WHERE c.id = picked.id RETURNING 1
      )
      SELECT (SELECT count(*) FROM marked) AS conversations, (SELECT count(*) FROM msgs) AS messages,
        (SELECT json_agg(storage_key) FROM ups) AS upload_keys`.execute(this.db);
    const row = result.rows[0]!;
    // The files' rows went with the messages; the caller deletes the files under these keys.
    return { conversations: Number(row.conversations), messages: Number(row.messages), uploadKeys: row.upload_keys ?? [] };
  }

  /**
   * Erases up to `limit` conversations in one statement (raw SQL: one statement of data-modifying
   * CTEs, so a batch is all or nothing). What the visitor said and who they were goes: messages,
   * knowledge gaps (their questions), the turns' traces, transitions, variables, stored replies, thumbs and scores, credentials handed out on resuming, transfers
   * with operators' notes on them, operators' internal notes, labels and read marks, its events not yet relayed (event_outbox), escalations'
   * reason and metadata (free text a visitor or backend wrote), the addresses for a transcript or answers by mail, the sentiment read from their words, the language of their page. The row stays – no email, user (nor their realm),
   * credential, metadata or collected data – with its counts, ended if it was active (state_version
   * bumped, so a turn in flight commits nothing), an open escalation closed. Marked purged too, so
   * retention passes it by.
   */
  async erase(where: { tenantId: string; ids: string[] } | { linkId: string; credentialHash: string }, limit: number) {
    const picked =
      'ids' in where
        ? sql`SELECT id FROM text_conversations WHERE tenant_id = ${where.tenantId} AND id = ANY(${where.ids}::uuid[]) ORDER BY id LIMIT ${limit} FOR UPDATE`
        : sql`SELECT id FROM text_conversations WHERE link_id = ${where.linkId} AND (credential_hash = ${where.credentialHash}
              OR id = (SELECT conversation_id FROM resumed_credentials WHERE credential_hash = ${where.credentialHash}))
              LIMIT 1 FOR UPDATE`;
    const result = await sql<{ conversations: string; messages: string; erased: ErasedRow[] | null }>`
      WITH picked AS (${picked}),
      msgs AS (DELETE FROM text_conversation_messages m USING picked WHERE m.conversation_id = picked.id RETURNING 1),
      gaps AS (DELETE FROM knowledge_gaps g USING picked WHERE g.conversation_id = picked.id),
      traces AS (DELETE FROM turn_traces tt USING picked WHERE tt.conversation_id = picked.id),
      trs AS (DELETE FROM text_conversation_transitions t USING picked WHERE t.conversation_id = picked.id),
      vars AS (DELETE FROM text_conversation_variables v USING picked WHERE v.conversation_id = picked.id),
      turns AS (DELETE FROM text_conversation_turns t USING picked WHERE t.conversation_id = picked.id),
      thumbs AS (DELETE FROM message_feedback f USING picked WHERE f.conversation_id = picked.id),
      scores AS (DELETE FROM conversation_ratings r USING picked WHERE r.conversation_id = picked.id),
      creds AS (DELETE FROM resumed_credentials r USING picked WHERE r.conversation_id = picked.id),
      ups AS (DELETE FROM uploads u USING picked WHERE u.conversation_id = picked.id),
      transfers AS (DELETE FROM escalation_transfers t USING picked WHERE t.conversation_id = picked.id),
      internal AS (DELETE FROM conversation_notes n USING picked WHERE n.conversation_id = picked.id),
      reads AS (DELETE FROM conversation_reads r USING picked WHERE r.conversation_id = picked.id),
      -- Its events not yet in the stream (they name the visitor's email and user) go with it.
      pending AS (DELETE FROM event_outbox o USING picked WHERE o.conversation_id = picked.id),
      notes AS (
        UPDATE escalation_assignments a SET note = NULL FROM escalations e, picked
        WHERE a.escalation_id = e.id AND e.conversation_id = picked.id AND a.note IS NOT NULL
      ),
      escs AS (
        UPDATE escalations e SET reason = 'erased', metadata = '{}'::jsonb, offline_email = NULL, updated_at = now(),
          state = CASE WHEN e.state IN ('waiting', 'assigned', 'claimed') THEN 'closed' ELSE e.state END,
          closed_at = CASE WHEN e.state IN ('waiting', 'assigned', 'claimed') THEN now() ELSE e.closed_at END
        FROM picked WHERE e.conversation_id = picked.id
      ),
      old AS (SELECT c.id, c.tenant_id, c.agent_id, c.visitor_email, c.user_id, c.user_realm, c.session_id FROM text_conversations c JOIN picked ON c.id = picked.id),
      marked AS (
        UPDATE text_conversations c SET visitor_email = NULL, user_id = NULL, user_realm = NULL, credential_hash = NULL, visitor_hash = NULL, transcript_email = NULL,
          metadata = '{}'::jsonb, collected_data = '{}'::jsonb, escalation_id = NULL, labels = '{}', visitor_language = NULL,
          sentiment = NULL, sentiment_label = NULL, sentiment_method = NULL, sentiment_at = NULL,
          status = CASE WHEN c.status = 'active' THEN 'abandoned' ELSE c.status END,
          ended_at = coalesce(c.ended_at, now()), state_version = c.state_version + 1,
          purged_at = coalesce(c.purged_at, now()), erased_at = now(), updated_at = now()
        FROM picked WHERE c.id = picked.id RETURNING c.id
      )
      SELECT (SELECT count(*) FROM marked) AS conversations, (SELECT count(*) FROM msgs) AS messages,
        (SELECT json_agg(json_build_object('id', id, 'tenant_id', tenant_id, 'agent_id', agent_id, 'visitor_email', visitor_email, 'user_id', user_id, 'user_realm', user_realm, 'session_id', session_id)) FROM old) AS erased`.execute(
      this.db,
    );
    const row = result.rows[0]!;
    return { conversations: Number(row.conversations), messages: Number(row.messages), erased: row.erased ?? [] };
  }
}
