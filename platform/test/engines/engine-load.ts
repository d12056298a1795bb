import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  createTestContext,
  type FakeLlm,
  freePort,
  greetThenAskLlmAgent,
  lastUserMessage,
  linkTestKeyEnv,
  startFakeLlm,
  type TestContext,
  waitFor,
} from '@parley/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { type ManagedProcess, startService, waitForHttp } from '../process-harness.js';
import { manage, SignedClient } from '../signed-client.js';

/**
 * The platform as separate processes (gateway, links, sessions, agent-runner) on engines a fault
 * test brings – a NATS cluster, a Redis behind Sentinel, a PostgreSQL that fails over – under a
 * closed-loop load of Text Chat API clients and link visitors, each message carrying an
 * Idempotency-Key and sent again with it until answered. What the load saw is then checked
 * against what the platform kept: nothing acknowledged lost or doubled, nothing hung, no 500, and
 * every acknowledged turn counted by analytics and every started conversation delivered to a
 * webhook (docs/deployment.md "The engines' own failures").
 */

const ADMIN_KEY = 'engine-faults-admin-key-0123456789';
const CHAT_SECRET = 'engine-faults-chat-secret-0123456789';
/** A request not answered within this is hung. */
export const ANSWER_BOUND_MS = 20_000;
/** The LLM's answer time: turns are in flight when the fault comes. */
const LLM_MS = 100;

export interface EngineEnv {
  /** What each process is given to reach the engines: NATS_URL, DATABASE_URL, REDIS_URL or REDIS_SENTINELS…, NATS_REPLICAS. */
  vars: Record<string, string>;
  /** The platform's database, as the test reads it to check what was kept. */
  databaseUrl: string;
  namespace: string;
}

export interface FaultPlatform {
  gatewayUrl: string;
  procs: ManagedProcess[];
  llm: FakeLlm;
  /** The tenant, its LLM agent and a public link to it. */
  tenantId: string;
  agentId: string;
  linkToken: string;
  /** Ids of the conversations a webhook was sent `conversation.started` for (each delivery once per id, however often it was attempted). */
  webhookConversations: Set<string>;
  /** Deliveries of `conversation.started`, repeats included. */
  webhookDeliveries: () => number;
  /** Kills a service's process (SIGKILL, as a crash) and starts another in its place; resolves once it is ready. */
  relaunch(service: 'links' | 'sessions' | 'agent-runner'): Promise<void>;
  stop(): Promise<void>;
}

export async function startFaultPlatform(engines: EngineEnv): Promise<FaultPlatform> {
  const procs: ManagedProcess[] = [];
  const llm = await startFakeLlm({ handler: (req) => ({ content: `Echo: ${lastUserMessage(req)}`, delayMs: LLM_MS }) });
  const receiver = await startWebhookReceiver();
  const stop = async () => {
    await Promise.all(procs.map((proc) => proc.stop(8_000)));
    await llm.close();
    receiver.server.close();
  };
  try {
    const common = { ...engines.vars, BUS_NAMESPACE: engines.namespace, LOG_LEVEL: 'warn', SHUTDOWN_TIMEOUT_SECONDS: '5' };
    const port = await freePort();
    const launched = new Map<string, { proc: ManagedProcess; vars: Record<string, string> }>();
    const launch = async (service: string, vars: Record<string, string>) => {
      const healthPort = await freePort();
      const proc = startService(service, { ...common, ...vars, HEALTH_PORT: String(healthPort) });
      procs.push(proc);
      launched.set(service, { proc, vars });
      return { proc, ready: `http://127.0.0.1:${healthPort}/readyz` };
    };
    const started = [
      await launch('gateway', {
        ADMIN_API_KEY: ADMIN_KEY,
        CHAT_API_SECRET: CHAT_SECRET,
        PORT: String(port),
        HOST: '127.0.0.1',
        // Every visitor of the load comes from 127.0.0.1.
        PUBLIC_RATE_LIMIT_PER_IP_PER_MINUTE: '100000',
        PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE: '1000',
      }),
      await launch('links', { ...linkTestKeyEnv, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_DELAYS_SECONDS: '1,1,1,1,1' }),
      await launch('sessions', { ...linkTestKeyEnv }),
      await launch('agent-runner', { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'fake-key', LLM_MAX_RETRIES: '0', RUNNER_MAX_IN_FLIGHT: '8' }),
    ];
    await Promise.all(started.map(({ proc, ready }) => waitForHttp(ready, proc, { timeoutMs: 60_000 })));
    const gatewayUrl = `http://127.0.0.1:${port}`;
    const admin = async (method: string, path: string, body: unknown, tenantId?: string) => {
      const answer = await manage(gatewayUrl, ADMIN_KEY, method, path, body, tenantId);
      if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    };
    const tenant = await admin('POST', '/api/tenants', { name: 'Engine faults' });
    const agent = await admin('POST', '/api/agents', { name: 'echo', config: greetThenAskLlmAgent('Hello.') }, tenant.id);
    const link = await admin(
      'POST',
      '/api/agents/echo/public-links',
      { title: 'Faults', rate_limit_per_minute: 1000, max_messages_per_session: 1000 },
      tenant.id,
    );
    await admin('POST', '/api/webhooks', { url: receiver.url, events: ['conversation.started'] }, tenant.id);
    return {
      gatewayUrl,
      procs,
      llm,
      tenantId: tenant.id,
      agentId: agent.id,
      linkToken: link.token,
      webhookConversations: receiver.conversations,
      webhookDeliveries: () => receiver.deliveries,
      async relaunch(service) {
        const running = launched.get(service);
        if (!running) throw new Error(`${service} was not started`);
        await running.proc.kill();
        const { proc, ready } = await launch(service, running.vars);
        await waitForHttp(ready, proc, { timeoutMs: 60_000 });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface Answered {
  what: string;
  at: number;
  status: number;
  ms: number;
  body: any;
}

/** What the load saw: every answer, each request never answered, and per session the contents acknowledged 200 in order. */
export interface LoadRecord {
  answers: Answered[];
  errors: string[];
  /** Text Chat API sessions and visitors' conversations alike, by conversation id. */
  acknowledged: Map<string, string[]>;
  /** Answered 200 (turns) since `since`. */
  turnsSince(since: number): number;
}

/**
 * Closed loops: `apiClients` Text Chat API clients and `visitors` link visitors, each starting a
 * session, sending `messagesPerSession` messages (each with its Idempotency-Key, sent again with it
 * until answered 200) and starting over, until `stop()`; a message sent is retried to the end.
 */
export function startLoad(p: FaultPlatform, options: { apiClients: number; visitors: number; messagesPerSession?: number }) {
  const record: LoadRecord = {
    answers: [],
    errors: [],
    acknowledged: new Map(),
    turnsSince: (since) => record.answers.filter((a) => a.status === 200 && a.what === 'send' && a.at > since).length,
  };
  const chat = new SignedClient(p.gatewayUrl, CHAT_SECRET);
  const visitorCall = async (path: string, body: unknown, key?: string) => {
    const response = await fetch(`${p.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(ANSWER_BOUND_MS * 2),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Kept as text: the check below shows it.
    }
    return { status: response.status, body: parsed as any };
  };
  let stopping = false;
  const timed = async (what: string, call: () => Promise<{ status: number; body: any }>) => {
    const sent = Date.now();
    try {
      const response = await call();
      const answer = { what, at: sent, status: response.status, ms: Date.now() - sent, body: response.body };
      record.answers.push(answer);
      return answer;
    } catch (error) {
      record.errors.push(`${what}: ${(error as Error).message} after ${Date.now() - sent} ms`);
      return undefined;
    }
  };
  const backOff = (answer: Answered | undefined) => sleep(answer?.status === 503 || answer?.status === 429 ? 200 : 50);
  const messages = options.messagesPerSession ?? 5;

  /** Sends one message until answered 200 (or given up on after 60 s, an error). */
  const deliver = async (label: string, send: (key: string) => Promise<{ status: number; body: any }>): Promise<boolean> => {
    const key = randomUUID();
    const first = Date.now();
    for (;;) {
      const answer = await timed('send', () => send(key));
      if (answer?.status === 200) return true;
      if (Date.now() - first > 60_000) {
        record.errors.push(`${label}: never answered 200 (last ${answer?.status} ${JSON.stringify(answer?.body)})`);
        return false;
      }
      await backOff(answer);
    }
  };

  const apiLoops = Array.from({ length: options.apiClients }, async (_, client) => {
    while (!stopping) {
      const created = await timed('create', () => chat.createSession({ tenant_id: p.tenantId, agent_id: p.agentId }));
      if (created?.status !== 201) {
        await backOff(created);
        continue;
      }
      const sent: string[] = [];
      record.acknowledged.set(created.body.conversation_id, sent);
      for (let m = 1; m <= messages && !stopping; m++) {
        const content = `api ${client} message ${m} ${randomUUID().slice(0, 8)}`;
        if (await deliver(content, (key) => chat.send(created.body.session_id, content, { 'idempotency-key': key }))) sent.push(content);
      }
    }
  });
  const visitorLoops = Array.from({ length: options.visitors }, async (_, visitor) => {
    while (!stopping) {
      const opened = await timed('open', () => visitorCall(`/api/public/sessions/${p.linkToken}`, {}));
      if (opened?.status !== 201) {
        await backOff(opened);
        continue;
      }
      const sent: string[] = [];
      record.acknowledged.set(opened.body.conversation_id, sent);
      for (let m = 1; m <= messages && !stopping; m++) {
        const content = `visitor ${visitor} message ${m} ${randomUUID().slice(0, 8)}`;
        if (await deliver(content, (key) => visitorCall(`/api/public/chat/${p.linkToken}`, { content, session: opened.body.session }, key))) sent.push(content);
      }
    }
  });
  return {
    record,
    async stop(): Promise<LoadRecord> {
      stopping = true;
      await Promise.all([...apiLoops, ...visitorLoops]);
      return record;
    },
  };
}

/** Waits for `count` turns answered 200 after `since` (the platform serves again), and answers how long after `since` the first came. */
export async function servedAgain(record: LoadRecord, since: number, count: number, timeoutMs = 60_000): Promise<number> {
  await waitFor(() => record.turnsSince(since) >= count, { timeoutMs, intervalMs: 20 });
  const first = record.answers.filter((a) => a.status === 200 && a.what === 'send' && a.at > since).sort((a, b) => a.at + a.ms - (b.at + b.ms))[0]!;
  return first.at + first.ms - since;
}

/** What the check found: each count a fault test expects to be 0, with examples. */
export interface LoadVerdict {
  requests: number;
  turns: number;
  lost: string[];
  doubled: string[];
  hung: string[];
  serverErrors: string[];
  unanswered: string[];
  /** Acknowledged turns analytics has not counted (user messages counted minus acknowledged, per agent), and conversations no webhook told of. */
  uncounted: number;
  unannounced: string[];
}

/**
 * Checks the load against what the platform kept: each conversation's stored user messages are the
 * contents acknowledged, in order, once each (a retry with its key ran nothing more); no answer
 * took longer than ANSWER_BOUND_MS or was a 500; analytics counted every stored user message, and
 * every conversation the load started was delivered to the webhook. Waits up to `settleMs` for
 * analytics and webhooks to catch up (events relayed after a fault come late).
 */
export async function verifyLoad(p: FaultPlatform, engines: EngineEnv, record: LoadRecord, settleMs = 60_000): Promise<LoadVerdict> {
  const db = new pg.Pool({ connectionString: engines.databaseUrl, max: 2 });
  db.on('error', () => undefined);
  try {
    const conversations = [...record.acknowledged.keys()];
    const { rows } = await db.query<{ conversation_id: string; content: string; status: string }>(
      `SELECT m.conversation_id, m.content, m.status FROM text_conversation_messages m
       WHERE m.role = 'user' AND m.conversation_id = ANY($1::uuid[]) ORDER BY m.conversation_id, m.sequence`,
      [conversations],
    );
    const stored = new Map<string, string[]>(conversations.map((id) => [id, []]));
    for (const row of rows) if (row.status !== 'failed') stored.get(row.conversation_id)?.push(row.content);
    const lost: string[] = [];
    const doubled: string[] = [];
    for (const [id, sent] of record.acknowledged) {
      const kept = stored.get(id) ?? [];
      for (const content of sent) {
        const times = kept.filter((c) => c === content).length;
        if (times === 0) lost.push(content);
        if (times > 1) doubled.push(content);
      }
    }
    const storedTurns = [...stored.values()].reduce((n, list) => n + list.length, 0);
    // Analytics counts every stored user message of the agent (events relayed after the fault included).
    let counted = 0;
    let announced = new Set<string>();
    const deadline = Date.now() + settleMs;
    for (;;) {
      const totals = await db.query<{ n: string }>('SELECT coalesce(sum(messages_user), 0) AS n FROM analytics_hourly WHERE agent_id = $1', [p.agentId]);
      counted = Number(totals.rows[0]!.n);
      announced = p.webhookConversations;
      const allUser = await db.query<{ n: string }>(
        `SELECT count(*) AS n FROM text_conversation_messages m JOIN text_conversations c ON c.id = m.conversation_id
         WHERE c.agent_id = $1 AND m.role = 'user' AND m.status <> 'failed'`,
        [p.agentId],
      );
      const expected = Number(allUser.rows[0]!.n);
      const missing = conversations.filter((id) => !announced.has(id));
      if ((counted >= expected && missing.length === 0) || Date.now() > deadline) {
        return {
          requests: record.answers.length,
          turns: storedTurns,
          lost,
          doubled,
          hung: record.answers.filter((a) => a.ms > ANSWER_BOUND_MS).map((a) => `${a.what}: ${a.status} after ${a.ms} ms`),
          serverErrors: record.answers.filter((a) => a.status >= 500 && a.status !== 503).map((a) => `${a.what}: ${a.status} ${JSON.stringify(a.body)}`),
          unanswered: record.errors,
          uncounted: Math.max(0, expected - counted),
          unannounced: missing,
        };
      }
      await sleep(250);
    }
  } finally {
    await db.end();
  }
}

/** A tenant's webhook endpoint on loopback, noting the conversations `conversation.started` told of. */
async function startWebhookReceiver(): Promise<{ server: Server; url: string; conversations: Set<string>; deliveries: number }> {
  const state = { conversations: new Set<string>(), deliveries: 0 };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      try {
        const event = JSON.parse(body) as { type?: string; data?: { conversation_id?: string } };
        if (event.type === 'conversation.started' && event.data?.conversation_id) {
          state.deliveries++;
          state.conversations.add(event.data.conversation_id);
        }
      } catch {
        // Not an event: answered all the same.
      }
      res.writeHead(200).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}/hook`,
    get conversations() {
      return state.conversations;
    },
    get deliveries() {
      return state.deliveries;
    },
  };
}

/** What a fault under load came to: the verdict, and how long after the fault a turn sent after it was first answered. */
export interface FaultRun {
  verdict: LoadVerdict;
  record: LoadRecord;
  /** Milliseconds from the fault's start to the first turn answered 200 that was sent after it began. */
  recoveryMs: number;
}

/**
 * The load (6 Text Chat API clients, 4 visitors) until 30 turns are answered, then `fault`, then
 * until a turn sent after it is answered and `after` runs (a node back, say) and 30 more turns are;
 * then the verdict.
 */
export async function faultUnderLoad(p: FaultPlatform, engines: EngineEnv, fault: () => Promise<void>, after?: () => Promise<void>): Promise<FaultRun> {
  const load = startLoad(p, { apiClients: 6, visitors: 4 });
  let recoveryMs = Number.POSITIVE_INFINITY;
  try {
    await servedAgain(load.record, 0, 30);
    const faultAt = Date.now();
    await fault();
    recoveryMs = await servedAgain(load.record, faultAt, 1, 40_000);
    await after?.();
    await servedAgain(load.record, Date.now(), 30);
  } finally {
    await load.stop();
  }
  return { verdict: await verifyLoad(p, engines, load.record), record: load.record, recoveryMs };
}

/** Says what the run came to, and holds it to the bound: nothing lost, doubled, hung, answered 500, uncounted or unannounced. */
export function expectNothingLost(fault: string, run: FaultRun, expectations: { recoveryBoundMs?: number } = {}): void {
  const { verdict, record, recoveryMs } = run;
  console.info(
    `${fault}: ${verdict.requests} requests, ${verdict.turns} turns kept, served again ${recoveryMs} ms after the fault; ` +
      `${record.answers.filter((a) => a.status === 503).length} answered 503; lost ${verdict.lost.length}, doubled ${verdict.doubled.length}, hung ${verdict.hung.length}, ` +
      `500 ${verdict.serverErrors.length}, uncounted ${verdict.uncounted}, unannounced ${verdict.unannounced.length}`,
  );
  if (expectations.recoveryBoundMs !== undefined) expect(recoveryMs).toBeLessThan(expectations.recoveryBoundMs);
  expect(verdict.unanswered).toEqual([]);
  expect(verdict.lost).toEqual([]);
  expect(verdict.doubled).toEqual([]);
  expect(verdict.hung).toEqual([]);
  expect(verdict.serverErrors).toEqual([]);
  expect(verdict.uncounted).toBe(0);
  expect(verdict.unannounced).toEqual([]);
  // A request caught in the fault is refused as a client can act on: 503 `unavailable`, sent again.
  for (const refused of record.answers.filter((a) => a.status === 503)) expect(refused.body?.error?.code, JSON.stringify(refused.body)).toBe('unavailable');
}

/** What a fault test's engines give the platform: variables over the test context's servers (undefined: unset), and how to stop them. */
export interface EngineSetup {
  vars?: Record<string, string | undefined>;
  /** The platform's database, when not the test context's. */
  databaseUrl?: string;
  stop?: () => Promise<void>;
}

export interface FaultSuite {
  ctx: TestContext;
  engines: EngineEnv;
  platform: FaultPlatform;
}

/**
 * In a describe block: a test context, the engines `setUp` starts for it (the context's own
 * PostgreSQL, NATS and Redis for what it does not replace) and the platform on them, all stopped
 * after. The returned object is filled once beforeAll has run.
 */
export function useFaultPlatform(name: string, setUp: (ctx: TestContext) => Promise<EngineSetup> = async () => ({})): FaultSuite {
  const suite = {} as FaultSuite;
  let stopEngines: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    suite.ctx = await createTestContext({ name });
    const engines = await setUp(suite.ctx);
    stopEngines = engines.stop;
    const databaseUrl = engines.databaseUrl ?? suite.ctx.databaseUrl;
    const vars = { NATS_URL: suite.ctx.natsUrl, REDIS_URL: suite.ctx.redisUrl, DATABASE_URL: databaseUrl, ...engines.vars };
    suite.engines = {
      vars: Object.fromEntries(Object.entries(vars).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      databaseUrl,
      namespace: suite.ctx.namespace,
    };
    suite.platform = await startFaultPlatform(suite.engines);
  }, 120_000);
  afterAll(async () => {
    await suite.platform?.stop();
    await stopEngines?.();
    await suite.ctx?.cleanup();
  });
  return suite;
}
