import { type ChildProcess, spawn } from 'node:child_process';
import { connectRedis } from '@parley/stores';
import { freePort, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { createLink, visitorPost } from './public-link-fixtures.js';

/**
 * The gateway and the services' live event log on a Redis of the test's own, frozen with SIGSTOP
 * mid-test: connected but silent, the worst case (a closed connection fails at once).
 */
describe('public chat while Redis hangs', () => {
  let h: GatewayHarness;
  let redisServer: ChildProcess;

  beforeAll(async () => {
    const port = await freePort();
    redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const url = `redis://127.0.0.1:${port}`;
    const probe = await waitFor(() => connectRedis(url, { connectTimeoutMs: 500 }), { timeoutMs: 10_000, intervalMs: 100 });
    probe.disconnect();
    h = await startGatewayHarness({}, { redisUrl: url, live: {} });
  });
  afterAll(async () => {
    redisServer?.kill('SIGCONT');
    await h?.stop();
    redisServer?.kill('SIGKILL');
  });

  it('keeps answering visitors, each request within 5 s, and the live log catches up when Redis is back', async () => {
    const link = await createLink(h, { rate_limit_per_minute: 1_000 });
    const first = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hello' }));
    expect(first.status, first.text).toBe(200);
    const session = first.body.session as string;

    redisServer.kill('SIGSTOP');
    try {
      const timed = async (request: Parameters<GatewayHarness['inject']>[0]) => {
        const started = Date.now();
        const answer = await h.inject(request);
        return { answer, ms: Date.now() - started };
      };
      for (let i = 0; i < 3; i++) {
        const { answer, ms } = await timed(visitorPost(`/api/public/chat/${link.token}`, { content: `while frozen ${i}`, session }));
        expect(answer.status, answer.text).toBe(200);
        expect(ms).toBeLessThan(5_000);
      }
      const info = await timed({ method: 'GET', url: `/api/public/links/${link.token}` });
      expect(info.answer.status).toBe(200);
      expect(info.ms).toBeLessThan(5_000);
      const history = await timed({ method: 'GET', url: `/api/public/history/${link.token}?session=${session}` });
      expect(history.answer.status).toBe(200);
      expect(history.ms).toBeLessThan(5_000);
      // Every message is stored, Redis or not.
      expect(history.answer.body.messages.filter((m: { role: string }) => m.role === 'user')).toHaveLength(4);
      // Polling the live events needs Redis: a clear 503 in time, not a hang.
      const polled = await timed({ method: 'GET', url: `/api/public/history/${link.token}?session=${session}&after=` });
      expect(polled.ms).toBeLessThan(5_000);
      expect([200, 503]).toContain(polled.answer.status);
    } finally {
      redisServer.kill('SIGCONT');
    }

    // Back: live events are written again.
    await waitFor(
      async () => {
        const answer = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'after', session }));
        if (answer.status !== 200) return false;
        const polled = await h.inject({ method: 'GET', url: `/api/public/history/${link.token}?session=${session}&after=` });
        return polled.status === 200 && JSON.stringify(polled.body.events).includes('after');
      },
      { timeoutMs: 15_000, intervalMs: 500 },
    );
  }, 60_000);
});
