import {
  createTestContext,
  defaultHandler,
  type FakeHandler,
  type FakeLlm,
  freePort,
  greetThenAskLlmAgent,
  lastUserMessage,
  linkTestKeyEnv,
  namedResponderGone,
  startFakeLlm,
  type TestContext,
  waitFor,
  watchNamedOffers,
  workQueueAtServer,
} from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManagedProcess, metricSum, PROCESS_READY_MS, readMetric, startService, waitForHttp } from './process-harness.js';
import { manage, SignedClient } from './signed-client.js';

const ADMIN_KEY = 'processes-admin-key-0123456789';
const CHAT_SECRET = 'processes-chat-secret-0123456789';
const TURNS = 'parley_runner_turns_total';

/** A static greeting, then every message answered by the LLM. */
const agentConfig = greetThenAskLlmAgent('Hello from the runners.');

/** An LLM handler that answers `Echo: <message>` only once `release()` is called. */
function heldAnswers(): { slow: FakeHandler; release: () => void } {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const slow: FakeHandler = async (req) => {
    await gate;
    return { content: `Echo: ${lastUserMessage(req)}` };
  };
  return { slow, release };
}

interface Service {
  proc: ManagedProcess;
  /** Where /healthz, /readyz and /metrics are served: HEALTH_PORT (for the gateway too, not its public port). */
  base: string;
  /** To start it again after it was killed. */
  service: string;
  vars: Record<string, string>;
}

function launch(service: string, vars: Record<string, string>, name: string, base: string): Service {
  return { proc: startService(service, vars, name), base, service, vars };
}

describe('every service as its own process, on NATS, PostgreSQL and Redis', () => {
  let ctx: TestContext;
  const llms: FakeLlm[] = [];
  const services: Record<string, Service> = {};
  let gatewayUrl: string;
  let chat: SignedClient;
  let tenantId: string;
  let agentId: string;
  const runnerNames = ['runner-a', 'runner-b'] as const;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'processes' });
    // One fake LLM per runner: which one a request reaches tells which runner has the turn.
    llms.push(await startFakeLlm(), await startFakeLlm());
    // Redis carries the conversations' live events (sessions and runners write them).
    const common = { NATS_URL: ctx.natsUrl, REDIS_URL: ctx.redisUrl, BUS_NAMESPACE: ctx.namespace, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_SECONDS: '8' };
    const withDb = { ...common, DATABASE_URL: ctx.databaseUrl, ...linkTestKeyEnv };
    const port = await freePort();
    const gatewayHealthPort = await freePort();
    gatewayUrl = `http://127.0.0.1:${port}`;
    const gatewayVars = {
      ...common,
      REDIS_URL: ctx.redisUrl,
      ADMIN_API_KEY: ADMIN_KEY,
      CHAT_API_SECRET: CHAT_SECRET,
      PORT: String(port),
      HEALTH_PORT: String(gatewayHealthPort),
      HOST: '127.0.0.1',
    };
    services.gateway = launch('gateway', gatewayVars, 'gateway', `http://127.0.0.1:${gatewayHealthPort}`);
    const withHealthPort = async (service: string, name: string, vars: Record<string, string>) => {
      const healthPort = await freePort();
      services[name] = launch(service, { ...vars, HEALTH_PORT: String(healthPort) }, name, `http://127.0.0.1:${healthPort}`);
    };
    await withHealthPort('links', 'links', withDb);
    await withHealthPort('sessions', 'sessions', withDb);
    await withHealthPort('cleanup', 'cleanup', withDb);
    await withHealthPort('memory', 'memory', withDb);
    for (const [index, name] of runnerNames.entries()) {
      await withHealthPort('agent-runner', name, {
        ...common,
        OPENAI_BASE_URL: (llms[index] as FakeLlm).url,
        OPENAI_API_KEY: 'fake-key',
        LLM_MAX_RETRIES: '0',
        RUNNER_MAX_IN_FLIGHT: '16',
      });
    }
    chat = new SignedClient(gatewayUrl, CHAT_SECRET);
  });

  afterAll(async () => {
    await Promise.all(Object.values(services).map((s) => s.proc.stop(5_000)));
    await Promise.all(llms.map((llm) => llm.close()));
    await ctx?.cleanup();
  });

  const runner = (name: (typeof runnerNames)[number]) => services[name] as Service;
  const llmOf = (name: (typeof runnerNames)[number]) => llms[runnerNames.indexOf(name)] as FakeLlm;

  it('starts each service as its own process: /readyz and /healthz answer 200 on each', async () => {
    expect(Object.keys(services).sort()).toEqual(['cleanup', 'gateway', 'links', 'memory', 'runner-a', 'runner-b', 'sessions']);
    await Promise.all(Object.values(services).map((s) => waitForHttp(`${s.base}/readyz`, s.proc, { timeoutMs: PROCESS_READY_MS })));
    for (const s of Object.values(services)) {
      const health = await fetch(`${s.base}/healthz`);
      expect(health.status, s.proc.name).toBe(200);
      const ready = await fetch(`${s.base}/readyz`);
      expect(ready.status, s.proc.name).toBe(200);
      const metrics = await fetch(`${s.base}/metrics`);
      expect(metrics.status, s.proc.name).toBe(200);
      const text = await metrics.text();
      expect(text, s.proc.name).toContain('process_cpu_seconds_total');
      // Each one's own NATS connection: up, and carrying traffic.
      expect(metricSum(text, 'parley_nats_connected'), s.proc.name).toBe(1);
      expect(metricSum(text, 'parley_nats_messages_total', { direction: 'out' }), s.proc.name).toBeGreaterThan(0);
      expect(metricSum(text, 'parley_nats_bytes_total', { direction: 'in' }), s.proc.name).toBeGreaterThan(0);
      // And the pool of the ones that own tables.
      const ownsTables = ['links', 'sessions', 'cleanup', 'memory'].includes(s.proc.name);
      expect(text.includes('parley_db_pool_max_clients'), s.proc.name).toBe(ownsTables);
      if (ownsTables) expect(metricSum(text, 'parley_db_pool_total_clients'), s.proc.name).toBeGreaterThan(0);
    }
  }, 120_000);

  it("keeps /readyz and /metrics off the gateway's public port: only /healthz answers there", async () => {
    expect((await fetch(`${gatewayUrl}/healthz`)).status).toBe(200);
    for (const path of ['/readyz', '/metrics']) {
      const response = await fetch(`${gatewayUrl}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toMatchObject({ error: { code: 'not_found' } });
    }
    // The gateway's own series are on its internal port.
    const metrics = await (await fetch(`${(services.gateway as Service).base}/metrics`)).text();
    expect(metrics).toContain('parley_http_request_duration_seconds');
  });

  it('answers a request through the gateway, over NATS, from the services and back', async () => {
    const tenant = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/tenants', { name: 'Processes' });
    expect(tenant.status, JSON.stringify(tenant.body)).toBe(201);
    tenantId = tenant.body.id;
    const agent = await manage(gatewayUrl, ADMIN_KEY, 'POST', '/api/agents', { name: 'echo', config: agentConfig }, tenantId);
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    agentId = agent.body.id;

    const created = await chat.createSession({ tenant_id: tenantId, agent_id: agentId });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: 'active', node_id: 'hello', initial_message: 'Hello from the runners.', agent_config_version: 1 });
    const sessionId: string = created.body.session_id;

    const first = await chat.send(sessionId, 'What is Parley?');
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      response: 'Echo: What is Parley?',
      node_id: 'chat',
      previous_node_id: 'hello',
      transitions: [{ from_node: 'hello', to_node: 'chat', condition: 'user_responded' }],
      session_ended: false,
      turn_number: 1,
    });
    const second = await chat.send(sessionId, 'And who runs it?');
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    expect(second.body).toMatchObject({ response: 'Echo: And who runs it?', node_id: 'chat', transitions: [], turn_number: 2 });

    const status = await chat.status(sessionId);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ session_id: sessionId, status: 'active', node_id: 'chat', turns: 2 });
    const asked = llms.flatMap((llm) => llm.requests).map(lastUserMessage);
    expect(asked).toEqual(expect.arrayContaining(['What is Parley?', 'And who runs it?']));
    // The runners that asked the model counted each call, its model and its tokens.
    const scraped = await Promise.all(runnerNames.map(async (name) => (await fetch(`${runner(name).base}/metrics`)).text()));
    const total = (name: string, labels: Record<string, string> = {}) => scraped.reduce((sum, text) => sum + metricSum(text, name, labels), 0);
    expect(total('parley_llm_request_duration_seconds_count', { purpose: 'reply', outcome: 'ok' })).toBe(asked.length);
    expect(total('parley_llm_tokens_total', { direction: 'in' })).toBeGreaterThan(0);
    expect(total('parley_llm_tokens_total', { direction: 'out' })).toBeGreaterThan(0);
  });

  it('shares turns between the two runner processes', async () => {
    const sessions = 6;
    const messages = 5;
    const metricsOf = () =>
      Promise.all(
        runnerNames.map(async (name) => ({
          all: await readMetric(`${runner(name).base}/metrics`, TURNS),
          message: await readMetric(`${runner(name).base}/metrics`, TURNS, { kind: 'message' }),
        })),
      );
    const before = await metricsOf();

    const conversations = await Promise.all(
      Array.from({ length: sessions }, async (_, s) => {
        // Distinct bodies: two identical requests signed in the same millisecond would be one replayed signature.
        const created = await chat.createSession({ tenant_id: tenantId, agent_id: agentId, metadata: { conversation: s } });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const replies: Array<{ status: number; response: string; turn: number }> = [];
        for (let m = 1; m <= messages; m++) {
          const reply = await chat.send(created.body.session_id, `session ${s} message ${m}`);
          replies.push({ status: reply.status, response: reply.body.response, turn: reply.body.turn_number });
        }
        return { s, replies };
      }),
    );
    for (const { s, replies } of conversations) {
      expect(replies).toEqual(Array.from({ length: messages }, (_, i) => ({ status: 200, response: `Echo: session ${s} message ${i + 1}`, turn: i + 1 })));
    }

    const after = await metricsOf();
    const handled = after.map((a, i) => a.all - (before[i]?.all ?? 0));
    const messageTurns = after.map((a, i) => a.message - (before[i]?.message ?? 0));
    // Each session start is a turn too (kind="start").
    expect(handled[0], `runner-a handled ${handled[0]}, runner-b ${handled[1]}`).toBeGreaterThan(0);
    expect(handled[1], `runner-a handled ${handled[0]}, runner-b ${handled[1]}`).toBeGreaterThan(0);
    expect((handled[0] ?? 0) + (handled[1] ?? 0)).toBe(sessions * (messages + 1));
    expect((messageTurns[0] ?? 0) + (messageTurns[1] ?? 0)).toBe(sessions * messages);
  });

  it("a conversation's turns go to the runner keeping its history, and the model sees it whole; that runner killed mid-turn, the turn completes on the other with the whole history, once", async () => {
    const said = (request: { body: { messages?: Array<{ role: string; content?: unknown }> } }) =>
      (request.body.messages ?? []).filter((m) => m.role !== 'system').map((m) => `${m.role}: ${String(m.content)}`);
    const askedOf = (prefix: string) => runnerNames.map((name) => llmOf(name).requests.filter((r) => lastUserMessage(r).startsWith(prefix)));
    const talks = await Promise.all(
      [0, 1, 2].map(async (c) => {
        const created = await chat.createSession({ tenant_id: tenantId, agent_id: agentId, metadata: { kept: c } });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const sessionId = created.body.session_id as string;
        for (let m = 1; m <= 5; m++) expect((await chat.send(sessionId, `kept ${c} message ${m}`)).status).toBe(200);
        return sessionId;
      }),
    );
    // Each conversation's message turns all on one runner, each prompt holding every earlier message and reply.
    const holders: Array<(typeof runnerNames)[number]> = [];
    for (const c of [0, 1, 2]) {
      const asked = askedOf(`kept ${c} `);
      const holder = runnerNames[asked.findIndex((requests) => requests.length > 0)] as (typeof runnerNames)[number];
      holders.push(holder);
      expect(asked.map((requests) => requests.length).sort()).toEqual([0, 5]);
      const last = asked[runnerNames.indexOf(holder)]?.at(-1);
      expect(last && said(last)).toEqual([
        'assistant: Hello from the runners.',
        ...[1, 2, 3, 4].flatMap((m) => [`user: kept ${c} message ${m}`, `assistant: Echo: kept ${c} message ${m}`]),
        `user: kept ${c} message 5`,
      ]);
    }

    // The runner keeping the first conversation's history dies while running its next turn.
    const holder = holders[0] as (typeof runnerNames)[number];
    const other = runnerNames.find((name) => name !== holder) as (typeof runnerNames)[number];
    const { slow, release } = heldAnswers();
    llmOf(holder).setHandler(slow);
    try {
      const pending = chat.send(talks[0] as string, 'kept 0 message 6', { 'idempotency-key': `kept-${talks[0]}` });
      await waitFor(() => askedOf('kept 0 message 6')[runnerNames.indexOf(holder)]?.length === 1, { timeoutMs: 15_000 });
      const dead = runner(holder);
      expect((await dead.proc.kill()).signal).toBe('SIGKILL');
      const reply = await pending;
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body).toMatchObject({ response: 'Echo: kept 0 message 6', turn_number: 6 });
      const onOther = askedOf('kept 0 message 6')[runnerNames.indexOf(other)] ?? [];
      expect(onOther).toHaveLength(1);
      expect(said(onOther[0] as (typeof onOther)[number])).toEqual([
        'assistant: Hello from the runners.',
        ...[1, 2, 3, 4, 5].flatMap((m) => [`user: kept 0 message ${m}`, `assistant: Echo: kept 0 message ${m}`]),
        'user: kept 0 message 6',
      ]);
      services[holder] = launch(dead.service, dead.vars, `${holder} (replacement)`, dead.base);
    } finally {
      release();
      llmOf(holder).setHandler(defaultHandler);
    }
    // Stored once.
    const rows = await ctx.db
      .selectFrom('text_conversation_messages as m')
      .innerJoin('text_conversations as c', 'c.id', 'm.conversation_id')
      .select(['m.content'])
      .where('c.session_id', '=', talks[0] as string)
      .where('m.role', '=', 'user')
      .execute();
    expect(rows.filter((row) => row.content === 'kept 0 message 6')).toHaveLength(1);
    await waitForHttp(`${runner(holder).base}/readyz`, runner(holder).proc, { timeoutMs: PROCESS_READY_MS });

    // The next turn goes to a runner with the whole history: the survivor keeps it now.
    expect((await chat.send(talks[0] as string, 'kept 0 message 7')).status).toBe(200);
    const seventh = askedOf('kept 0 message 7').flat();
    expect(seventh).toHaveLength(1);
    expect(said(seventh[0] as (typeof seventh)[number])).toHaveLength(1 + 6 * 2 + 1);
  }, 180_000);

  it('a runner killed with SIGKILL while its 16 turns are in flight: each completes on another runner, once', async () => {
    const turns = 16;
    // Only runner-a takes turns: runner-b stops (gracefully) and comes back once runner-a holds all 16.
    const b = runner('runner-b');
    const startB = () => {
      services['runner-b'] = launch(b.service, b.vars, 'runner-b (again)', b.base);
    };
    b.proc.signal('SIGTERM');
    expect(await b.proc.waitForExit(15_000)).toEqual({ code: 0, signal: null });

    const conversations = await Promise.all(
      Array.from({ length: turns }, async (_, i) => {
        const created = await chat.createSession({ tenant_id: tenantId, agent_id: agentId, metadata: { held: i } });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        return { sessionId: created.body.session_id as string, content: `held turn ${i}` };
      }),
    );
    // runner-a's LLM holds every answer: its 16 turns (RUNNER_MAX_IN_FLIGHT=16) stay in flight.
    const { slow, release } = heldAnswers();
    llmOf('runner-a').setHandler(slow);
    const heldOf = (name: (typeof runnerNames)[number]) =>
      llmOf(name)
        .requests.map(lastUserMessage)
        .filter((m) => m.startsWith('held turn '));
    const askedA = () => heldOf('runner-a').length;
    const askedB = () => heldOf('runner-b').length;
    try {
      const answered: string[] = [];
      const pending = conversations.map(({ sessionId, content }) =>
        chat.send(sessionId, content, { 'idempotency-key': `held-${sessionId}` }).then((reply) => {
          answered.push(`${content}: ${reply.status} ${JSON.stringify(reply.body)}`);
          return reply;
        }),
      );
      // A bound for a loaded machine: 16 turns' hops on 2 cores beside the rest of the suite. A
      // failure says which turns runner-a's model was asked, what runner-a ran and what the queue
      // held at the server.
      try {
        await waitFor(() => askedA() === turns, { timeoutMs: 30_000 });
      } catch {
        const inFlight = await readMetric(`${runner('runner-a').base}/metrics`, 'parley_runner_in_flight').catch(String);
        expect.fail(
          `runner-a's model was asked ${askedA()} of ${turns} held turns (${heldOf('runner-a').sort().join(', ')}); runner-b's ${askedB()}; runner-a's turns in flight: ${inFlight}; answered already: ${answered.join('; ') || 'none'}\n${await workQueueAtServer(ctx, 'runner.turn')}\n${runner('runner-a').proc.describe(20)}\n${(services.sessions as Service).proc.describe(20)}`,
        );
      }
      startB();
      await waitForHttp(`${b.base}/readyz`, runner('runner-b').proc, { timeoutMs: PROCESS_READY_MS });
      expect(askedB()).toBe(0);

      const killedAt = Date.now();
      const a = runner('runner-a');
      expect((await a.proc.kill()).signal).toBe('SIGKILL');
      // JetStream offers a dead runner's turns to another once its ack wait (10 s) passes without a beat.
      const replies = await Promise.all(pending);
      const recoveredMs = Date.now() - killedAt;
      for (const [i, reply] of replies.entries()) {
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
        expect(reply.body).toMatchObject({ response: `Echo: held turn ${i}`, node_id: 'chat', turn_number: 1 });
      }
      // Each held turn asked of runner-b's LLM once; a failure names the turn asked twice (or never).
      const heldOnB = llmOf('runner-b')
        .requests.map(lastUserMessage)
        .filter((m) => m.startsWith('held turn '));
      expect(heldOnB.sort()).toEqual(conversations.map((c) => c.content).sort());
      expect(recoveredMs).toBeGreaterThanOrEqual(9_000);
      expect(recoveredMs).toBeLessThan(30_000);
      services['runner-a'] = launch(a.service, a.vars, 'runner-a (replacement)', a.base);
    } finally {
      release();
      llmOf('runner-a').setHandler(defaultHandler);
      // The later tests need both runners, whatever failed here.
      if (!runner('runner-b').proc.running) startB();
    }

    // Each turn is stored once: one user message and one reply per conversation, turn 1 only.
    const rows = await ctx.db
      .selectFrom('text_conversation_messages as m')
      .innerJoin('text_conversations as c', 'c.id', 'm.conversation_id')
      .select(['c.session_id', 'c.total_turns', 'm.role', 'm.content'])
      .where(
        'c.session_id',
        'in',
        conversations.map((c) => c.sessionId),
      )
      .where('m.role', 'in', ['user', 'assistant'])
      .orderBy('m.sequence')
      .execute();
    for (const { sessionId, content } of conversations) {
      const own = rows.filter((row) => row.session_id === sessionId);
      expect(own.map((row) => [row.role, row.content, row.total_turns])).toEqual([
        ['assistant', 'Hello from the runners.', 1],
        ['user', content, 1],
        ['assistant', `Echo: ${content}`, 1],
      ]);
    }
    await waitForHttp(`${runner('runner-a').base}/readyz`, runner('runner-a').proc, { timeoutMs: PROCESS_READY_MS });
  }, 180_000);

  it("sends a conversation's messages to the sessions process that answered its last; that one killed, the next goes to the other at once", async () => {
    const healthPort = await freePort();
    const first = services.sessions as Service;
    const second = launch('sessions', { ...first.vars, HEALTH_PORT: String(healthPort) }, 'sessions-b', `http://127.0.0.1:${healthPort}`);
    let killed: Service | undefined;
    let watch: Awaited<ReturnType<typeof watchNamedOffers>> | undefined;
    try {
      await waitForHttp(`${second.base}/readyz`, second.proc, { timeoutMs: PROCESS_READY_MS });
      const both = [first, second];
      // Each process counts the turns it starts (parley_sessions_turn_starts_total): who ran them.
      const starts = () => Promise.all(both.map((s) => readMetric(`${s.base}/metrics`, 'parley_sessions_turn_starts_total')));
      const created = await chat.createSession({ tenant_id: tenantId, agent_id: agentId });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const sessionId: string = created.body.session_id;
      const before = await starts();
      watch = await watchNamedOffers(ctx, 'sessions.send');
      for (let n = 1; n <= 8; n++) {
        const reply = await chat.send(sessionId, `message ${n}`);
        expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      }
      // The first message went to either process; it named itself, and every later one went to it.
      const ran = (await starts()).map((count, i) => count - (before[i] as number));
      expect([...ran].sort()).toEqual([0, 8]);
      const holder = both[ran.indexOf(8)] as Service;
      const other = both[ran.indexOf(0)] as Service;
      const offeredTo = await watch.stop();
      expect(offeredTo).toHaveLength(1);

      expect((await holder.proc.kill()).signal).toBe('SIGKILL');
      killed = holder;
      // A message the server still hands to the dead process's connection is lost with it (the
      // gateway then answers 503, outcome unknown, when the process stays silent): what is asserted
      // is the next message once the server has seen the connection close.
      await namedResponderGone(ctx.natsUrl, offeredTo[0] as string);
      const otherBefore = await readMetric(`${other.base}/metrics`, 'parley_sessions_turn_starts_total');
      const sentAt = Date.now();
      const next = await chat.send(sessionId, 'after the crash');
      expect(next.status, JSON.stringify(next.body)).toBe(200);
      expect(next.body).toMatchObject({ response: 'Echo: after the crash', turn_number: 9 });
      // Not after a timeout: NATS says at once that nothing answers on the killed process's own subject.
      expect(Date.now() - sentAt).toBeLessThan(5_000);
      expect(await readMetric(`${other.base}/metrics`, 'parley_sessions_turn_starts_total')).toBe(otherBefore + 1);
    } finally {
      // Closed already unless something failed before the kill.
      await watch?.stop();
      if (killed === first) {
        services.sessions = launch(first.service, first.vars, 'sessions (replacement)', first.base);
        await waitForHttp(`${first.base}/readyz`, (services.sessions as Service).proc, { timeoutMs: PROCESS_READY_MS });
      }
      if (killed !== second) await second.proc.stop(5_000);
    }
  }, 120_000);

  it('answers 503 within seconds when the sessions replica dies mid-turn; the retry with its Idempotency-Key runs once', async () => {
    const created = await chat.createSession({ tenant_id: tenantId, agent_id: agentId });
    expect(created.status).toBe(201);
    const sessionId: string = created.body.session_id;
    const content = 'Answer me after the crash';
    const { slow, release } = heldAnswers();
    for (const llm of llms) llm.setHandler(slow);
    try {
      const started = Date.now();
      const pending = chat.send(sessionId, content, { 'idempotency-key': 'sessions-crash' });
      await waitFor(() => llms.some((llm) => llm.requests.some((r) => lastUserMessage(r) === content)), { timeoutMs: 10_000 });
      const dead = services.sessions as Service;
      expect((await dead.proc.kill()).signal).toBe('SIGKILL');
      release();
      // The gateway stops waiting once the dead replica's progress beats stop (the 10 s idle timeout), not after minutes.
      const failed = await pending;
      expect(failed.status, JSON.stringify(failed.body)).toBe(503);
      expect(failed.body.error.code).toBe('unavailable');
      expect(Date.now() - started).toBeLessThan(20_000);

      for (const llm of llms) llm.setHandler(defaultHandler);
      services.sessions = launch(dead.service, dead.vars, 'sessions (replacement)', dead.base);
      await waitForHttp(`${dead.base}/readyz`, (services.sessions as Service).proc, { timeoutMs: PROCESS_READY_MS });
      const retried = await chat.send(sessionId, content, { 'idempotency-key': 'sessions-crash' });
      expect(retried.status, JSON.stringify(retried.body)).toBe(200);
      expect(retried.body).toMatchObject({ response: `Echo: ${content}`, turn_number: 1 });
      const again = await chat.send(sessionId, content, { 'idempotency-key': 'sessions-crash' });
      expect(again.body).toEqual(retried.body);
    } finally {
      release();
      for (const llm of llms) llm.setHandler(defaultHandler);
    }
    const stored = await ctx.db
      .selectFrom('text_conversation_messages as m')
      .innerJoin('text_conversations as c', 'c.id', 'm.conversation_id')
      .select(['m.role', 'm.status', 'c.total_turns'])
      .where('c.session_id', '=', sessionId)
      .where('m.role', '=', 'user')
      .execute();
    expect(stored).toEqual([{ role: 'user', status: 'ok', total_turns: 1 }]);
  }, 135_000);

  it('stops every service gracefully on SIGTERM, finishing the turn in flight: exit code 0 within 10 s', async () => {
    const all = Object.values(services);
    expect(all.every((s) => s.proc.running)).toBe(true);
    const created = await chat.createSession({ tenant_id: tenantId, agent_id: agentId, metadata: { shutdown: true } });
    expect(created.status).toBe(201);
    const content = 'Finish this before you go';
    const { slow, release } = heldAnswers();
    for (const llm of llms) llm.setHandler(slow);
    let exits: Array<{ name: string; exit: { code: number | null; signal: NodeJS.Signals | null } }>;
    let reply: Awaited<ReturnType<SignedClient['send']>>;
    try {
      const pending = chat.send(created.body.session_id, content);
      await waitFor(() => llms.some((llm) => llm.requests.some((r) => lastUserMessage(r) === content)), { timeoutMs: 10_000 });
      for (const s of all) s.proc.signal('SIGTERM');
      await waitFor(() => all.every((s) => s.proc.stdout.includes('shutting down')), { timeoutMs: 5_000 });
      release();
      [reply, exits] = await Promise.all([pending, Promise.all(all.map(async (s) => ({ name: s.proc.name, exit: await s.proc.waitForExit(10_000) })))]);
    } finally {
      release();
    }
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toMatchObject({ response: `Echo: ${content}`, turn_number: 1 });
    expect(exits, all.map((s) => s.proc.describe(10)).join('\n')).toEqual(all.map((s) => ({ name: s.proc.name, exit: { code: 0, signal: null } })));
  }, 15_000);
});

describe('a service that cannot start says why in one line and exits non-zero', () => {
  let ctx: TestContext;
  const procs: ManagedProcess[] = [];

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'processes-startup' });
  });
  afterAll(async () => {
    await Promise.all(procs.map((p) => p.stop(2_000)));
    await ctx?.cleanup();
  });

  async function failingStart(service: string, vars: Record<string, string>) {
    const proc = startService(service, { BUS_NAMESPACE: ctx.namespace, HEALTH_PORT: String(await freePort()), ...vars });
    procs.push(proc);
    // Loading a service's code takes about 3 s of CPU; three of them start at once beside another
    // test file on two cores.
    const exit = await proc.waitForExit(30_000);
    const lines = proc.stderr.trim().split('\n');
    return { exit, lines, stderr: proc.stderr, describe: proc.describe() };
  }

  it('names NATS_URL, DATABASE_URL or the missing variable', async () => {
    const closed = await freePort();
    const [gateway, links, sessions] = await Promise.all([
      failingStart('gateway', {
        NATS_URL: `nats://127.0.0.1:${closed}`,
        REDIS_URL: ctx.redisUrl,
        ADMIN_API_KEY: ADMIN_KEY,
        CHAT_API_SECRET: CHAT_SECRET,
        PORT: String(await freePort()),
      }),
      failingStart('links', { NATS_URL: ctx.natsUrl, DATABASE_URL: `postgres://postgres@127.0.0.1:${closed}/x`, ...linkTestKeyEnv }),
      failingStart('sessions', { NATS_URL: ctx.natsUrl }),
    ]);
    for (const [result, variable] of [
      [gateway, 'NATS_URL'],
      [links, 'DATABASE_URL'],
      [sessions, 'DATABASE_URL'],
    ] as const) {
      expect(result.exit.code, result.describe).not.toBe(0);
      expect(result.exit.code, result.describe).not.toBeNull();
      expect(result.lines, result.describe).toHaveLength(1);
      expect(result.lines[0], result.describe).toContain(variable);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
    expect(gateway.lines[0]).toMatch(/^gateway: /);
    expect(links.lines[0]).toMatch(/^links: /);
    expect(sessions.lines[0]).toMatch(/^sessions: .*DATABASE_URL.*required/);
  }, 45_000);

  it('refuses an OTLP protocol other than HTTP in one line, before connecting to anything', async () => {
    const result = await failingStart('memory', {
      NATS_URL: ctx.natsUrl,
      DATABASE_URL: ctx.databaseUrl,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    expect(result.exit.code, result.describe).toBe(1);
    expect(result.lines, result.describe).toEqual([expect.stringMatching(/^memory: OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported: .*http\/protobuf/)]);
  }, 45_000);
});
