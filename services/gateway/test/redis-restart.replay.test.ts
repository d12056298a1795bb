import { delimiter } from 'node:path';
import { signRequest } from '@parley/auth';
import { findExecutable, type RestartableServer, startRedisServer, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_SECRET, expectError, type GatewayHarness, startGatewayHarness } from './gateway-harness.js';

const binary = await findExecutable('redis-server', [process.env.PATH ?? '', '/usr/sbin', '/usr/local/bin'].join(delimiter));

/**
 * The gateway's replay protection on a Redis of the test's own that keeps nothing on disk, restarted
 * between a message and its replay: the signatures it remembered are gone with it (docs/text-chat-api.md,
 * "Replays and safe retries").
 */
describe.skipIf(binary === null)('Text Chat API replays across a Redis restart', () => {
  let h: GatewayHarness;
  let redisServer: RestartableServer;

  beforeAll(async () => {
    redisServer = await startRedisServer(binary as string);
    h = await startGatewayHarness({}, { redisUrl: redisServer.url });
  });
  afterAll(async () => {
    await h?.stop();
    await redisServer?.stop();
  });

  /**
   * The latest reset's `not_before` (Unix seconds) the gateway answered: a request is signed a
   * millisecond past it – within the signature's tolerance – rather than waiting for the clock to
   * get there (NONCE_RESET_MARGIN_SECONDS).
   */
  let notBefore = 0;
  const signedAt = () => Math.max(Date.now(), notBefore * 1000 + 1);

  /** Sends exactly these signed bytes (the same headers every time). */
  const send = (path: string, raw: string, signature: Record<string, string>, extra: Record<string, string> = {}) =>
    h.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', ...signature, ...extra }, payload: raw });

  async function newSession(): Promise<string> {
    const agent = await h.seedAgent();
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.status, created.text).toBe(201);
    return created.body.session_id;
  }

  /** Redis is back and the gateway's connection works again. */
  async function restartRedis(): Promise<void> {
    await redisServer.restart();
    await waitFor(async () => (await h.redis.ping().catch(() => '')) === 'PONG', { timeoutMs: 15_000, intervalMs: 100 });
    expect(await h.redis.dbsize()).toBe(0);
  }

  it('a message replayed after Redis lost its keys is refused and runs no second turn; a message signed anew runs', async () => {
    const id = await newSession();
    const path = `/api/chat/sessions/${id}/messages`;
    const raw = JSON.stringify({ content: 'pay the invoice' });
    const signature = signRequest(CHAT_SECRET, 'POST', path, raw, Date.now(), { fractional: true });
    const first = await send(path, raw, signature);
    expect(first.status, first.text).toBe(200);
    expect(first.body.turn_number).toBe(1);
    // Before the restart, the replay is refused as it always was.
    expectError(await send(path, raw, signature), 401, 'unauthorized');

    await restartRedis();

    const replay = await send(path, raw, signature);
    expectError(replay, 401, 'unauthorized');
    expect(replay.body.error.details.reason).toBe('replay_window_reset');
    notBefore = replay.body.error.details.not_before as number;
    expect(typeof notBefore).toBe('number');
    // Sent again, still refused: nothing about the replay was remembered as accepted.
    expect((await send(path, raw, signature)).body.error.details.reason).toBe('replay_window_reset');
    const status = await h.signed('GET', `/api/chat/sessions/${id}`, undefined, { now: Date.now() });
    expect(status.status, status.text).toBe(200);
    expect(status.body.turns).toBe(1);

    // A legitimate client signs anew; once its timestamp is past `not_before`, the message runs, once.
    const fresh = signRequest(CHAT_SECRET, 'POST', path, raw, signedAt(), { fractional: true });
    const resigned = await send(path, raw, fresh);
    expect(resigned.status, resigned.text).toBe(200);
    expect(resigned.body.turn_number).toBe(2);
    expectError(await send(path, raw, fresh), 401, 'unauthorized');
  }, 60_000);

  it('a retry with the same Idempotency-Key, signed anew after the restart, returns the first result and runs no turn', async () => {
    const id = await newSession();
    const path = `/api/chat/sessions/${id}/messages`;
    const raw = JSON.stringify({ content: 'book it' });
    const key = { 'idempotency-key': 'order-77' };
    const first = await send(path, raw, signRequest(CHAT_SECRET, 'POST', path, raw, signedAt(), { fractional: true }), key);
    expect(first.status, first.text).toBe(200);

    await restartRedis();

    // Signed at once, the retry is dated before the reset's `not_before`: refused, as any request is.
    const early = await send(path, raw, signRequest(CHAT_SECRET, 'POST', path, raw, Date.now(), { fractional: true }), key);
    expectError(early, 401, 'unauthorized');
    expect(early.body.error.details.reason).toBe('replay_window_reset');
    notBefore = early.body.error.details.not_before as number;
    // Signed past it: the keys are kept with the turns in PostgreSQL, so Redis losing its data does not free them.
    const retried = await send(path, raw, signRequest(CHAT_SECRET, 'POST', path, raw, signedAt(), { fractional: true }), key);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.body).toEqual(first.body);
    const status = await h.signed('GET', `/api/chat/sessions/${id}`, undefined, { now: Date.now() });
    expect(status.body.turns).toBe(1);
  }, 60_000);

  it('a message signed before the reset and first sent after it is refused too (it cannot be told from a replay): sign anew', async () => {
    const id = await newSession();
    const path = `/api/chat/sessions/${id}/messages`;
    const raw = JSON.stringify({ content: 'during the outage' });
    const signature = signRequest(CHAT_SECRET, 'POST', path, raw, Date.now(), { fractional: true });
    await restartRedis();
    const answer = await send(path, raw, signature);
    expectError(answer, 401, 'unauthorized');
    expect(answer.body.error.details.reason).toBe('replay_window_reset');
    expect((await h.signed('GET', `/api/chat/sessions/${id}`, undefined, { now: Date.now() })).body.turns).toBe(0);
  }, 60_000);
});
