import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestContext, findExecutable, freePort, linkTestKeyEnv, type TestContext, waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManagedProcess, PROCESS_READY_MS, startService, waitForHttp } from './process-harness.js';
import { manage, SignedClient } from './signed-client.js';

const ADMIN_KEY = 'lost-reply-admin-key-0123456789';
const CHAT_SECRET = 'lost-reply-chat-secret-0123456789';

/** Answers without any LLM: a greeting, then "Noted." to every message. */
const agentConfig = {
  workflow: {
    initial_node: 'start',
    nodes: [
      { id: 'start', name: 'Start', static_text: 'Say something.', transitions: [{ to: 'echo', condition: 'user_responded' }] },
      { id: 'echo', name: 'Echo', static_text: 'Noted.', transitions: [] },
    ],
  },
};

/** A nats-server of this test's own (never the machine's shared one), which the test can freeze and thaw. */
async function startOwnNats(): Promise<{ url: string; child: ChildProcess; dir: string }> {
  const binary = await findExecutable('nats-server');
  if (!binary) throw new Error('nats-server is not on PATH');
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'parley-lost-reply-nats-'));
  const child = spawn(binary, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nats-server did not start:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/Server is ready/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`nats-server exited:\n${output}`)));
  });
  return { url: `nats://127.0.0.1:${port}`, child, dir };
}

/**
 * The answer of a committed turn lost on its way back (docs/text-chat-api.md "When a message fails"): the
 * turn's commit is held by a row lock, NATS is frozen, the lock released – the turn commits, its
 * reply cannot reach the gateway, which gives up when the sessions replica falls silent.
 */
describe('a reply lost after its turn committed', () => {
  let ctx: TestContext;
  let nats: Awaited<ReturnType<typeof startOwnNats>>;
  const processes: ManagedProcess[] = [];
  let gatewayUrl: string;
  let chat: SignedClient;
  let tenantId: string;
  let agentId: string;
  let token: string;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'lost-reply' });
    nats = await startOwnNats();
    const common = { NATS_URL: nats.url, REDIS_URL: ctx.redisUrl, BUS_NAMESPACE: ctx.namespace, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_SECONDS: '5' };
    const withDb = { ...common, DATABASE_URL: ctx.databaseUrl, ...linkTestKeyEnv };
    const port = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}`;
    const healthPorts = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    processes.push(startService('links', { ...withDb, HEALTH_PORT: String(healthPorts[0]) }, 'links'));
    processes.push(startService('sessions', { ...withDb, HEALTH_PORT: String(healthPorts[1]) }, 'sessions'));
    processes.push(startService('agent-runner', { ...common, HEALTH_PORT: String(healthPorts[2]) }, 'agent-runner'));
    processes.push(
      startService(
        'gateway',
        { ...common, ADMIN_API_KEY: ADMIN_KEY, CHAT_API_SECRET: CHAT_SECRET, PORT: String(port), HEALTH_PORT: String(healthPorts[3]), HOST: '127.0.0.1' },
        'gateway',
      ),
    );
    await Promise.all(processes.map((proc, i) => waitForHttp(`http://127.0.0.1:${healthPorts[i]}/readyz`, proc, { timeoutMs: PROCESS_READY_MS })));
    chat = new SignedClient(gatewayUrl, CHAT_SECRET);
    const tenant = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/tenants', { name: 'Lost replies' });
    tenantId = tenant.body.id;
    const agent = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/agents', { name: 'noted', config: agentConfig }, tenantId);
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    agentId = agent.body.id;
    const link = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/agents/noted/public-links', { title: 'Lost replies' }, tenantId);
    expect(link.status, JSON.stringify(link.body)).toBe(201);
    token = link.body.token;
  }, 150_000);

  afterAll(async () => {
    if (nats?.child.exitCode === null) nats.child.kill('SIGCONT');
    await Promise.all(processes.map((proc) => proc.stop(5_000)));
    nats?.child.kill('SIGKILL');
    if (nats) await rm(nats.dir, { recursive: true, force: true });
    await ctx?.cleanup();
  });

  const visitorPost = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gatewayUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }).then(
      async (r) => ({
        status: r.status,
        retryAfter: r.headers.get('retry-after'),
        body: (await r.json()) as any,
      }),
    );

  /** Commits of these conversations waiting on the test's row lock: a turn's own statement, or a group's. */
  const blockedCommits = async () => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'
        AND (query LIKE '%UPDATE text_conversations SET%' OR query LIKE '%UPDATE text_conversations c SET%')`.execute(ctx.db);
    return rows[0]?.n ?? 0;
  };

  it('answers 503 outcome "unknown" (never a plain failure); a retry with the key returns the first result, one turn stored', async () => {
    const keyed = await chat.createSession({ tenant_id: tenantId, agent_id: agentId, metadata: { keyed: true } });
    const keyless = await chat.createSession({ tenant_id: tenantId, agent_id: agentId, metadata: { keyed: false } });
    const visitor = await visitorPost(`/api/public/sessions/${token}`, {});
    expect([keyed.status, keyless.status, visitor.status]).toEqual([201, 201, 201]);
    const conversations = [keyed.body.conversation_id, keyless.body.conversation_id, visitor.body.conversation_id] as string[];

    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The commits wait on this lock while the turns run; reads go on (MVCC). It is held before
    // any message is sent: a turn quicker than the lock would commit unblocked.
    let locked = () => {};
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holding = ctx.db.transaction().execute(async (trx) => {
      await sql`SELECT 1 FROM text_conversations WHERE id = ANY(${conversations}::uuid[]) FOR UPDATE`.execute(trx);
      locked();
      await released;
    });
    await Promise.race([isLocked, holding]);
    let frozen = false;
    try {
      const started = Date.now();
      const sends = [
        () => chat.send(keyed.body.session_id, 'Where is my order?', { 'idempotency-key': 'order-1' }),
        () => chat.send(keyless.body.session_id, 'Where is my order?'),
        () => visitorPost(`/api/public/chat/${token}`, { content: 'Where is my order?', session: visitor.body.session }, { 'idempotency-key': 'visitor-1' }),
      ];
      // One after the other, each once the one before waits on the lock: a commit that waits holds
      // back the turns behind it only briefly, then they go in a statement of their own – here,
      // each its own. Setting up, not measuring: under a loaded machine the turns take a while to reach their commits.
      const pending: Array<ReturnType<(typeof sends)[number]>> = [];
      // When each answer came, against the freeze: what an assertion message shows of a reply that got through.
      const answeredAt: number[] = [];
      for (const send of sends) {
        const index = pending.length;
        pending.push(send().finally(() => (answeredAt[index] = Date.now())) as ReturnType<(typeof sends)[number]>);
        await waitFor(async () => (await blockedCommits()) === pending.length, { timeoutMs: 30_000 });
      }
      // NATS stops moving anything: the replies to come are lost to the gateway.
      nats.child.kill('SIGSTOP');
      const frozeAt = Date.now();
      frozen = true;
      release();
      await holding;
      const answers = await Promise.all(pending);
      const [first, second, third] = answers;
      for (const [i, failed] of answers.entries()) {
        const seen = { body: failed?.body, answeredMsAfterFreeze: (answeredAt[i] ?? Number.NaN) - frozeAt };
        const sessions = processes.find((proc) => proc.name === 'sessions');
        expect(failed?.status, `${JSON.stringify(seen)}\n${sessions?.describe(40) ?? ''}`).toBe(503);
        expect(failed?.body.error).toMatchObject({ code: 'unavailable', details: { outcome: 'unknown' } });
      }
      const retryAfter = (answer: unknown) => (answer as { headers?: Headers }).headers?.get('retry-after') ?? (answer as { retryAfter?: string }).retryAfter;
      expect([first, second, third].map(retryAfter)).toEqual(['1', '1', '1']);
      // Within the sessions replica's idle timeout (10 s), not minutes.
      expect(Date.now() - started).toBeLessThan(30_000);
      // Every one of them committed all the same.
      const committed = await ctx.db.selectFrom('text_conversations').select(['id', 'total_turns']).where('id', 'in', conversations).execute();
      expect(committed.map((c) => c.total_turns)).toEqual([1, 1, 1]);
    } finally {
      release();
      if (frozen) nats.child.kill('SIGCONT');
    }

    // NATS back: the retries with their keys answer the first results and run nothing.
    const retried = await retryUntilAnswered(() => chat.send(keyed.body.session_id, 'Where is my order?', { 'idempotency-key': 'order-1' }));
    expect(retried.status, JSON.stringify(retried.body)).toBe(200);
    expect(retried.body).toMatchObject({ response: 'Noted.', turn_number: 1 });
    const visitorRetry = await retryUntilAnswered(() =>
      visitorPost(`/api/public/chat/${token}`, { content: 'Where is my order?', session: visitor.body.session }, { 'idempotency-key': 'visitor-1' }),
    );
    expect(visitorRetry.status, JSON.stringify(visitorRetry.body)).toBe(200);
    const stored = await ctx.db
      .selectFrom('text_conversation_messages')
      .select(['conversation_id', 'id', 'role', 'content', 'status'])
      .where('conversation_id', 'in', conversations)
      .orderBy('sequence')
      .execute();
    for (const conversationId of conversations) {
      expect(stored.filter((m) => m.conversation_id === conversationId).map((m) => [m.role, m.content, m.status])).toEqual([
        ['assistant', 'Say something.', 'ok'],
        ['user', 'Where is my order?', 'ok'],
        ['assistant', 'Noted.', 'ok'],
      ]);
    }
    const visitorMessage = stored.find((m) => m.conversation_id === visitor.body.conversation_id && m.role === 'user');
    expect(visitorRetry.body).toMatchObject({ message_id: visitorMessage?.id, response: 'Noted.', session: visitor.body.session });
  }, 90_000);
});

/** While the services reconnect to NATS, a request may still meet 503: it is sent again until it is answered otherwise (up to 20 s). */
function retryUntilAnswered<T extends { status: number; body?: unknown }>(send: () => Promise<T>): Promise<T> {
  return waitFor(
    async () => {
      const answer = await send();
      expect(answer.status, JSON.stringify(answer.body)).not.toBe(503);
      return answer;
    },
    { timeoutMs: 20_000, intervalMs: 200 },
  );
}
