import { expect } from 'vitest';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';
import { seedLink } from '../../public/live/public-events.test-kit.js';
import { deskAgent, generousPublicLimits, operatorKey, visitor } from './escalation.test-kit.js';

export { generousPublicLimits };

/**
 * A tenant whose link's workflow collected the visitor's name and email (the link's variables
 * reach the collected data), with two operator keys: the desk the inbox tests work at.
 */
export async function desk(h: GatewayHarness, variables: Record<string, string> = { first_name: 'Ana', last_name: 'Lima', email: 'ana@example.com' }) {
  const { agent, token } = await seedLink(h, deskAgent, { rate_limit_per_minute: 10_000, variables });
  return {
    token,
    tenantId: agent.tenantId,
    agentName: agent.name,
    dana: await operatorKey(h, agent.tenantId, 'Dana'),
    erin: await operatorKey(h, agent.tenantId, 'Erin'),
  };
}

/** A visitor on the desk's link says `first`, asks for a person, then says each of `then`. */
export async function escalatedVisitor(h: GatewayHarness, token: string, first: string, then: string[] = []) {
  const opened = await visitor(h, 'POST', `/api/public/chat/${token}/new`, { content: first });
  expect(opened.status, opened.text).toBe(200);
  const session = opened.body.session as string;
  const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'wants a person' });
  expect(asked.status, asked.text).toBe(201);
  for (const content of then) {
    const said = await visitor(h, 'POST', `/api/public/chat/${token}`, { content, session });
    expect(said.status, said.text).toBe(200);
  }
  return { session, conversationId: opened.body.conversation_id as string, escalationId: asked.body.escalation.id as string };
}
