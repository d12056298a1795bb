import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { listen, seedLink, startSession } from './public-events.test-kit.js';

/** Opens a visitor's stream, waits for its first bytes, and drops it. */
function connectAndDrop(baseUrl: string, token: string, session: string): Promise<void> {
  const url = new URL(`${baseUrl}/api/public/events/${token}?session=${session}`);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`status ${res.statusCode}`));
      res.once('data', () => {
        res.destroy();
        resolve();
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('SSE streams: heartbeats, and nothing held once their client is gone', () => {
  let h: GatewayHarness;
  let baseUrl: string;

  beforeAll(async () => {
    h = await startGatewayHarness({ sseHeartbeatMs: 200 }, { live: {} });
    baseUrl = await listen(h.app);
  });
  afterAll(async () => h?.stop());

  it('an idle stream gets a heartbeat comment at the configured interval', async () => {
    const { token, link } = await seedLink(h);
    const { session } = await startSession(h, link);
    const url = new URL(`${baseUrl}/api/public/events/${token}?session=${session}`);
    const heartbeats = await new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, agent: false }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        setTimeout(() => {
          res.destroy();
          resolve(text.split(': heartbeat\n\n').length - 1);
        }, 1_100);
      });
      req.on('error', reject);
      req.end();
    });
    // 200 ms apart: about five in 1.1 s (timers are not exact).
    expect(heartbeats).toBeGreaterThanOrEqual(3);
    expect(heartbeats).toBeLessThanOrEqual(6);
  });

  it('after 1,000 connect/disconnect cycles over 20 sessions: no listener, no Redis subscription, no open socket', async () => {
    const { token, link } = await seedLink(h);
    const sessions: Array<{ session: string; conversation_id: string }> = [];
    for (let i = 0; i < 20; i++) sessions.push(await startSession(h, link));
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < 1_000; i = next++) {
        const session = sessions[i % sessions.length];
        if (session) await connectAndDrop(baseUrl, token, session.session);
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    const live = h.live;
    if (!live) throw new Error('the harness serves live events');
    await expect.poll(() => live.listening(), { timeout: 5_000 }).toEqual({ conversations: 0, listeners: 0 });
    for (const session of sessions) {
      const [, subscribers] = (await h.redis.pubsub('NUMSUB', `${h.ctx.redisPrefix}live-events:${session.conversation_id}`)) as [string, number];
      expect(subscribers).toBe(0);
    }
    await expect.poll(() => new Promise<number>((resolve) => h.app.server.getConnections((_error, count) => resolve(count))), { timeout: 5_000 }).toBe(0);
  }, 60_000);
});
