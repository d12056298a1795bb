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
