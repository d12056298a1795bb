import { expect } from 'vitest';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';

/**
 * Answers, says "glad that helped" on "thanks" (a node that resolves), hands over on "human",
 * ends on "bye": every way a conversation is resolved or not, without an LLM.
 */
export const outcomesAgent = {
  workflow: {
    initial_node: 'ask',
    nodes: [
      {
        id: 'ask',
        name: 'Ask',
        static_text: 'How can I help?',
        transitions: [
          { to: 'human', condition: 'contains:human' },
          { to: 'solved', condition: 'contains:thanks' },
          { to: 'done', condition: 'contains:bye' },
          { to: 'ask', condition: 'user_responded' },
        ],
      },
      { id: 'solved', name: 'Solved', resolves: true, static_text: 'Glad that helped.', transitions: [{ to: 'ask', condition: 'user_responded' }] },
      {
        id: 'human',
        name: 'Human',
        type: 'handoff',
        handoff_reason: 'asked for a human',
        static_text: 'Let me get a colleague.',
        transitions: [{ to: 'ask', condition: 'user_responded' }],
      },
      { id: 'done', name: 'Done', type: 'end', static_text: 'Bye.' },
    ],
  },
};

/** A Text Chat API session of the agent, on a pinned version when one is given. */
export async function apiSession(h: GatewayHarness, agent: { tenantId: string; agentId: string }, version?: number) {
  const created = await h.signed('POST', '/api/chat/sessions', {
    tenant_id: agent.tenantId,
    agent_id: agent.agentId,
    ...(version === undefined ? {} : { version }),
  });
  expect(created.status, created.text).toBe(201);
  return { sessionId: created.body.session_id as string, conversationId: created.body.conversation_id as string };
}

export async function say(h: GatewayHarness, sessionId: string, content: string) {
  const answer = await h.signed('POST', `/api/chat/sessions/${sessionId}/messages`, { content });
  expect(answer.status, answer.text).toBe(200);
  return answer.body;
}

export async function endSession(h: GatewayHarness, sessionId: string) {
  const ended = await h.signed('DELETE', `/api/chat/sessions/${sessionId}`);
  expect(ended.status, ended.text).toBe(200);
}

/** The conversation's stored outcome, as the sessions service keeps it. */
export async function outcomeOf(h: GatewayHarness, conversationId: string) {
  const row = await h.db.selectFrom('text_conversations').select(['resolution', 'resolved_at']).where('id', '=', conversationId).executeTakeFirstOrThrow();
  return row.resolution;
}
