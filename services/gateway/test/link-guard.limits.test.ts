import { type ChildProcess, spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { createLogger } from '@parley/logger';
import { connectRedis } from '@parley/stores';
import { freePort, waitFor } from '@parley/testing';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandling } from '../src/errors.js';
import { LinkGuard } from '../src/limits/link-guard.js';
import { lookupLink } from '../src/links/lookup.js';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { createLink } from './public-link-fixtures.js';

/**
 * The message limits through a route that does what the public chat route does with them:
 * resolve the link through the real links service, then count the visitor's message. Redis is a
 * server of the test's own, so it can be frozen (SIGSTOP: connected but silent, the worst case)
 * and thawed.
 */
describe('the public message limits', () => {
  let h: GatewayHarness;
  let redisServer: ChildProcess;
  let redis: Redis;
  let app: FastifyInstance;
  const logLines: Array<{ level: string; msg: string }> = [];

  beforeAll(async () => {
    h = await startGatewayHarness();
    const port = await freePort();
    redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    redis = await waitFor(() => connectRedis(`redis://127.0.0.1:${port}`, { connectTimeoutMs: 500 }), { timeoutMs: 10_000, intervalMs: 100 });
    const logger = createLogger({
      service: 'gateway-test',
      level: 'debug',
      destination: new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
          done();
        },
      }),
    });
    const guard = new LinkGuard({
      bus: h.bus,
      redis,
      redisKeyPrefix: h.ctx.redisPrefix,
      logger,
      config: {
        publicBaseUrl: 'http://127.0.0.1:8080',
        publicLimits: { perIpPerMinute: 3, perSessionPerMinute: 2, perEmailPerMinute: 2, invalidTokensPerIpPerMinute: 20 },
      },
    });
    app = Fastify();
    installErrorHandling(app);
    app.post<{ Params: { token: string }; Body: { credentialHash?: string; email?: string } }>('/messages/:token', async (request) => {
      const link = await lookupLink(h.bus, guard, request, request.params.token);
      await guard.limitMessage(request, link, request.body ?? {});
      return { counted: true };
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
    redisServer?.kill('SIGCONT');
    redisServer?.kill('SIGKILL');
    await h?.stop();
  });

  const send = (token: string, remoteAddress: string, visitor: { credentialHash?: string; email?: string } = {}) =>
    app.inject({ method: 'POST', url: `/messages/${token}`, remoteAddress, payload: visitor });

  function expectLimited(response: Awaited<ReturnType<typeof send>>, limit: string) {
    expect(response.statusCode, response.body).toBe(429);
    const body = response.json();
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.details).toEqual({ limit });
    const retryAfter = Number(response.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  it('holds a link with a cap on the whole link to its messages per minute, whoever sends them', async () => {
    const link = await createLink(h, { rate_limit_per_link_per_minute: 2 });
    expect((await send(link.token, '203.0.113.1')).statusCode).toBe(200);
    expect((await send(link.token, '203.0.113.2', { credentialHash: 'e'.repeat(64) })).statusCode).toBe(200);
    expectLimited(await send(link.token, '203.0.113.3', { credentialHash: 'f'.repeat(64) }), 'link');
    // Another link is not affected.
    const other = await createLink(h, { rate_limit_per_link_per_minute: 2 });
    expect((await send(other.token, '203.0.113.3')).statusCode).toBe(200);
  });

  it('holds each session of a link to the link’s messages per minute, under the platform’s ceiling per session', async () => {
    // The link's 1 per session is below the platform's 2: it applies.
    const strict = await createLink(h, { rate_limit_per_minute: 1 });
    expect((await send(strict.token, '203.0.113.20', { credentialHash: '1'.repeat(64) })).statusCode).toBe(200);
    expectLimited(await send(strict.token, '203.0.113.21', { credentialHash: '1'.repeat(64) }), 'session');
    // Another session of the link has its own.
    expect((await send(strict.token, '203.0.113.22', { credentialHash: '2'.repeat(64) })).statusCode).toBe(200);
    // The link's 10 is above the platform's 2: the platform's applies.
    const lenient = await createLink(h, { rate_limit_per_minute: 10 });
    for (let i = 0; i < 2; i++) expect((await send(lenient.token, `203.0.113.${30 + i}`, { credentialHash: '3'.repeat(64) })).statusCode).toBe(200);
    expectLimited(await send(lenient.token, '203.0.113.39', { credentialHash: '3'.repeat(64) }), 'session');
  });

  it('holds each client address, each session and each verified email to theirs', async () => {
    const link = await createLink(h, { rate_limit_per_minute: 1_000 });
    for (let i = 0; i < 3; i++) expect((await send(link.token, '198.51.100.1')).statusCode).toBe(200);
    expectLimited(await send(link.token, '198.51.100.1'), 'address');
    expect((await send(link.token, '198.51.100.2')).statusCode).toBe(200);

    const credentialHash = 'a'.repeat(64);
    expect((await send(link.token, '198.51.100.10', { credentialHash })).statusCode).toBe(200);
    expect((await send(link.token, '198.51.100.11', { credentialHash })).statusCode).toBe(200);
    expectLimited(await send(link.token, '198.51.100.12', { credentialHash }), 'session');

    // One email across its sessions and addresses, whatever its case.
    expect((await send(link.token, '198.51.100.20', { credentialHash: 'b'.repeat(64), email: 'ann@example.com' })).statusCode).toBe(200);
    expect((await send(link.token, '198.51.100.21', { credentialHash: 'c'.repeat(64), email: 'Ann@Example.com' })).statusCode).toBe(200);
    expectLimited(await send(link.token, '198.51.100.22', { credentialHash: 'd'.repeat(64), email: 'ann@example.com' }), 'email');
  });

  it('keeps answering and limiting, in memory, while Redis hangs, and returns to Redis when it is back', async () => {
    const link = await createLink(h, { rate_limit_per_minute: 1_000 });
    expect((await send(link.token, '192.0.2.1')).statusCode).toBe(200);
    expect(logLines.filter((line) => line.level === 'warn')).toEqual([]);

    redisServer.kill('SIGSTOP');
    const started = Date.now();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await send(link.token, '192.0.2.50'));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answers.slice(0, 3).map((answer) => answer.statusCode)).toEqual([200, 200, 200]);
    expectLimited(answers[3]!, 'address');
    // Only the first request paid the Redis timeout; the others went straight to memory.
    const afterFirst = Date.now();
    expect((await send(link.token, '192.0.2.51')).statusCode).toBe(200);
    expect(Date.now() - afterFirst).toBeLessThan(200);
    const warnings = () => logLines.filter((line) => line.level === 'warn').map((line) => line.msg);
    expect(warnings()).toEqual(['public rate limits: Redis failed; counting in memory until it is back']);

    redisServer.kill('SIGCONT');
    await waitFor(
      async () => {
        await send(link.token, '192.0.2.60');
        return warnings().length === 2;
      },
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(warnings()).toEqual([
      'public rate limits: Redis failed; counting in memory until it is back',
      'public rate limits: Redis is back; counting there again',
    ]);
    // Counted in Redis again: the window of a new address is a Redis key.
    expect((await send(link.token, '192.0.2.99')).statusCode).toBe(200);
    expect(await redis.exists(`${h.ctx.redisPrefix}public-windows:address:192.0.2.99`)).toBe(1);
  });
});
