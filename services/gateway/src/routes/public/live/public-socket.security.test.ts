import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen, seedLink, startSession } from './public-events.test-kit.js';
import { socketOpener } from './public-socket.test-kit.js';

const SHOP = 'https://shop.example';

describe('GET /api/public/ws/{token}: the link’s rules', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  const sockets = socketOpener();

  beforeAll(async () => {
    // Links reused for 50 ms rather than LINK_CACHE_MS's second: a change reaches the gateway without waiting the second out.
    h = await startGatewayHarness({}, { live: {}, linkCacheMs: 50 });
    baseUrl = await listen(h.app);
  });
  afterAll(async () => {
    sockets.closeAll();
    await h?.stop();
  });

  it('an origin the link does not allow is refused before the upgrade (403); an allowed one, or none, connects', async () => {
    const { token, link } = await seedLink(h, undefined, { allowed_origins: [SHOP] });
    const started = await startSession(h, link);
    const evil = await sockets.open(baseUrl, token, started.session, undefined, { headers: { origin: 'https://evil.example' } }).ended;
    expect(evil).toMatchObject({ kind: 'refused', status: 403, body: { error: { code: 'forbidden', details: { reason: 'origin' } } } });
    const shop = sockets.open(baseUrl, token, started.session, undefined, { headers: { origin: SHOP } });
    await shop.opened;
    // A client that is no browser sends no Origin: the link's origins are a browser's rule, as on the SSE route.
    await sockets.open(baseUrl, token, started.session).opened;
  });

  it('an address the link denies is refused (403), another connects; a rule added later refuses the next message', async () => {
    const { agent, token, link, linkId } = await seedLink(h, undefined, { ip_deny: ['127.0.0.2'] });
    const started = await startSession(h, link);
    const denied = await sockets.open(baseUrl, token, started.session, undefined, { localAddress: '127.0.0.2' }).ended;
    expect(denied).toMatchObject({ kind: 'refused', status: 403, body: { error: { code: 'forbidden', details: { reason: 'ip' } } } });
    const allowed = sockets.open(baseUrl, token, started.session, undefined, { localAddress: '127.0.0.3' });
    await allowed.opened;

    await h.bus.request('links.links.update', { tenantId: agent.tenantId, agentName: agent.name, linkId, changes: { ip_deny: ['127.0.0.0/24'] } });
    // Changed elsewhere (not through this gateway): seen once the resolved link it keeps runs out.
    await waitFor(async () => (await h.inject({ method: 'GET', url: `/api/public/links/${token}`, remoteAddress: '127.0.0.3' })).status === 403);
    allowed.send({ type: 'message', content: 'still allowed?', client_id: 'late' });
    await waitFor(() => allowed.frames.some((frame) => frame.client_id === 'late'));
    expect(allowed.frames.find((frame) => frame.client_id === 'late')).toMatchObject({
      type: 'error',
      error: { code: 'forbidden', details: { reason: 'ip' } },
    });
  });

  it('a session works only with its own link: another link’s token with it is 401, and a frame cannot name another session', async () => {
    const mine = await seedLink(h);
    const other = await seedLink(h);
    const started = await startSession(h, mine.link);
    const crossed = await sockets.open(baseUrl, other.token, started.session).ended;
    expect(crossed).toMatchObject({ kind: 'refused', status: 401, body: { error: { code: 'unauthorized', details: { reason: 'unknown_session' } } } });

    const othersSession = await startSession(h, other.link);
    const ws = sockets.open(baseUrl, mine.token, started.session);
    await ws.opened;
    ws.send({ type: 'message', content: 'into the other one', client_id: 'x', session: othersSession.session });
    await waitFor(() => ws.frames.some((frame) => frame.client_id === 'x'));
    expect(ws.frames.find((frame) => frame.client_id === 'x')).toMatchObject({ type: 'error', error: { code: 'invalid' } });
    const history = await h.inject({ method: 'GET', url: `/api/public/history/${other.token}?session=${othersSession.session}` });
    expect(history.body.messages.map((m: { content: string }) => m.content)).not.toContain('into the other one');
  });

  it('a deactivated link ends its sockets: session_ended, then 1000', async () => {
    const { agent, token, link, linkId } = await seedLink(h);
    const started = await startSession(h, link);
    const ws = sockets.open(baseUrl, token, started.session);
    await ws.opened;
    await h.bus.request('links.links.update', { tenantId: agent.tenantId, agentName: agent.name, linkId, changes: { active: false } });
    expect(await ws.ended).toMatchObject({ kind: 'closed', code: 1000 });
    expect(ws.events().at(-1)).toMatchObject({ event: 'session_ended', data: { reason: 'link_deactivated' } });
  });

  it('a token of another shape, repeated, counts against the address like any unknown token (429 past the budget)', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 25; i++) {
      const outcome = await sockets.open(baseUrl, `probe${i}`, undefined, undefined, { localAddress: '127.0.0.9' }).ended;
      codes.push(outcome.kind === 'refused' ? outcome.status : 0);
    }
    expect(codes.slice(0, 20).every((code) => code === 404)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });
});
