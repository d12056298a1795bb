import { randomUUID } from 'node:crypto';
import { delimiter } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createTestContext,
  type FakeLlm,
  findExecutable,
  freePort,
  greetThenAskLlmAgent,
  lastUserMessage,
  linkTestKeyEnv,
  type RestartableServer,
  startFakeLlm,
  startNatsServer,
  type TestContext,
  waitFor,
} from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManagedProcess, PROCESS_READY_MS, startService, waitForHttp } from './process-harness.js';
import { manage, SignedClient } from './signed-client.js';

/**
 * A NATS restart under load, every service as its own process: this file runs a NATS server of its
 * own (the machine's is shared) and restarts it while turns wait in the runners' queue, kept in
 * memory (RUNNER_QUEUE_STORAGE's default) – so the restart loses them.
 */

const ADMIN_KEY = 'nats-restart-admin-key-0123456789';
const CHAT_SECRET = 'nats-restart-chat-secret-0123456789';
const CLIENTS = 8;
/** Every request is answered within this, through the restart (a lost turn once waited 60 s). */
const ANSWER_BOUND_MS = 15_000;
/** The LLM answers this slowly, so turns run and wait in the queue (the runner takes 2 at once) when NATS dies. */
const LLM_MS = 600;

// Debian installs nats-server in /usr/sbin, which is not on every user's PATH.
const binary = await findExecutable('nats-server', [process.env.PATH ?? '', '/usr/sbin', '/usr/local/bin'].join(delimiter));

interface Answered {
  what: string;
  /** When it was sent. */
  at: number;
  status: number;
  ms: number;
  retryAfter: string | null;
  body: any;
}

describe.skipIf(binary === null)('a NATS restart under load, every service as its own process', () => {
  let ctx: TestContext;
  let nats: RestartableServer;
  let llm: FakeLlm;
  const procs: ManagedProcess[] = [];
  let chat: SignedClient;
  let tenantId: string;
  let agentId: string;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'nats-restart' });
    nats = await startNatsServer(binary as string);
    llm = await startFakeLlm({
      handler: (req) => ({ content: `Echo: ${lastUserMessage(req)}`, delayMs: LLM_MS }),
    });
    const common = { NATS_URL: nats.url, REDIS_URL: ctx.redisUrl, BUS_NAMESPACE: ctx.namespace, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_SECONDS: '5' };
    const withDb = { ...common, DATABASE_URL: ctx.databaseUrl, ...linkTestKeyEnv };
    const port = await freePort();
    const launch = async (service: string, vars: Record<string, string>) => {
      const healthPort = await freePort();
      const proc = startService(service, { ...vars, HEALTH_PORT: String(healthPort) });
      procs.push(proc);
      return { proc, ready: `http://127.0.0.1:${healthPort}/readyz` };
    };
    const started = [
      await launch('gateway', { ...common, ADMIN_API_KEY: ADMIN_KEY, CHAT_API_SECRET: CHAT_SECRET, PORT: String(port), HOST: '127.0.0.1' }),
      await launch('links', withDb),
      await launch('sessions', withDb),
      await launch('agent-runner', { ...common, OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'fake-key', LLM_MAX_RETRIES: '0', RUNNER_MAX_IN_FLIGHT: '2' }),
    ];
    await Promise.all(started.map(({ proc, ready }) => waitForHttp(ready, proc, { timeoutMs: PROCESS_READY_MS })));
    const gatewayUrl = `http://127.0.0.1:${port}`;
    chat = new SignedClient(gatewayUrl, CHAT_SECRET);
    const tenant = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/tenants', { name: 'NATS restart' });
    expect(tenant.status, JSON.stringify(tenant.body)).toBe(201);
    tenantId = tenant.body.id;
    const agent = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/agents', { name: 'echo', config: greetThenAskLlmAgent('Hello.') }, tenantId);
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    agentId = agent.body.id;
  }, 150_000);

  afterAll(async () => {
    await Promise.all(procs.map((proc) => proc.stop(8_000)));
    await llm?.close();
    await nats?.stop();
    await ctx?.cleanup();
  });

  it('answers every request within 15 s (200, or 503 with Retry-After) when NATS restarts with turns queued and running, and runs no turn twice', async () => {
    const answers: Answered[] = [];
    const errors: string[] = [];
    /** Per session: the contents answered 200, in order. */
    const acknowledged = new Map<string, string[]>();
    let stopping = false;
    let restartedAt = 0;

    const timed = async (what: string, call: () => Promise<{ status: number; headers: Headers; body: any }>): Promise<Answered | undefined> => {
      const sent = Date.now();
      try {
        const response = await call();
        const answer = { what, at: sent, status: response.status, ms: Date.now() - sent, retryAfter: response.headers.get('retry-after'), body: response.body };
        answers.push(answer);
        return answer;
      } catch (error) {
        errors.push(`${what}: ${(error as Error).message} after ${Date.now() - sent} ms`);
        return undefined;
      }
    };
    const backOff = (answer: Answered | undefined) => sleep(answer?.status === 503 ? 200 : 50);

    // Closed loops, as a backend would run them: each message carries an Idempotency-Key and is sent
    // again with it until it is answered 200.
    const loops = Array.from({ length: CLIENTS }, async (_, client) => {
      while (!stopping) {
        const created = await timed('create', () => chat.createSession({ tenant_id: tenantId, agent_id: agentId }));
        if (created?.status !== 201) {
          await backOff(created);
          continue;
        }
        const sessionId: string = created.body.session_id;
        const sent: string[] = [];
        acknowledged.set(sessionId, sent);
        for (let m = 1; m <= 6 && !stopping; m++) {
          const content = `client ${client} message ${m}`;
          const key = randomUUID();
          // Retried until answered, even once the test stops sending new ones: a message may have been committed.
          const first = Date.now();
          for (;;) {
            const answer = await timed('send', () => chat.send(sessionId, content, { 'idempotency-key': key }));
            if (answer?.status === 200) {
              expect(answer.body.response).toBe(`Echo: ${content}`);
              sent.push(content);
              break;
            }
            if (Date.now() - first > 40_000) {
              errors.push(`${content}: never answered 200`);
              break;
            }
            await backOff(answer);
          }
        }
      }
    });

    try {
      await waitFor(() => answers.filter((a) => a.status === 200).length >= 10, { timeoutMs: 30_000 });
      // Turns are running (two at once: the LLM holds both) and waiting in the queue behind them.
      await waitFor(() => llm.inFlight >= 2, { timeoutMs: 10_000, intervalMs: 10 });
      await nats.restart();
      restartedAt = Date.now();
      // Load goes on through the restart and after it: until turns are served again, and then
      // until three turns a client sent since are answered (what was sent before is still retried
      // meanwhile, and awaited below however long it takes, each held to ANSWER_BOUND_MS).
      const sentSince = () => answers.filter((a) => a.status === 200 && a.what === 'send' && a.at > restartedAt + 1_000).length;
      await waitFor(() => sentSince() > 0, { timeoutMs: 40_000 });
      await waitFor(() => sentSince() >= CLIENTS * 3, { timeoutMs: 40_000 });
    } finally {
      stopping = true;
      await Promise.all(loops);
    }

    const slow = answers.filter((a) => a.ms > ANSWER_BOUND_MS).map((a) => `${a.what}: ${a.status} after ${a.ms} ms ${JSON.stringify(a.body)}`);
    const refused = answers.filter((a) => a.status === 503);
    console.info(
      `NATS restart under load: ${answers.length} requests, ${answers.filter((a) => a.status === 200).length} turns answered, ${refused.length} answered 503 (${[
        ...new Set(refused.map((a) => a.body?.error?.details?.reason)),
      ].join(', ')}), slowest ${Math.max(...answers.map((a) => a.ms))} ms`,
    );
    expect(errors).toEqual([]);
    expect(slow).toEqual([]);
    // Answered as a client can act on: a result, or 503 with when to come back (never a 500).
    expect(answers.filter((a) => ![200, 201, 503].includes(a.status)).map((a) => `${a.what}: ${a.status} ${JSON.stringify(a.body)}`)).toEqual([]);
    for (const answer of refused) {
      expect(answer.retryAfter, JSON.stringify(answer.body)).toMatch(/^\d+$/);
      expect(answer.body).toMatchObject({ error: { code: 'unavailable', request_id: expect.any(String) } });
    }

    // Every message answered 200 is stored once, as its turn (a retry with its key ran nothing more).
    const sessions = [...acknowledged.keys()];
    const rows = await ctx.db
      .selectFrom('text_conversation_messages as m')
      .innerJoin('text_conversations as c', 'c.id', 'm.conversation_id')
      .select(['c.session_id', 'c.total_turns', 'm.content', 'm.status'])
      .where('m.role', '=', 'user')
      .where('c.session_id', 'in', sessions)
      .orderBy('m.sequence')
      .execute();
    const stored = new Map<string, string[]>(sessions.map((id) => [id, []]));
    for (const row of rows) if (row.status !== 'failed') stored.get(row.session_id)?.push(row.content);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(acknowledged));
    for (const row of rows) expect(row.total_turns).toBe(acknowledged.get(row.session_id)?.length);
  }, 150_000);
});
