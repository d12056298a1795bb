import type { TransitionInfo } from '@parley/contracts';
import { type RawBuilder, sql } from 'kysely';
import type { ConversationVisitor, HistoryTags } from './conversation.repository.js';
import { type KeptEvent, keptEventColumns } from './event-outbox.js';
import { messageArrays, perTurn, type TraceWrite, type TurnWrite, transitionColumns } from './turn-commit.js';

/** A new conversation as its start left it (see ConversationStore.create). */
export interface ConversationCreate {
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
  /** A Text Chat API session's `offer_person` (a link's conversations follow their link's). */
  offerPerson?: string | null | undefined;
  /** Its created_at (now when absent): the events written with it may already say it. */
  createdAt?: Date | undefined;
  /** The events written with it (see EventOutbox). */
  events?: readonly KeptEvent[] | undefined;
  /** Its start turn's trace (turn 0; docs/workflow.md "Traces"). */
  trace?: TraceWrite | undefined;
}

/** What a created conversation's statement answers. */
export interface CreatedConversation {
  createdAt: Date;
  tags: HistoryTags;
}

/**
 * ONE statement creating the conversations (each with its start's messages, transitions, events
 * and trace): they land together or not at all. Conversations started at the same moment go in
 * one (StatementGroups, as turns' commits do), so a burst of new conversations costs PostgreSQL
 * one transaction and its flush, not one each. Answers the conversations' rows in the order given.
 */
export function conversationCreateStatement(
  creates: ConversationCreate[],
): RawBuilder<{ id: string; created_at: Date; state_version: number; message_count: number }> {
  const column = <T>(of: (create: ConversationCreate) => T) => creates.map(of);
  /** Each row's conversation, by the place perTurn gives it. */
  const ids = (rows: { turns: number[] }) => rows.turns.map((place) => (creates[place - 1] as ConversationCreate).id);
  const messages = perTurn(creates, (create) => create.messages);
  const m = messageArrays(messages.items);
  const transitions = perTurn(creates, (create) => create.transitions);
  const events = perTurn(creates, (create) => create.events ?? []);
  const traced = creates.filter((create) => create.trace !== undefined);
  return sql`
    WITH conv AS (
      INSERT INTO text_conversations (id, session_id, tenant_id, agent_id, agent_version, is_active_version, status,
        current_node_id, current_node_name, collected_data, metadata, total_transitions, message_count, ended_at,
        channel, link_id, credential_hash, visitor_email, idle_timeout_seconds, user_id, user_realm, visitor_hash, offer_person, visitor_language, created_at)
      SELECT x.id, x.session_id, x.tenant_id, x.agent_id, x.agent_version, x.is_active_version, x.status,
        x.node_id, x.node_name, x.collected_data, x.metadata, x.transitions, x.messages,
        CASE WHEN x.status = 'active' THEN NULL ELSE now() END,
        x.channel, x.link_id, x.credential_hash, x.visitor_email, x.idle_timeout_seconds, x.user_id, x.user_realm, x.visitor_hash,
        x.offer_person, x.visitor_language, coalesce(x.created_at, now())
      FROM unnest(
        ${column((c) => c.id)}::uuid[], ${column((c) => c.sessionId)}::text[], ${column((c) => c.tenantId)}::uuid[],
        ${column((c) => c.agentId)}::uuid[], ${column((c) => c.agentVersion)}::int[], ${column((c) => c.isActiveVersion)}::bool[],
        ${column((c) => c.status)}::text[], ${column((c) => c.nodeId)}::text[], ${column((c) => c.nodeName)}::text[],
        ${column((c) => JSON.stringify(c.collectedData))}::jsonb[], ${column((c) => JSON.stringify(c.metadata))}::jsonb[],
        ${column((c) => c.transitions.length)}::int[], ${column((c) => c.messages.length)}::int[],
        ${column((c) => c.visitor?.channel ?? 'api')}::text[], ${column((c) => c.visitor?.linkId ?? null)}::text[],
        ${column((c) => c.visitor?.credentialHash ?? null)}::text[], ${column((c) => c.visitor?.email ?? null)}::text[],
        ${column((c) => c.visitor?.idleTimeoutSeconds ?? null)}::int[], ${column((c) => c.userId ?? null)}::text[],
        ${column((c) => c.userRealm ?? null)}::uuid[], ${column((c) => c.visitor?.visitorHash ?? null)}::text[],
        ${column((c) => c.offerPerson ?? null)}::text[], ${column((c) => c.visitor?.language ?? null)}::text[],
        ${column((c) => c.createdAt ?? null)}::timestamptz[]
      ) AS x(id, session_id, tenant_id, agent_id, agent_version, is_active_version, status, node_id, node_name, collected_data, metadata,
        transitions, messages, channel, link_id, credential_hash, visitor_email, idle_timeout_seconds, user_id, user_realm, visitor_hash,
        offer_person, visitor_language, created_at)
      RETURNING id, created_at, state_version, message_count
    ), msgs AS (
      INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, node_id, turn_number, tool_call, citations, notice)
      SELECT x.id, conv.id, x.place - 1, x.role, x.content, x.node_id, 0, x.tool_call, x.citations, x.notice
      FROM unnest(
        ${m.ids}::uuid[], ${ids(messages)}::uuid[], ${messages.places}::int[], ${m.roles}::text[], ${m.contents}::text[], ${m.nodes}::text[],
        ${m.toolCalls}::jsonb[], ${m.citations}::jsonb[], ${m.notices}::text[]
      ) AS x(id, conversation_id, place, role, content, node_id, tool_call, citations, notice)
      JOIN conv ON conv.id = x.conversation_id
    ), trs AS (
      INSERT INTO text_conversation_transitions (conversation_id, turn_number, sequence, from_node, from_node_name, to_node, to_node_name, condition)
      SELECT conv.id, 0, x.place, x.f, x.fn, x.t, x.tn, x.c
      FROM unnest(${ids(transitions)}::uuid[], ${transitions.places}::int[], ${transitionColumns(transitions.items)}
      ) AS x(conversation_id, place, f, fn, t, tn, c)
      JOIN conv ON conv.id = x.conversation_id
    ), kept AS (
      INSERT INTO event_outbox (id, name, payload, conversation_id)
      SELECT x.id, x.name, x.payload, conv.id
      FROM unnest(${keptEventColumns(events.items)}, ${ids(events)}::uuid[]
      ) AS x(id, name, payload, conversation_id)
      JOIN conv ON conv.id = x.conversation_id
    ), traced AS (
      INSERT INTO turn_traces (conversation_id, turn_number, tenant_id, agent_id, agent_version, link_id, node_path, llm_calls, retrieval, cost_usd)
      SELECT conv.id, 0, x.tenant_id, x.agent_id, x.agent_version, x.link_id,
        ARRAY(SELECT jsonb_array_elements_text(x.node_path)), x.llm_calls, x.retrieval, x.cost_usd
      FROM unnest(
        ${traced.map((c) => c.id)}::uuid[], ${traced.map((c) => c.tenantId)}::uuid[], ${traced.map((c) => c.agentId)}::uuid[],
        ${traced.map((c) => c.agentVersion)}::int[], ${traced.map((c) => c.visitor?.linkId ?? null)}::text[],
        ${traced.map((c) => JSON.stringify(c.trace?.nodePath ?? []))}::jsonb[], ${traced.map((c) => JSON.stringify(c.trace?.llmCalls ?? []))}::jsonb[],
        ${traced.map((c) => (c.trace?.retrieval ? JSON.stringify(c.trace.retrieval) : null))}::jsonb[], ${traced.map((c) => c.trace?.costUsd ?? null)}::float8[]
      ) AS x(conversation_id, tenant_id, agent_id, agent_version, link_id, node_path, llm_calls, retrieval, cost_usd)
      JOIN conv ON conv.id = x.conversation_id
    )
    SELECT id, created_at, state_version, message_count FROM conv`;
}
