import { randomUUID } from 'node:crypto';
import { EventType } from '@ag-ui/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, type GatewayHarness } from '../../../../test/gateway-harness.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';
import { protocolLink, sseEvents, startProtocolsHarness } from './protocols.test-kit.js';

const SHOP = 'https://shop.example.com';
const run = () => ({ threadId: randomUUID(), runId: randomUUID(), messages: [{ id: randomUUID(), role: 'user', content: 'hello' }] });
const call = () => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'message/send',
  params: { message: { kind: 'message', messageId: randomUUID(), role: 'user', parts: [{ kind: 'text', text: 'hello' }] } },
});

describe('a link’s rules over the open protocols', () => {
  let h: GatewayHarness;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ h, stop } = await startProtocolsHarness());
  });
  afterAll(async () => stop?.());

  it('a page of another origin is refused as on the public chat; the link’s own origins get CORS, A2A’s headers among them', async () => {
    const { token } = await protocolLink(h, echoAgent, { allowed_origins: [SHOP] });
    const agui = await h.inject(visitorPost(`/api/public/agui/${token}`, run(), { origin: 'https://evil.example.net' }));
    expect(sseEvents(agui.text)).toEqual([
      expect.objectContaining({ type: EventType.RUN_ERROR, code: 'forbidden', metadata: expect.objectContaining({ details: { reason: 'origin' } }) }),
    ]);
    const a2a = await h.inject(visitorPost(`/a2a/${token}`, call(), { origin: 'https://evil.example.net' }));
    expect(a2a.body.error).toMatchObject({ code: -32000, data: { code: 'forbidden', details: { reason: 'origin' } } });
    const card = await h.inject({ method: 'GET', url: `/a2a/${token}/.well-known/agent-card.json`, headers: { origin: 'https://evil.example.net' } });
    expect(card.status).toBe(403);

    const fromShop = await h.inject(visitorPost(`/a2a/${token}`, call(), { origin: SHOP }));
    expect(fromShop.body.result).toMatchObject({ kind: 'task', status: { state: 'completed' } });
    expect(fromShop.headers['access-control-allow-origin']).toBe(SHOP);
    for (const url of [`/a2a/${token}`, `/api/public/agui/${token}`]) {
      const preflight = await h.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: SHOP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, a2a-version' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe(SHOP);
      expect(String(preflight.headers['access-control-allow-headers'])).toContain('a2a-version');
    }
  });

  it('an address the link’s IP rules refuse is refused over both protocols', async () => {
    const { token } = await protocolLink(h, echoAgent, { ip_deny: ['203.0.113.0/24'] });
    const agui = await h.inject({ ...visitorPost(`/api/public/agui/${token}`, run()), remoteAddress: '203.0.113.9' });
    expect(sseEvents(agui.text)).toEqual([expect.objectContaining({ type: EventType.RUN_ERROR, code: 'forbidden' })]);
    const a2a = await h.inject({ ...visitorPost(`/a2a/${token}`, call()), remoteAddress: '203.0.113.9' });
    expect(a2a.body.error.data).toMatchObject({ code: 'forbidden', details: { reason: 'ip' } });
  });
});
