import type { CreateLinkBody } from '@parley/contracts';
import type { GatewayHarness } from './gateway-harness.js';

/** A link on a fresh agent, created through the real links service; the token is its only copy. */
export async function createLink(h: GatewayHarness, settings: Partial<CreateLinkBody> = {}) {
  const agent = await h.seedAgent();
  const link = await h.bus.request('links.links.create', {
    tenantId: agent.tenantId,
    agentName: agent.name,
    settings: { title: 'Help desk', ...settings } as CreateLinkBody,
    publicBaseUrl: 'http://127.0.0.1:8080',
  });
  return { ...link, tenantId: agent.tenantId };
}

/** A JSON POST from a visitor. */
export function visitorPost(url: string, body: unknown, options: { origin?: string; remoteAddress?: string; headers?: Record<string, string> } = {}) {
  return {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...(options.origin ? { origin: options.origin } : {}), ...options.headers },
    payload: JSON.stringify(body),
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  };
}

/** An agent that greets, then answers every message with the language model (streamed to live clients; no fallback: a failed call fails the turn). */
export const streamingAgent = {
  llm: { model: 'gpt-4o-mini' },
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Ask me anything about your repair.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      { id: 'answer', name: 'Answer', prompt: 'You are a helpful assistant.' },
    ],
  },
};

/**
 * A help desk without an LLM, every outcome a conversation can have: greets ("How can I help?"),
 * hands over on "human", ends on "bye" with `farewell`, and answers any other message with
 * `answer` – or, without one, greets again.
 */
export function helpDeskAgent({ answer, farewell }: { answer?: string; farewell: string }) {
  const reply = answer === undefined ? 'ask' : 'answer';
  return {
    workflow: {
      initial_node: 'ask',
      nodes: [
        {
          id: 'ask',
          name: 'Ask',
          static_text: 'How can I help?',
          transitions: [
            { to: 'human', condition: 'contains:human' },
            { to: 'done', condition: 'contains:bye' },
            { to: reply, condition: 'user_responded' },
          ],
        },
        ...(answer === undefined
          ? []
          : [
              {
                id: 'answer',
                name: 'Answer',
                static_text: answer,
                transitions: [
                  { to: 'done', condition: 'contains:bye' },
                  { to: 'answer', condition: 'user_responded' },
                ],
              },
            ]),
        {
          id: 'human',
          name: 'Human',
          type: 'handoff',
          handoff_reason: 'asked for a human',
          static_text: 'Let me get a colleague.',
          transitions: [{ to: reply, condition: 'user_responded' }],
        },
        { id: 'done', name: 'Done', type: 'end', static_text: farewell },
      ],
    },
  };
}
