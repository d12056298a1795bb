import { expect } from 'vitest';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';
import { helpDeskAgent, visitorPost } from '../../../../test/public-link-fixtures.js';

/** Greets, answers every message the same, hands over on "human", ends on "bye": every message a thumb may be given on. */
export const feedbackAgent = helpDeskAgent({ answer: 'Try turning it off and on.', farewell: 'Glad I could help.' });

export interface HistoryMessage {
  id: string;
  role: string;
  content: string;
  feedback?: string;
}

/** A link on a fresh tenant's feedbackAgent (limits generous unless told), and its tenant and agent. */
export async function feedbackLink(h: GatewayHarness, settings: Record<string, unknown> = {}) {
  const agent = await h.seedAgent(feedbackAgent);
  const link = await h.bus.request('links.links.create', {
    tenantId: agent.tenantId,
    agentName: agent.name,
    settings: { title: 'Repairs', rate_limit_per_minute: 1_000, ...settings } as never,
    publicBaseUrl: 'http://127.0.0.1:8080',
  });
  return { ...agent, linkId: link.id, token: link.token };
}

/** A visitor's conversation on the link: its first message sent, the credential and conversation id kept. */
export async function startChat(h: GatewayHarness, token: string, content = 'my kettle is broken') {
  const first = await h.inject(visitorPost(`/api/public/chat/${token}`, { content }));
  expect(first.status, first.text).toBe(200);
  return { session: first.body.session as string, conversationId: first.body.conversation_id as string };
}

export async function history(h: GatewayHarness, token: string, session: string) {
  const answer = await h.inject({ method: 'GET', url: `/api/public/history/${token}?session=${session}` });
  expect(answer.status, answer.text).toBe(200);
  return answer.body as { messages: HistoryMessage[]; rating: { score: number; comment: string | null } | null };
}

/** The newest message of a role in the visitor's history. */
export async function lastOf(h: GatewayHarness, token: string, session: string, role: string): Promise<HistoryMessage> {
  const found = (await history(h, token, session)).messages.filter((m) => m.role === role).at(-1);
  expect(found, `no ${role} message`).toBeDefined();
  return found!;
}

export const thumb = (h: GatewayHarness, token: string, messageId: string, body: unknown) =>
  h.inject(visitorPost(`/api/public/chat/${token}/messages/${messageId}/feedback`, body));

export const rate = (h: GatewayHarness, token: string, body: unknown) => h.inject(visitorPost(`/api/public/chat/${token}/rating`, body));
