import http from 'node:http';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen, seedLink, startSession } from './public-events.test-kit.js';
import { socketOpener } from './public-socket.test-kit.js';

/** An SSE request from `localAddress`: open (200, kept until `close`), or refused with its answer. */
function openSse(baseUrl: string, token: string, session: string, localAddress = '127.0.0.1') {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: unknown; close(): void }>((resolve, reject) => {
    const request = http.get(`${baseUrl}/api/public/events/${token}?session=${session}`, { localAddress, agent: false }, (response) => {
      const close = () => request.destroy();
      if (response.statusCode === 200) return resolve({ status: 200, headers: response.headers, body: undefined, close });
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text), close }));
    });
    request.on('error', reject);
  });
}

const refusedFor = (limit: string) => ({ error: { code: 'rate_limited', details: { limit } } });

describe('live streams (SSE and WebSocket together) are capped per session and per client address, across gateways', () => {
  let h: GatewayHarness;
  let baseUrl: string;
  let otherGatewayUrl: string;
  const sockets = socketOpener();
  const streams: Array<{ close(): void }> = [];

  beforeAll(async () => {
    h = await startGatewayHarness({ liveStreamCaps: { perSession: 5, perAddress: 8 } }, { live: {} });
    baseUrl = await listen(h.app);
    otherGatewayUrl = await listen(await h.startGateway());
  });
  afterAll(async () => {
    sockets.closeAll();
    for (const stream of streams) stream.close();
    await h?.stop();
  });

  const sse = async (url: string, token: string, session: string, localAddress?: string) => {
    const opened = await openSse(url, token, session, localAddress);
    streams.push(opened);
    return opened;
  };

  it('the 6th stream of a session is refused (429 before the upgrade or the stream) while 5 are open, on either gateway; one closing frees its slot at once', async () => {
    const { token, link } = await seedLink(h);
    const { session } = await startSession(h, link);
    const first = await sse(baseUrl, token, session);
    expect(first.status).toBe(200);
    expect((await sse(otherGatewayUrl, token, session)).status).toBe(200);
    expect((await sse(baseUrl, token, session)).status).toBe(200);
    await sockets.open(baseUrl, token, session).opened;
    await sockets.open(otherGatewayUrl, token, session).opened;

    for (const url of [baseUrl, otherGatewayUrl]) {
      const refusedSse = await sse(url, token, session);
      expect(refusedSse.status).toBe(429);
      expect(Number(refusedSse.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(refusedSse.body).toMatchObject(refusedFor('streams_per_session'));
      const refusedSocket = await sockets.open(url, token, session).ended;
      expect(refusedSocket).toMatchObject({ kind: 'refused', status: 429, body: refusedFor('streams_per_session') });
      expect(Number((refusedSocket as { headers: Record<string, string> }).headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }

    // Another session of the same visitor is not held back by this one's cap.
    const other = await startSession(h, link);
    expect((await sse(baseUrl, token, other.session)).status).toBe(200);

    first.close();
    const closedAt = Date.now();
    await waitFor(async () => {
      const again = sockets.open(baseUrl, token, session);
      const outcome = await Promise.race([again.opened.then(() => 'open'), again.ended.then(() => 'refused')]);
      return outcome === 'open';
    });
    expect(Date.now() - closedAt).toBeLessThan(2_000);
    expect((await sse(baseUrl, token, session)).body).toMatchObject(refusedFor('streams_per_session'));
  });

  it('one address may hold at most 8 streams across sessions and gateways; another address is not held back', async () => {
    const { token, link } = await seedLink(h);
    const address = '127.0.0.7';
    const sessions = await Promise.all([startSession(h, link), startSession(h, link), startSession(h, link)]);
    for (const [index, { session }] of sessions.entries()) {
      for (let n = 0; n < (index < 2 ? 3 : 2); n++) {
        const url = n % 2 === 0 ? baseUrl : otherGatewayUrl;
        if (n === 1) await sockets.open(url, token, session, undefined, { localAddress: address }).opened;
        else expect((await sse(url, token, session, address)).status).toBe(200);
      }
    }
    const last = sessions[2]?.session as string;
    const refusedSse = await sse(otherGatewayUrl, token, last, address);
    expect(refusedSse.status).toBe(429);
    expect(refusedSse.body).toMatchObject(refusedFor('streams_per_address'));
    expect(await sockets.open(baseUrl, token, last, undefined, { localAddress: address }).ended).toMatchObject({
      kind: 'refused',
      status: 429,
      body: refusedFor('streams_per_address'),
    });
    expect((await sse(baseUrl, token, last, '127.0.0.8')).status).toBe(200);
  });
});
