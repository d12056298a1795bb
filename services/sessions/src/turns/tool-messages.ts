import type { ToolCallRecord, TurnOutcome } from '@parley/contracts';
import { timeOrderedUuid } from '@parley/db';
import type { TurnMessage } from '../store/turn-commit.js';

/** A message that was said – the user's or a node's – as visitors are shown it and a prompt reads it. */
export type SaidMessage = Extract<TurnMessage, { role: 'user' | 'assistant' }>;

/**
 * What a turn stored, less its tool calls: what a visitor's stream, messages.stored (memory,
 * analytics) and the prompt history get. Tool calls are the agent's own business, for the
 * conversation's owners (docs/workflow.md "Tool calls in the transcript").
 */
export const saidOnly = (messages: readonly TurnMessage[]): SaidMessage[] => messages.filter((m): m is SaidMessage => m.role !== 'tool');

/** A call as its transcript line says it: which tool, how it ended (`order_status → ok`); the rest is in its tool_call. */
export const toolCallLine = (call: Pick<ToolCallRecord, 'tool' | 'status'>): string => `${call.tool} → ${call.status}`;

function toolMessage(call: ToolCallRecord): TurnMessage {
  const { node_id: nodeId, ...toolCall } = call;
  return { id: timeOrderedUuid(), role: 'tool', content: toolCallLine(call), nodeId, toolCall };
}

/**
 * What a turn's nodes said, each tool call among it where it was made: a node calls before it
 * speaks, so the calls of the node about to speak – and those before them, by nodes that said
 * nothing – come just before its words; calls after the last words come last. Both orders are
 * kept (docs/workflow.md "Tool calls in the transcript"). `idOf`: the id a said text is stored under.
 */
export function saidAndCalled(outcome: Pick<TurnOutcome, 'said' | 'toolCalls'>, idOf: (said: TurnOutcome['said'][number]) => string): TurnMessage[] {
  const calls = outcome.toolCalls ?? [];
  const messages: TurnMessage[] = [];
  let next = 0;
  for (const said of outcome.said) {
    let first = next;
    while (first < calls.length && calls[first]?.node_id !== said.nodeId) first++;
    let last = first;
    while (last < calls.length && calls[last]?.node_id === said.nodeId) last++;
    // No call of this node waits: what it says comes before any call still to come.
    const upTo = first < calls.length ? last : next;
    for (; next < upTo; next++) messages.push(toolMessage(calls[next] as ToolCallRecord));
    messages.push({ id: idOf(said), role: 'assistant', content: said.text, nodeId: said.nodeId });
  }
  for (; next < calls.length; next++) messages.push(toolMessage(calls[next] as ToolCallRecord));
  return messages;
}

/** A reply kept for an Idempotency-Key, replayed: one kept before replies reported tool calls came from a turn that made none. */
export const withToolCalls = <R extends { tool_calls: unknown[] }>(kept: R): R => ({ ...kept, tool_calls: kept.tool_calls ?? [] });
