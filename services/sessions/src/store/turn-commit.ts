import type { Citation, MessageNotice, StoredToolCall, TransitionInfo } from '@parley/contracts';
import { type RawBuilder, sql } from 'kysely';
import type { UsageRow } from '../budgets/usage.repository.js';
import { CONVERSATION_COLUMN_NAMES, type ConversationRow } from './conversation.repository.js';
import { KEPT_EVENT_NAMES, type KeptEvent, keptEventColumns } from './event-outbox.js';

/**
 * A message a turn stores: what the user or a node said, or (`tool`) a call a node made, with the
 * call as its transcript keeps it (docs/workflow.md "Tool calls in the transcript"). `citations`:
 * on the node's words that answered from knowledge, the passages they cited (`[]`: none;
 * docs/workflow.md "Answers from knowledge in the transcript"). `notice`: on words of the platform's
 * own (a spent budget's default words), their code, which the pages translate (docs/public-chat-api.md "Notices").
 */
export type TurnMessage =
  | {
      id: string;
      role: 'user' | 'assistant';
      content: string;
      nodeId: string | null;
      toolCall?: undefined;
      citations?: Citation[] | undefined;
      notice?: MessageNotice | undefined;
    }
  | { id: string; role: 'tool'; content: string; nodeId: string | null; toolCall: StoredToolCall; citations?: undefined; notice?: undefined };

/** A visitor's question that found no passage in the bases its node searched: a knowledge gap (docs/workflow.md "Answers from knowledge in the transcript"). */
export interface KnowledgeGapWrite {
  question: string;
  bases: string[];
}

/**
 * A turn's trace as its commit writes it to turn_traces (docs/workflow.md "Traces"): the nodes it
 * went through, each LLM request with its cost where its model has a price, the passages
 * retrieved (null: none), and the priced calls' total (null: none was priced).
 */
export interface TraceWrite {
  nodePath: string[];
  llmCalls: Array<{ model: string; prompt_tokens: number; completion_tokens: number; latency_ms: number; cost?: number }>;
  retrieval: Array<{ chunk_id: string; score: number }> | null;
  costUsd: number | null;
}

/** What a committed turn writes; messages are in the order they were said, each tool call among them where it was made. */
export interface TurnWrite {
  conversationId: string;
  expectedStateVersion: number;
  /**
   * For a turn that started from a row kept between turns (see KeptConversations): the row's
   * updated_at, which the commit also requires, so that any write since – one that raises no
   * state_version too – makes the turn start again from the row as it stands. Null after a read.
   */
  keptUpdatedAt: Date | null;
  turnNumber: number;
  nodeId: string;
  nodeName: string | null;
  visitTurns: number;
  collectedData: Record<string, string>;
  status: 'active' | 'completed' | 'error';
  messages: TurnMessage[];
  transitions: TransitionInfo[];
  extracted: Record<string, string> | null;
  idempotencyKey: string | null;
  userMessageId: string | null;
  response: unknown;
  /** A handoff node was entered: the escalation opened by the same statement. */
  escalation: { id: string; reason: string } | null;
  /** The agent did not understand the message: counted towards offering a person (docs/escalation.md "Offering a person"). */
  unanswered: boolean;
  /**
   * The tokens the turn spent, added to its rows of token_usage_daily by the same statement
   * (TokenBudgets.usageOf: the tenant's, and the link's and its visitor's); none when it spent none.
   */
  tokens: UsageRow[];
  /** The events of the turn, written to event_outbox by the same statement (see EventOutbox). */
  events: KeptEvent[];
  /** The question found no passage: recorded in knowledge_gaps by the same statement. */
  gap?: KnowledgeGapWrite | undefined;
  /** The turn's trace, written to turn_traces by the same statement. */
  trace: TraceWrite;
}

/** A row of a commit statement's answer: a conversation as committed or as found, and which turn (from 1) it answers. */
export type CommittedRow = ConversationRow & { committed: boolean; turn: number };

/**
 * Messages as columns: unnest turns them into rows, so one statement stores them all. `toolCalls`
 * and `citations`: JSON text, null but on a tool message and an answer from knowledge; `notices`
 * null but on the platform's own words.
 */
export function messageArrays(messages: TurnWrite['messages']) {
  return {
    ids: messages.map((m) => m.id),
    roles: messages.map((m) => m.role),
    contents: messages.map((m) => m.content),
    nodes: messages.map((m) => m.nodeId),
    toolCalls: messages.map((m) => (m.toolCall === undefined ? null : JSON.stringify(m.toolCall))),
    citations: messages.map((m) => (m.citations === undefined ? null : JSON.stringify(m.citations))),
    notices: messages.map((m) => m.notice ?? null),
  };
}

/** Whether any of the turns stores a tool call: only then does a commit write the column (see turnCommitStatement). */
const callsTools = (turns: TurnWrite[]) => turns.some((turn) => turn.messages.some((m) => m.role === 'tool'));

/** Whether any of the turns answered from knowledge (citations, or a gap): only then does a commit write either (see turnCommitStatement). */
const usesKnowledge = (turns: TurnWrite[]) => turns.some((turn) => turn.gap !== undefined || turn.messages.some((m) => m.citations !== undefined));

/** Whether any of the turns stores words of the platform's own: only then does a commit write their codes (see turnCommitStatement). */
const givesNotices = (turns: TurnWrite[]) => turns.some((turn) => turn.messages.some((m) => m.notice !== undefined));

export function transitionArrays(transitions: TransitionInfo[]) {
  return {
    from: transitions.map((t) => t.from_node),
    fromName: transitions.map((t) => t.from_node_name),
    to: transitions.map((t) => t.to_node),
    toName: transitions.map((t) => t.to_node_name),
    condition: transitions.map((t) => t.condition),
  };
}

/** The conversation columns qualified by a table alias (an UPDATE … FROM returns both tables' columns). */
export function conversationColumnsOf(alias: string): string {
  return CONVERSATION_COLUMN_NAMES.map((column) => `${alias}.${column}`).join(', ');
}

/**
 * What each turn (or new conversation) carries (its messages, its transitions, its tokens), one
 * row each, with the turn it belongs to and its place in that turn (both from 1).
 */
export function perTurn<G, T>(turns: G[], of: (turn: G) => readonly T[]) {
  const rows = turns.flatMap((turn, i) => of(turn).map((item, place) => ({ turn: i + 1, place: place + 1, item })));
  return { turns: rows.map((r) => r.turn), places: rows.map((r) => r.place), items: rows.map((r) => r.item) };
}

/**
 * The part of a commit statement that adds the committed turns' tokens to token_usage_daily
 * (TurnWrite.tokens): summed per row, as a statement may not update a row twice, and added in key
 * order (as TokenUsageCounts writes them), so two statements never wait on each other's rows.
 * Undefined when no turn spent any: the statement is then the one it was without it (a prepared
 * statement of its own).
 */
function tokenCounting(turns: TurnWrite[]): RawBuilder<unknown> | undefined {
  const { turns: of, items } = perTurn(turns, (t) => t.tokens);
  if (items.length === 0) return undefined;
  return sql`, usage AS (
      INSERT INTO token_usage_daily (tenant_id, day, link_id, visitor, tokens)
      SELECT u.tenant_id, u.day, u.link_id, u.visitor, sum(u.tokens)::bigint
      FROM unnest(${of}::int[], ${items.map((r) => r.tenant_id)}::uuid[], ${items.map((r) => r.day)}::date[],
        ${items.map((r) => r.link_id)}::text[], ${items.map((r) => r.visitor)}::text[], ${items.map((r) => r.tokens)}::bigint[])
        AS u(turn, tenant_id, day, link_id, visitor, tokens)
      WHERE u.turn IN (SELECT turn FROM upd)
      GROUP BY u.tenant_id, u.day, u.link_id, u.visitor
      ORDER BY u.tenant_id, u.day, u.link_id COLLATE "C", u.visitor COLLATE "C"
      ON CONFLICT (tenant_id, day, link_id, visitor) DO UPDATE SET tokens = token_usage_daily.tokens + excluded.tokens
    )`;
}

/** One turn's values, by column: what a statement of one binds as parameters (its template casts each to its column's type). */
function valuesOf(turn: TurnWrite) {
  return {
    id: turn.conversationId,
    expected: turn.expectedStateVersion,
    kept: turn.keptUpdatedAt,
    turnNumber: turn.turnNumber,
    nodeId: turn.nodeId,
    nodeName: turn.nodeName,
    visitTurns: turn.visitTurns,
    collected: JSON.stringify(turn.collectedData),
    transitions: turn.transitions.length,
    messages: turn.messages.length,
    unanswered: turn.unanswered ? 1 : 0,
    status: turn.status,
    escalationId: turn.escalation?.id ?? null,
    escalationReason: turn.escalation?.reason ?? null,
    idempotencyKey: turn.idempotencyKey,
    userMessageId: turn.userMessageId,
    // Kept only under an Idempotency-Key (see the `stored` insert): without one it is not even sent.
    response: turn.idempotencyKey === null ? null : JSON.stringify(turn.response),
    extracted: JSON.stringify(turn.extracted ?? {}),
    // JSON, as unnest would flatten an array of arrays; the statement makes node_path a text[] of it.
    tracePath: JSON.stringify(turn.trace.nodePath),
    traceCalls: JSON.stringify(turn.trace.llmCalls),
    traceRetrieval: turn.trace.retrieval === null ? null : JSON.stringify(turn.trace.retrieval),
    traceCost: turn.trace.costUsd,
  };
}

type TurnColumn = keyof ReturnType<typeof valuesOf>;

/** The columns of the turns' table `t`, in the order its unnest makes them (then `turn`, from WITH ORDINALITY). */
const T_COLUMNS: Record<TurnColumn, string> = {
  id: 'id',
  expected: 'expected',
  kept: 'kept',
  turnNumber: 'turn_number',
  nodeId: 'node_id',
  nodeName: 'node_name',
  visitTurns: 'visit_turns',
  collected: 'collected',
  transitions: 'transitions',
  messages: 'messages',
  unanswered: 'unanswered',
  status: 'status',
  escalationId: 'escalation_id',
  escalationReason: 'escalation_reason',
  idempotencyKey: 'idempotency_key',
  userMessageId: 'user_message_id',
  response: 'response',
  extracted: 'extracted',
  tracePath: 'trace_path',
  traceCalls: 'trace_calls',
  traceRetrieval: 'trace_retrieval',
  traceCost: 'trace_cost',
};
const TURN_COLUMNS = Object.keys(T_COLUMNS) as TurnColumn[];
/** Many turns' values: the columns of `t`. */
const FROM_T = Object.fromEntries(TURN_COLUMNS.map((column) => [column, sql.raw(`t.${T_COLUMNS[column]}`)])) as Record<TurnColumn, RawBuilder<unknown>>;
const UNNEST_T = sql.raw(TURN_COLUMNS.map((column) => T_COLUMNS[column]).join(', '));

/**
 * Where the statement reads its turns' values from – the one thing that differs between the two
 * shapes of the same statement:
 * - one turn: its values are the statement's parameters, with no table of turns to unnest and
 *   join (the group of one, the common case, which PostgreSQL plans and runs for less);
 * - many: a table `t` of the turns, one row each (unnest of one array per column), joined by turn.
 */
interface TurnSource {
  /** The CTE of the turns, before the others (many), or nothing (one). */
  table: RawBuilder<unknown>;
  /** What the UPDATE reads besides the conversations: `FROM t` (many), or nothing. */
  from: RawBuilder<unknown>;
  /** What the refused turns' read takes the conversations' ids from: `t, ` (many), or nothing. */
  alongside: RawBuilder<unknown>;
  /** Joins upd's rows (by their `turn`) to their turn's values in `t` (many), or nothing. */
  withTurn: RawBuilder<unknown>;
  /**
   * The rows turns carry – their messages, their transitions: `of` a turn, as the arrays
   * `columns` makes of them, named `names` – as `x`, each numbered from 1 in its turn
   * (`x.place`) and with its turn's committed row in upd (and its values in `t`).
   */
  carried<T>(of: (turn: TurnWrite) => T[], columns: (items: T[]) => RawBuilder<unknown>, names: RawBuilder<unknown>): RawBuilder<unknown>;
  /** Which turns' conversations the answer reads as they stand: those upd has no row for. */
  refused: RawBuilder<unknown>;
  /** The turn's number in the statement (from 1): which answer row is whose. */
  turn: RawBuilder<unknown>;
  /** Each turn's values, by column. */
  values: Record<TurnColumn, unknown>;
}

const NOTHING = sql``;
const ONE = sql.raw('1');
const ONE_REFUSED = sql.raw('NOT EXISTS (SELECT 1 FROM upd)');
const MANY_FROM = sql.raw('FROM t');
const MANY_ALONGSIDE = sql.raw('t, ');
const MANY_WITH_TURN = sql.raw(' JOIN t ON t.turn = upd.turn');
const MANY_REFUSED = sql.raw('t.turn NOT IN (SELECT turn FROM upd)');
const MANY_TURN = sql.raw('t.turn');

function oneTurn(turn: TurnWrite): TurnSource {
  return {
    table: NOTHING,
    from: NOTHING,
    alongside: NOTHING,
    withTurn: NOTHING,
    // The turn's rows go with upd's one row, if it has one.
    carried: (of, columns, names) => sql`upd, unnest(${columns(of(turn))}) WITH ORDINALITY AS x(${names}, place)`,
    refused: ONE_REFUSED,
    turn: ONE,
    values: valuesOf(turn),
  };
}

function manyTurns(turns: TurnWrite[]): TurnSource {
  const values = turns.map(valuesOf);
  const c = (column: TurnColumn) => values.map((v) => v[column]);
  return {
    // Its columns are T_COLUMNS, in this order.
    table: sql`t AS (
        SELECT * FROM unnest(${c('id')}::uuid[], ${c('expected')}::int[], ${c('kept')}::timestamptz[], ${c('turnNumber')}::int[],
          ${c('nodeId')}::text[], ${c('nodeName')}::text[], ${c('visitTurns')}::int[], ${c('collected')}::jsonb[], ${c('transitions')}::int[],
          ${c('messages')}::int[], ${c('unanswered')}::int[], ${c('status')}::text[], ${c('escalationId')}::text[], ${c('escalationReason')}::text[],
          ${c('idempotencyKey')}::text[], ${c('userMessageId')}::uuid[], ${c('response')}::jsonb[], ${c('extracted')}::jsonb[],
          ${c('tracePath')}::jsonb[], ${c('traceCalls')}::jsonb[], ${c('traceRetrieval')}::jsonb[], ${c('traceCost')}::float8[])
          WITH ORDINALITY AS t(${UNNEST_T}, turn)
      ), `,
    from: MANY_FROM,
    alongside: MANY_ALONGSIDE,
    withTurn: MANY_WITH_TURN,
    carried: (of, columns, names) => {
      const rows = perTurn(turns, of);
      return sql`unnest(${rows.turns}::int[], ${rows.places}::int[], ${columns(rows.items)}) AS x(turn, place, ${names})
        JOIN upd ON upd.turn = x.turn JOIN t ON t.turn = x.turn`;
    },
    refused: MANY_REFUSED,
    turn: MANY_TURN,
    values: FROM_T,
  };
}

const COLUMNS_OF_C = sql.raw(conversationColumnsOf('c'));
const TRANSITION_NAMES = sql.raw('f, fn, t, tn, c');
const GAP_NAMES = sql.raw('question, bases');

/**
 * The messages' columns as unnest reads them, and what the insert names and selects of them
 * beyond the common ones: with tool calls, their `tool_call`, with answers from knowledge, their
 * `citations`, with the platform's own words, their `notice`, each as one more array of the same
 * unnest; without, nothing more, so a turn that called no tool, answered from no knowledge and
 * gave no notice is the statement it always was.
 */
interface MessageShape {
  columns(items: TurnWrite['messages']): RawBuilder<unknown>;
  names: RawBuilder<unknown>;
  inserted: RawBuilder<unknown>;
  selected: RawBuilder<unknown>;
}

/** The optional columns of a message, in the order a statement names them, with the array each is read from and its type. */
const OPTIONAL_MESSAGE_COLUMNS = {
  tool_call: { of: (m: ReturnType<typeof messageArrays>) => m.toolCalls, type: sql.raw('jsonb[]') },
  citations: { of: (m: ReturnType<typeof messageArrays>) => m.citations, type: sql.raw('jsonb[]') },
  notice: { of: (m: ReturnType<typeof messageArrays>) => m.notices, type: sql.raw('text[]') },
} as const;
type OptionalMessageColumn = keyof typeof OPTIONAL_MESSAGE_COLUMNS;

function messageShape(optional: OptionalMessageColumn[]): MessageShape {
  return {
    columns: (items) => {
      const m = messageArrays(items);
      const common = sql`${m.ids}::uuid[], ${m.roles}::text[], ${m.contents}::text[], ${m.nodes}::text[]`;
      return sql.join([common, ...optional.map((column) => sql`${OPTIONAL_MESSAGE_COLUMNS[column].of(m)}::${OPTIONAL_MESSAGE_COLUMNS[column].type}`)]);
    },
    names: sql.raw(['id, role, content, node_id', ...optional].join(', ')),
    inserted: sql.raw(optional.map((column) => `, ${column}`).join('')),
    selected: sql.raw(optional.map((column) => `, x.${column}`).join('')),
  };
}

/** One shape per set of optional columns, by their names joined: built once, so each statement's text is fixed by its name. */
const MESSAGE_SHAPES = new Map<string, MessageShape>();

function shapeOf(optional: OptionalMessageColumn[]): MessageShape {
  const key = optional.join(',');
  let shape = MESSAGE_SHAPES.get(key);
  if (!shape) {
    shape = messageShape(optional);
    MESSAGE_SHAPES.set(key, shape);
  }
  return shape;
}

/** A turn's gap as unnest reads it: the question, and its bases as JSON (unnest would flatten an array of arrays). */
function gapColumns(items: KnowledgeGapWrite[]): RawBuilder<unknown> {
  return sql`${items.map((g) => g.question)}::text[], ${items.map((g) => JSON.stringify(g.bases))}::jsonb[]`;
}

export function transitionColumns(items: TransitionInfo[]): RawBuilder<unknown> {
  const x = transitionArrays(items);
  return sql`${x.from}::text[], ${x.fromName}::text[], ${x.to}::text[], ${x.toName}::text[], ${x.condition}::text[]`;
}

/**
 * The one statement that commits turns – one, or a group (see ConversationStore.commitTurn) –
 * each guarded on its own by the state_version it read: a chain of data-modifying CTEs, so the
 * conversation's new state, its messages (its tool calls among them, an answer from knowledge
 * with its citations), transitions, variables, the answer kept for its Idempotency-Key, the
 * escalation a handoff node opened, the tokens it spent, its knowledge gap, its trace and its events (see
 * EventOutbox) land together or not at all. Written once; only where the turns' values come from
 * differs by the group's size (TurnSource). Answers one row per turn: `committed`, and the
 * conversation as the commit left it, or – refused – as the statement found it (none when it is
 * gone). Its name is that of a prepared statement: one SQL text per name, whatever the values
 * (thirty-two in all: one turn or many, with tokens or without, with tool calls or without, with
 * knowledge – citations and gaps – or without, with notices or without).
 */
export function turnCommitStatement(turns: TurnWrite[]): { name: string; query: RawBuilder<CommittedRow> } {
  const one = turns.length === 1;
  const { table, from, alongside, withTurn, carried, refused, turn, values: v } = one ? oneTurn(turns[0] as TurnWrite) : manyTurns(turns);
  const usage = tokenCounting(turns);
  const tools = callsTools(turns);
  const knowledge = usesKnowledge(turns);
  const notices = givesNotices(turns);
  const optional: OptionalMessageColumn[] = [];
  if (tools) optional.push('tool_call');
  if (knowledge) optional.push('citations');
  if (notices) optional.push('notice');
  const said = shapeOf(optional);
  // Its gaps, with its conversation's agent as the commit left it (docs/workflow.md "Answers from knowledge in the transcript").
  const gaps = knowledge
    ? sql`, gaps AS (
        INSERT INTO knowledge_gaps (tenant_id, agent_id, agent_version, conversation_id, question, bases)
        SELECT upd.tenant_id, upd.agent_id, upd.agent_version, upd.id, x.question, ARRAY(SELECT jsonb_array_elements_text(x.bases))
        FROM ${carried((t) => (t.gap ? [t.gap] : []), gapColumns, GAP_NAMES)}
      )`
    : NOTHING;
  const query = sql<CommittedRow>`
      WITH ${table}upd AS (
        UPDATE text_conversations c SET
          current_node_id = ${v.nodeId}::text, current_node_name = ${v.nodeName}::text, visit_turns = ${v.visitTurns}::int,
          collected_data = ${v.collected}::jsonb, total_turns = c.total_turns + 1, total_transitions = c.total_transitions + ${v.transitions}::int,
          state_version = c.state_version + 1, message_count = c.message_count + ${v.messages}::int,
          user_messages = c.user_messages + 1, unanswered_turns = c.unanswered_turns + ${v.unanswered}::int,
          status = ${v.status}::text, updated_at = now(),
          ended_at = CASE WHEN ${v.status}::text = 'active' THEN NULL ELSE now() END,
          -- The turn ran only because none was open (escalating bumps state_version), so this sets or keeps none.
          escalation_id = ${v.escalationId}::text
        ${from}
        WHERE c.id = ${v.id}::uuid AND c.state_version = ${v.expected}::int AND c.status = 'active'
          -- A turn from a kept row (TurnWrite.keptUpdatedAt): a date in JavaScript has milliseconds, the column microseconds.
          AND (${v.kept}::timestamptz IS NULL OR date_trunc('milliseconds', c.updated_at) = ${v.kept}::timestamptz)
        RETURNING ${turn} AS turn, ${COLUMNS_OF_C}
      ), esc AS (
        INSERT INTO escalations (id, tenant_id, conversation_id, agent_id, reason, source)
        SELECT ${v.escalationId}::text, upd.tenant_id, upd.id, upd.agent_id, ${v.escalationReason}::text, 'workflow'
        FROM upd${withTurn} WHERE ${v.escalationId}::text IS NOT NULL
      ), msgs AS (
        INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, node_id, turn_number${said.inserted})
        SELECT x.id, upd.id, upd.message_count - ${v.messages}::int + x.place::int - 1, x.role, x.content, x.node_id, ${v.turnNumber}::int${said.selected}
        FROM ${carried((t) => t.messages, said.columns, said.names)}
      ), trs AS (
        INSERT INTO text_conversation_transitions (conversation_id, turn_number, sequence, from_node, from_node_name, to_node, to_node_name, condition)
        SELECT upd.id, ${v.turnNumber}::int, x.place::int, x.f, x.fn, x.t, x.tn, x.c
        FROM ${carried((t) => t.transitions, transitionColumns, TRANSITION_NAMES)}
      ), vars AS (
        INSERT INTO text_conversation_variables (conversation_id, name, value, turn_number)
        SELECT upd.id, v.key, v.value, ${v.turnNumber}::int
        FROM upd${withTurn}, jsonb_each_text(${v.extracted}::jsonb) AS v
        ON CONFLICT (conversation_id, name) DO UPDATE
          SET value = excluded.value, turn_number = excluded.turn_number, updated_at = now()
      ), stored AS (
        -- Kept only for a turn sent with an Idempotency-Key (or a socket's client_id): its retries answer from here.
        INSERT INTO text_conversation_turns (conversation_id, turn_number, idempotency_key, user_message_id, response)
        SELECT upd.id, ${v.turnNumber}::int, ${v.idempotencyKey}::text, ${v.userMessageId}::uuid, ${v.response}::jsonb
        FROM upd${withTurn} WHERE ${v.idempotencyKey}::text IS NOT NULL
      ), kept AS (
        INSERT INTO event_outbox (id, name, payload, conversation_id)
        SELECT x.id, x.name, x.payload, upd.id
        FROM ${carried((t) => t.events, keptEventColumns, KEPT_EVENT_NAMES)}
      ), traced AS (
        -- The turn's trace, with its conversation's agent, version and link (docs/workflow.md "Traces").
        INSERT INTO turn_traces (conversation_id, turn_number, tenant_id, agent_id, agent_version, link_id, node_path, llm_calls, retrieval, cost_usd)
        SELECT upd.id, ${v.turnNumber}::int, upd.tenant_id, upd.agent_id, upd.agent_version, upd.link_id,
          ARRAY(SELECT jsonb_array_elements_text(${v.tracePath}::jsonb)), ${v.traceCalls}::jsonb, ${v.traceRetrieval}::jsonb, ${v.traceCost}::float8
        FROM upd${withTurn}
      )${gaps}${usage ?? NOTHING}
      SELECT true AS committed, upd.* FROM upd
      UNION ALL
      -- Not committed: the conversation as this statement sees it (read only for those).
      SELECT false, ${turn}, ${COLUMNS_OF_C} FROM ${alongside}text_conversations c
      WHERE c.id = ${v.id}::uuid AND ${refused}`;
  const name = `conversation_commit_${one ? 'turn' : 'turns'}${usage ? '_tokens' : ''}${tools ? '_tools' : ''}${knowledge ? '_knowledge' : ''}${notices ? '_notices' : ''}`;
  return { name, query };
}
