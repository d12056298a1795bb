import { setTimeout as sleep } from 'node:timers/promises';
import { signRequest } from '@parley/auth';
import { createTestContext, freePort, linkTestKeyEnv, type TestContext, waitFor } from '@parley/testing';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManagedProcess, startService, waitForHttp } from './process-harness.js';
import { manage } from './signed-client.js';

const ADMIN_KEY = 'rolling-admin-key-0123456789';
const CHAT_SECRET = 'rolling-chat-secret-0123456789';
const DELAY_SECONDS = 2;
const REPLY = 'Noted. Tell me more.';
/** How often the balancer asks each gateway's /readyz, as an endpoints controller would. */
const POLL_MS = 150;
const LOOPS = 4;

/** Every message is one static turn that loops back: no LLM, so nothing but the platform is timed. */
const agentConfig = {
  workflow: {
    initial_node: 'listen',
    nodes: [{ id: 'listen', name: 'Listen', static_text: REPLY, transitions: [{ to: 'listen', condition: 'user_responded' }] }],
  },
};

interface Proc {
  name: string;
  proc: ManagedProcess;
  service: string;
  vars: Record<string, string>;
  healthUrl: string;
}

interface Gateway extends Proc {
  publicUrl: string;
  /** Keep-alive connections to the public port, kept across restarts (same port). */
  pool: Pool;
  /** What its /readyz answered at the balancer's last poll. */
  ready: boolean;
  served: number;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** A signed Text Chat API request on one gateway's keep-alive pool; never retried. */
async function signedRequest(gateway: Gateway, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const response = await gateway.pool.request({
    method,
    path,
    headers: {
      ...signRequest(CHAT_SECRET, method, path, raw, Date.now(), { fractional: true }),
      ...(raw ? { 'content-type': 'application/json' } : {}),
    },
    ...(raw ? { body: raw } : {}),
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await response.body.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Kept as text for the failure message.
  }
  return { status: response.statusCode, headers: response.headers, body: parsed };
}

/** Failed polls in a row that take a gateway out of rotation, as a Kubernetes readiness probe's failureThreshold (3). */
const FAILURE_THRESHOLD = 3;

/**
 * The load balancer of the test: sends each request to a gateway in rotation, round robin, over
 * keep-alive connections. As a Kubernetes readiness probe does, a gateway leaves the rotation
 * after FAILURE_THRESHOLD polls of its internal /readyz in a row that did not answer 200 (a
 * SIGTERM'd gateway answers 503 at once, and keeps serving for its delay, which covers them), and
 * comes back at its first 200: one slow answer on a loaded machine takes no gateway out.
 */
class Balancer {
  private next = 0;
  private polling = true;
  private readonly failures = new Map<Gateway, number>();
  private readonly loop: Promise<void>;

  constructor(readonly gateways: Gateway[]) {
    this.loop = this.poll();
  }

  private async poll(): Promise<void> {
    while (this.polling) {
      await Promise.all(
        this.gateways.map(async (gateway) => {
          try {
            const response = await fetch(`${gateway.healthUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
            await response.arrayBuffer();
            this.polled(gateway, response.status === 200);
          } catch {
            this.polled(gateway, false);
          }
        }),
      );
      await sleep(POLL_MS);
    }
  }

  private polled(gateway: Gateway, ok: boolean): void {
    const failures = ok ? 0 : (this.failures.get(gateway) ?? 0) + 1;
    this.failures.set(gateway, failures);
    if (ok) gateway.ready = true;
    else if (failures >= FAILURE_THRESHOLD) gateway.ready = false;
  }

  pick(): Gateway | undefined {
    const ready = this.gateways.filter((gateway) => gateway.ready);
    const chosen = ready[this.next++ % Math.max(1, ready.length)];
    if (chosen) chosen.served++;
    return chosen;
  }

  async stop(): Promise<void> {
    this.polling = false;
    await this.loop;
  }
}

describe('rolling restarts of every service under load', () => {
  let ctx: TestContext;
  const procs: Proc[] = [];
  let gateways: Gateway[];
  let balancer: Balancer;
  let tenantId: string;
  let agentId: string;

  async function launch(service: string, name: string, vars: Record<string, string>): Promise<Proc> {
    const healthPort = await freePort();
    const all = { ...vars, HEALTH_PORT: String(healthPort) };
    const proc: Proc = { name, proc: startService(service, all, name), service, vars: all, healthUrl: `http://127.0.0.1:${healthPort}` };
    procs.push(proc);
    return proc;
  }

  /** Starts the same process again, on the same ports, and waits until its /readyz answers 200. */
  async function restart(target: Proc): Promise<void> {
    target.proc = startService(target.service, target.vars, `${target.name} (restarted)`);
    await waitForHttp(`${target.healthUrl}/readyz`, target.proc, { timeoutMs: 30_000 });
  }

  /** SIGTERM, then how long the process took to exit and with what. */
  async function terminate(target: Proc) {
    const signalled = Date.now();
    target.proc.signal('SIGTERM');
    return { signalled, exit: target.proc.waitForExit(20_000).then((exit) => ({ exit, afterMs: Date.now() - signalled })) };
  }

  const readyz = async (target: Proc) => (await fetch(`${target.healthUrl}/readyz`, { signal: AbortSignal.timeout(2_000) })).status;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'rolling-restart' });
    // Redis carries the conversations' live events (sessions and runners write them).
    const common = { NATS_URL: ctx.natsUrl, REDIS_URL: ctx.redisUrl, BUS_NAMESPACE: ctx.namespace, LOG_LEVEL: 'info', SHUTDOWN_TIMEOUT_SECONDS: '8' };
    const withDb = { ...common, DATABASE_URL: ctx.databaseUrl, ...linkTestKeyEnv };
    // A drain delay is for what a balancer polls (/readyz) – the gateways – and for the sessions
    // test below; the services reached over NATS leave its queue groups at once on SIGTERM.
    const delayed = { SHUTDOWN_DELAY_SECONDS: String(DELAY_SECONDS) };
    // Two of each service on a turn's path, so one can restart while the other serves; one memory
    // and one cleanup, which no request waits on.
    for (const replica of ['a', 'b']) {
      await launch('links', `links-${replica}`, withDb);
      await launch('sessions', `sessions-${replica}`, { ...withDb, ...delayed });
      await launch('agent-runner', `agent-runner-${replica}`, common);
    }
    await launch('memory', 'memory', withDb);
    await launch('cleanup', 'cleanup', withDb);
    gateways = [];
    for (const name of ['gateway-a', 'gateway-b']) {
      const port = await freePort();
      const proc = await launch('gateway', name, {
        ...common,
        SHUTDOWN_DELAY_SECONDS: String(DELAY_SECONDS),
        REDIS_URL: ctx.redisUrl,
        ADMIN_API_KEY: ADMIN_KEY,
        CHAT_API_SECRET: CHAT_SECRET,
        PORT: String(port),
        HOST: '127.0.0.1',
      });
      const publicUrl = `http://127.0.0.1:${port}`;
      gateways.push(Object.assign(proc, { publicUrl, pool: new Pool(publicUrl, { connections: 8 }), ready: false, served: 0 }));
    }
    await Promise.all(procs.map((p) => waitForHttp(`${p.healthUrl}/readyz`, p.proc, { timeoutMs: 40_000 })));

    const url = (gateways[0] as Gateway).publicUrl;
    const tenant = await manage(url, ADMIN_KEY, 'POST', '/api/tenants', { name: 'Rolling' });
    expect(tenant.status, JSON.stringify(tenant.body)).toBe(201);
    tenantId = tenant.body.id;
    const agent = await manage(url, ADMIN_KEY, 'POST', '/api/agents', { name: 'listener', config: agentConfig }, tenantId);
    expect(agent.status, JSON.stringify(agent.body)).toBe(201);
    agentId = agent.body.id;
    balancer = new Balancer(gateways);
    await waitFor(() => gateways.every((gateway) => gateway.ready), { timeoutMs: 5_000 });
  }, 90_000);

  afterAll(async () => {
    await balancer?.stop();
    await Promise.all(procs.map((p) => p.proc.stop(15_000)));
    await Promise.all((gateways ?? []).map((gateway) => gateway.pool.close()));
    await ctx?.cleanup();
  });

  it('gateway: on SIGTERM /readyz answers 503 at once, requests are still served with Connection: close for the delay, then it exits 0', async () => {
    const gateway = gateways[1] as Gateway;
    // A keep-alive connection opened before the signal.
    const before = await signedRequest(gateway, 'POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: agentId });
    expect(before.status, JSON.stringify(before.body)).toBe(201);
    expect(before.headers.connection).not.toBe('close');
    const sessionId: string = before.body.session_id;

    const { signalled, exit } = await terminate(gateway);
    await waitFor(async () => (await readyz(gateway)) === 503, { timeoutMs: 1_000, intervalMs: 20 });
    const notReadyAfterMs = Date.now() - signalled;

    // One after another, each on a connection of its own (the one before was closed).
    const during: Answer[] = [];
    for (let i = 1; i <= 3; i++) {
      during.push(await signedRequest(gateway, 'POST', `/api/chat/sessions/${sessionId}/messages`, { content: `during the delay ${i}` }));
    }
    const servingUntilMs = Date.now() - signalled;
    const { exit: code, afterMs } = await exit;

    expect(notReadyAfterMs).toBeLessThan(1_000);
    expect(during.map((answer) => [answer.status, answer.body.response, answer.headers.connection])).toEqual([
      [200, REPLY, 'close'],
      [200, REPLY, 'close'],
      [200, REPLY, 'close'],
    ]);
    expect(servingUntilMs).toBeLessThan(DELAY_SECONDS * 1000);
    expect(code, gateway.proc.describe()).toEqual({ code: 0, signal: null });
    expect(afterMs).toBeGreaterThanOrEqual(DELAY_SECONDS * 1000);
    expect(afterMs).toBeLessThan((DELAY_SECONDS + 8) * 1000);

    await restart(gateway);
  }, 60_000);

  it('restarts every service in turn under load without a failed request or a lost or doubled turn', async () => {
    await waitFor(() => gateways.every((gateway) => gateway.ready), { timeoutMs: 5_000 });
    const failures: string[] = [];
    const restarted: string[] = [];
    const acknowledged = new Map<string, string[]>();
    let stopping = false;
    let acked = 0;

    const send = async (method: 'GET' | 'POST', path: string, body: unknown, expected: number): Promise<Answer | undefined> => {
      const gateway = balancer.pick();
      if (!gateway) {
        failures.push(`${method} ${path}: no gateway was ready`);
        // Waited out, or the loop would spin on promises already settled and starve every timer.
        await sleep(POLL_MS);
        return undefined;
      }
      try {
        const answer = await signedRequest(gateway, method, path, body);
        if (answer.status === expected) return answer;
        failures.push(`${gateway.name} ${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      } catch (error) {
        failures.push(`${gateway.name} ${method} ${path}: ${(error as Error).message}`);
      }
      return undefined;
    };

    // Closed loops: each sends its next message once the previous one is answered.
    const loops = Array.from({ length: LOOPS }, async (_, loop) => {
      while (!stopping) {
        const created = await send('POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: agentId, metadata: { loop } }, 201);
        if (!created) continue;
        const sessionId: string = created.body.session_id;
        const sent: string[] = [];
        acknowledged.set(sessionId, sent);
        // A few sessions per loop, so session creation is under load too.
        for (let m = 1; m <= 15 && !stopping; m++) {
          const content = `loop ${loop} message ${m}`;
          const reply = await send('POST', `/api/chat/sessions/${sessionId}/messages`, { content }, 200);
          if (reply?.body.response !== REPLY) {
            if (reply) failures.push(`unexpected reply ${JSON.stringify(reply.body)}`);
            continue;
          }
          sent.push(content);
          acked++;
        }
      }
    });

    try {
      await waitFor(() => acked >= 20, { timeoutMs: 15_000 });
      // One replica of every service, each SIGTERM'd, waited for and started again in turn (the
      // other replica of each would go through the same).
      const services = new Set<string>();
      for (const target of procs) {
        if (services.has(target.service)) continue;
        services.add(target.service);
        const ackedBefore = acked;
        const { exit } = await terminate(target);
        const { exit: code, afterMs } = await exit;
        expect(code, target.proc.describe()).toEqual({ code: 0, signal: null });
        if (target.vars.SHUTDOWN_DELAY_SECONDS) expect(afterMs).toBeGreaterThanOrEqual(DELAY_SECONDS * 1000);
        restarted.push(target.name);
        // The other replica carries the load while this one is down: turns are acknowledged before
        // it starts again (waited for – a quick stop, under a loaded machine, may see none yet).
        await waitFor(() => acked > ackedBefore, { timeoutMs: 10_000 });
        await restart(target);
        const ackedAfter = acked;
        await waitFor(() => acked > ackedAfter + 10, { timeoutMs: 10_000 });
      }
      const gatewaysServed = gateways.map((gateway) => gateway.served);
      await waitFor(() => gateways.every((gateway, i) => gateway.served > (gatewaysServed[i] ?? 0) + 5), { timeoutMs: 10_000 });
    } finally {
      stopping = true;
      await Promise.all(loops);
    }

    console.info(
      `rolling restart of ${restarted.join(', ')}: ${acked} turns acknowledged (${gateways.map((g) => `${g.name} ${g.served} requests`).join(', ')}), ${failures.length} failed`,
    );
    expect(failures).toEqual([]);
    expect(restarted).toEqual(['links-a', 'sessions-a', 'agent-runner-a', 'memory', 'cleanup', 'gateway-a']);
    expect(acked).toBeGreaterThan(100);

    // Every acknowledged message is stored once, as the one user message of its turn.
    const rows = await ctx.db
      .selectFrom('text_conversation_messages as m')
      .innerJoin('text_conversations as c', 'c.id', 'm.conversation_id')
      .select(['c.session_id', 'c.total_turns', 'm.content'])
      .where('m.role', '=', 'user')
      .where('c.session_id', 'in', [...acknowledged.keys()])
      .orderBy('m.sequence')
      .execute();
    const stored = new Map<string, string[]>([...acknowledged.keys()].map((id) => [id, []]));
    for (const row of rows) stored.get(row.session_id)?.push(row.content);
    expect(Object.fromEntries(stored)).toEqual(Object.fromEntries(acknowledged));
    for (const row of rows) expect(row.total_turns).toBe(acknowledged.get(row.session_id)?.length);
  }, 240_000);

  it('sessions (no HTTP surface): on SIGTERM /readyz answers 503 at once, turns are still answered during the delay, then it exits 0', async () => {
    const sessions = procs.find((p) => p.name === 'sessions-a') as Proc;
    const gateway = gateways[0] as Gateway;
    const created = await signedRequest(gateway, 'POST', '/api/chat/sessions', { tenant_id: tenantId, agent_id: agentId });
    expect(created.status, JSON.stringify(created.body)).toBe(201);

    const { signalled, exit } = await terminate(sessions);
    await waitFor(async () => (await readyz(sessions)) === 503, { timeoutMs: 1_000, intervalMs: 20 });
    const notReadyAfterMs = Date.now() - signalled;
    // Into its delay: it said it is not ready any more.
    const during = await signedRequest(gateway, 'POST', `/api/chat/sessions/${created.body.session_id}/messages`, { content: 'while sessions drains' });
    const answeredAfterMs = Date.now() - signalled;
    const { exit: code, afterMs } = await exit;

    expect(notReadyAfterMs).toBeLessThan(1_000);
    expect(during.status, JSON.stringify(during.body)).toBe(200);
    expect(during.body).toMatchObject({ response: REPLY, turn_number: 1 });
    expect(answeredAfterMs).toBeLessThan(DELAY_SECONDS * 1000);
    expect(code, sessions.proc.describe()).toEqual({ code: 0, signal: null });
    expect(afterMs).toBeGreaterThanOrEqual(DELAY_SECONDS * 1000);
  }, 30_000);
});
