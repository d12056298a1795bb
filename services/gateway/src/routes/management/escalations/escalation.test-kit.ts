import { EventSource } from 'eventsource';
import { expect } from 'vitest';
import { ADMIN_KEY, type GatewayHarness } from '../../../../test/gateway-harness.js';
import type { Received } from '../../public/live/public-events.test-kit.js';

/** An agent that asks, answers every message the same, and hands over when asked for a person. */
export const deskAgent = {
  workflow: {
    initial_node: 'ask',
    nodes: [
      {
        id: 'ask',
        name: 'Ask',
        static_text: 'How can I help?',
        transitions: [
          { to: 'human', condition: 'contains:human' },
          { to: 'answer', condition: 'user_responded' },
        ],
      },
      { id: 'answer', name: 'Answer', static_text: 'The agent answers.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      {
        id: 'human',
        name: 'Human',
        type: 'handoff',
        handoff_reason: 'asked for a human',
        static_text: 'Let me get a colleague.',
        transitions: [{ to: 'answer', condition: 'user_responded' }],
      },
    ],
  },
};

/** A tenant key with a display name: the operator's name visitors see. */
export async function operatorKey(h: GatewayHarness, tenantId: string, name: string): Promise<string> {
  const created = await h.admin('POST', `/api/tenants/${tenantId}/keys`, { name });
  expect(created.status, created.text).toBe(201);
  return created.body.key;
}

/** A visitor's JSON request on a link. */
export function visitor(h: GatewayHarness, method: 'POST' | 'GET', url: string, body?: unknown) {
  return h.inject({
    method,
    url,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
  });
}

/** An operator's request with their key. */
export function operator(h: GatewayHarness, key: string, method: 'POST' | 'GET', url: string, body?: unknown) {
  return h.withKey(key, method, url, body);
}

/** An SSE stream on a listening gateway recording the named events (with a bearer key for the inbox). */
export function follow(url: string, names: string[], headers: Record<string, string> = {}) {
  const received: Received[] = [];
  const source = new EventSource(url, { fetch: (input, init) => fetch(input, { ...init, headers: { ...(init?.headers ?? {}), ...headers } }) });
  for (const name of names) {
    source.addEventListener(name, (event) => received.push({ id: event.lastEventId, event: name, data: JSON.parse(event.data) }));
  }
  const opened = new Promise<void>((resolve, reject) => {
    source.addEventListener('open', () => resolve());
    source.addEventListener('error', (error) => reject(error));
  });
  return { source, received, opened };
}

export const adminHeaders = (tenantId: string) => ({ authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': tenantId });

/** Another agent of a tenant (deskAgent unless told), with a link of its own. */
export async function seedAgentLink(h: GatewayHarness, tenantId: string, name: string, config: unknown = deskAgent) {
  const agent = await h.admin('POST', '/api/agents', { name, config }, tenantId);
  expect(agent.status, agent.text).toBe(201);
  const link = await h.bus.request('links.links.create', {
    tenantId,
    agentName: name,
    settings: { title: 'Help', rate_limit_per_minute: 10_000 } as never,
    publicBaseUrl: 'http://127.0.0.1',
  });
  return { agentId: agent.body.id as string, name, token: link.token };
}

/** Public limits high enough for many visitors from one test address: the limits are not what those tests are about. */
export const generousPublicLimits = { perIpPerMinute: 10_000, perSessionPerMinute: 10_000, perEmailPerMinute: 10_000, invalidTokensPerIpPerMinute: 10_000 };
