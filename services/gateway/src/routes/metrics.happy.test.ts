import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../test/gateway-harness.js';
import { createLink, visitorPost } from '../../test/public-link-fixtures.js';
import { listen, openStream, seedLink, startSession } from './public/live/public-events.test-kit.js';
import { socketOpener } from './public/live/public-socket.test-kit.js';

// What Prometheus reads of the gateway beside its request durations: the live connections it
// holds (parley_live_connections{transport}) and the requests its rate limits refuse
// (parley_rate_limit_refusals_total{limit}), on the registry its /metrics serves.

describe('gateway metrics', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  const sockets = socketOpener();

  beforeAll(async () => {
    h = await startGatewayHarness({ notFoundRateLimitPerMinute: 2 }, { live: {} });
    baseUrl = await listen(h.app);
  });
  afterAll(async () => {
    sockets.closeAll();
    await h?.stop();
  });

  /** The value of one series of a metric on the gateway's registry (0 when the series does not exist yet). */
  async function seriesValue(name: string, labels: Record<string, string>): Promise<number> {
    const metric = h.registry.getSingleMetric(name);
    if (!metric) throw new Error(`${name} is not registered`);
    const { values } = await metric.get();
    return values.find((value) => Object.entries(labels).every(([key, label]) => value.labels[key] === label))?.value ?? 0;
  }
  const connections = (transport: 'sse' | 'ws') => seriesValue('parley_live_connections', { transport });
  const refusals = (limit: string) => seriesValue('parley_rate_limit_refusals_total', { limit });

  it('counts an open SSE stream while it is open, and no more once the client closes it', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    expect(await connections('sse')).toBe(0);
    const stream = openStream(baseUrl, token, started.session);
    await stream.opened;
    await waitFor(async () => expect(await connections('sse')).toBe(1));
    stream.source.close();
    await waitFor(async () => expect(await connections('sse')).toBe(0));
    expect(await connections('ws')).toBe(0);
  });

  it('counts an open widget WebSocket until it closes', async () => {
    const { token, link } = await seedLink(h);
    const started = await startSession(h, link);
    const socket = sockets.open(baseUrl, token, started.session);
    await socket.opened;
    await waitFor(async () => expect(await connections('ws')).toBe(1));
    socket.socket.close();
    await socket.ended;
    await waitFor(async () => expect(await connections('ws')).toBe(0));
  });

  it('times each claim of a single-use signature – a message, and its replay – and no other signed request', async () => {
    const claims = async () => {
      const { values } = (await h.registry.getSingleMetric('parley_signature_claim_duration_seconds')?.get()) ?? { values: [] };
      return values.find((value) => (value as { metricName?: string }).metricName === 'parley_signature_claim_duration_seconds_count')?.value ?? 0;
    };
    const agent = await h.seedAgent();
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.status).toBe(201);
    const before = await claims();
    const now = Date.now();
    const path = `/api/chat/sessions/${created.body.session_id}/messages`;
    expect((await h.signed('POST', path, { content: 'hello' }, { now })).status).toBe(200);
    expect(await claims()).toBe(before + 1);
    expectError(await h.signed('POST', path, { content: 'hello' }, { now }), 401, 'unauthorized');
    expect(await claims()).toBe(before + 2);
    // A status read is signed but not single-use: nothing to claim.
    expect((await h.signed('GET', `/api/chat/sessions/${created.body.session_id}`)).status).toBe(200);
    expect(await claims()).toBe(before + 2);
  });

  it('counts a refused request by the limit that refused it (a link’s messages per minute, the not-found budget)', async () => {
    const link = await createLink(h, { rate_limit_per_link_per_minute: 1 });
    const before = await refusals('link');
    expect((await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'one' }, { remoteAddress: '203.0.113.7' }))).status).toBe(200);
    expect(await refusals('link')).toBe(before);
    expectError(await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'two' }, { remoteAddress: '203.0.113.8' })), 429, 'rate_limited');
    expect(await refusals('link')).toBe(before + 1);

    for (let i = 1; i <= 2; i++) expect((await h.inject({ method: 'GET', url: `/no/such/route/${i}`, remoteAddress: '203.0.113.9' })).status).toBe(404);
    const limited = await h.inject({ method: 'GET', url: '/no/such/route/3', remoteAddress: '203.0.113.9' });
    expectError(limited, 429, 'rate_limited');
    expect(limited.body.error.details).toEqual({ limit: 'not_found' });
    expect(await refusals('not_found')).toBe(1);
  });

  it('counts a message refused on a WebSocket by a rate limit', async () => {
    // One message a minute per session: the one that started the session was its first.
    const link = await createLink(h, { rate_limit_per_minute: 1 });
    const first = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hello' }, { remoteAddress: '198.51.100.4' }));
    expect(first.status, first.text).toBe(200);
    const before = await refusals('session');
    const socket = sockets.open(baseUrl, link.token, first.body.session);
    await socket.opened;
    socket.send({ type: 'message', content: 'again', client_id: 'c1' });
    const refused = await waitFor(() => socket.frames.find((frame) => frame.type === 'error') ?? false);
    expect(refused).toMatchObject({ client_id: 'c1', error: { code: 'rate_limited', details: { limit: 'session' } } });
    expect(await refusals('session')).toBe(before + 1);
    socket.socket.close();
  });

  it('exposes both series on the registry /metrics serves', async () => {
    const text = await h.registry.metrics();
    expect(text).toMatch(/^parley_live_connections\{transport="sse".*\} \d+$/m);
    expect(text).toMatch(/^parley_live_connections\{transport="ws".*\} \d+$/m);
    expect(text).toMatch(/^parley_rate_limit_refusals_total\{limit="link".*\} \d+$/m);
  });
});
