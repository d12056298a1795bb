import { sha256Hex } from '@parley/auth';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen, openStream, startSession } from './public-events.test-kit.js';

describe('GET /api/public/events/{token} when the owner closes the link', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  const sources: Array<{ close(): void }> = [];

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {} });
    baseUrl = await listen(h.app);
  });
  afterAll(async () => {
    for (const source of sources) source.close();
    await h?.stop();
  });

  it('deactivating the link through management ends its sessions: an open stream gets session_ended', async () => {
    const { key } = await h.seedTenant('Closing owner');
    await h.withKey(key, 'POST', '/api/agents', {
      name: 'helper',
      config: { workflow: { initial_node: 'a', nodes: [{ id: 'a', name: 'A', static_text: 'Hi' }] } },
    });
    const created = await h.withKey(key, 'POST', '/api/agents/helper/public-links', { title: 'Support' });
    expect(created.status).toBe(201);
    const link = await h.bus.request('links.links.resolve', { tokenHash: sha256Hex(created.body.token) });
    const started = await startSession(h, link);

    const stream = openStream(baseUrl, created.body.token, started.session);
    sources.push(stream.source);
    await stream.opened;
    expect(stream.received.some((e) => e.event === 'session_ended')).toBe(false);

    const deactivated = await h.withKey(key, 'PUT', `/api/agents/helper/public-links/${created.body.id}`, { active: false });
    expect(deactivated.status).toBe(200);
    await waitFor(() => stream.received.some((e) => e.event === 'session_ended'));
    expect(stream.received.filter((e) => e.event === 'session_ended').map((e) => e.data)).toEqual([{ reason: 'link_deactivated' }]);

    // The visitor's next message finds the link gone.
    const next = await h.inject({
      method: 'POST',
      url: `/api/public/chat/${created.body.token}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ content: 'still there?', session: started.session }),
    });
    expect(next.status).toBe(410);
  });
});
