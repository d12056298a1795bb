import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { signRequest } from '@parley/auth';
import { openDatabase } from '@parley/db';
import { createLogger } from '@parley/logger';
import type { Pool } from 'undici';
import { LINK_LIMITS, GATEWAY_LIMITS } from '../public-chat/bench.js';
import { managementPost, seedBenchAgent } from '../common/bench-agent.js';
import { keepAlivePool } from '../common/closed-loop.js';
import { startFakeLlmProcess } from '../common/fake-llm-process.js';
import { serverUrls } from '../common/real-stack.js';
import type { Runtime } from '../common/stack.js';
import { type ScaleProcess, ScaleStack } from '../scale/stack.js';
import { type ApiClient, FaultLoad, type Message, type Visitor } from './load.js';
import { DedicatedServer, PostgresProxy } from './servers.js';

/** The faults, in the order they are run by default. */
export const FAULTS = {
  'runner-kill': 'an agent-runner SIGKILLed, then started again',
  'sessions-kill': 'the sessions process SIGKILLed, then started again',
  'links-kill': 'the links process SIGKILLed, then started again',
  'nats-restart': 'NATS stopped (SIGTERM), down for --down seconds, started again (same port and store)',
  'redis-restart': 'Redis stopped (SIGTERM), down for --down seconds, started again empty',
  'postgres-refuse': 'PostgreSQL refusing connections for --pg-refuse seconds (the proxy closes its port and drops every connection)',
  'gateway-restart': 'the gateway stopped with SIGTERM, then started again',
  'sessions-freeze': 'the sessions process frozen (SIGSTOP) for --freeze seconds, then SIGCONT',
} as const;
export type FaultName = keyof typeof FAULTS;
export const FAULT_NAMES = Object.keys(FAULTS) as FaultName[];

export interface FaultsOptions {
  faults: FaultName[];
  /** Load before each fault. */
  steadyS: number;
  /** Load after each fault has ended. */
  recoveryS: number;
  /** Up to how much longer the recovery phase waits for steady throughput before the next fault. */
  settleS: number;
  /** How long NATS and Redis stay down. */
  downS: number;
  pgRefuseS: number;
  freezeS: number;
  apiClients: number;
  visitors: number;
  /** How long the fake LLM takes per answer. */
  llmMs: number;
  clientTimeoutS: number;
  runtime: Runtime;
  log: (line: string) => void;
}

export interface FaultRow {
  fault: FaultName | 'all';
  /** Milliseconds from the fault's start to its end (the process ready again, the server up, the port open). */
  lastedMs: number;
  requests: number;
  answered: number;
  /** Failed requests by outcome: `503`, `429`, `timeout`, `network`, … */
  failed: Record<string, number>;
  maxLatencyMs: number;
  /**
   * From the fault's end to the first 2xx, and to the first 2xx that begins a second with at least
   * 80 % of the steady throughput; null: not within the window.
   */
  recoveryMs: { firstSuccess: number | null; steady: number | null };
  lost: number;
  duplicated: number;
  hung: number;
}

export interface Finding {
  fault: FaultName | 'before the first fault';
  what: 'lost' | 'duplicated' | 'hung';
  message: Pick<Message, 'kind' | 'client' | 'conversationId' | 'content' | 'key' | 'attempts' | 'outcomes' | 'messageId' | 'turnNumber'>;
  detail: string;
}

export interface FaultsReport {
  benchmark: 'faults';
  startedAt: string;
  options: Omit<FaultsOptions, 'log'>;
  /** Whether the public chat route took an Idempotency-Key (visitors then sent one). */
  publicIdempotencyKey: boolean;
  /** Turns per second of the first steady phase: what "steady throughput" is measured against. */
  baselinePerSecond: number;
  rows: FaultRow[];
  findings: Finding[];
  /** Processes that exited by themselves and were started again, as an orchestrator would. */
  unexpectedExits: Array<{ process: string; atMs: number; fault: string }>;
  /** Messages the clients gave up on (never answered 2xx): not lost, but not served either. */
  unanswered: Array<Finding['message'] & { gaveUp: string; fault: Finding['fault'] }>;
  verdict: { pass: boolean; reasons: string[] };
}

interface Window {
  fault: FaultName;
  startMs: number;
  faultStartMs: number;
  faultEndMs: number;
  endMs: number;
}

function signed(secret: string, path: string, payload: unknown) {
  const body = JSON.stringify(payload);
  return {
    method: 'POST' as const,
    path,
    body,
    headers: { 'content-type': 'application/json', ...signRequest(secret, 'POST', path, body, Date.now(), { fractional: true }) },
  };
}

/** A request of the setup (sessions, the probe), retried a few times: the stack has only just started. */
async function setupRequest(
  pool: Pool,
  build: () => { method: 'POST'; path: string; body: string; headers: Record<string, string> },
  expect: number,
): Promise<any> {
  let last = '';
  for (let attempt = 0; attempt < 10; attempt++) {
    const response = await pool.request(build());
    const text = await response.body.text();
    if (response.statusCode === expect) return JSON.parse(text);
    last = `${response.statusCode} ${text}`;
    await sleep(500);
  }
  throw new Error(`${build().path} answered ${last}`);
}

/**
 * Whether the public chat route honours an Idempotency-Key: the same message sent twice with one
 * key is stored once (the same message id) when it does.
 */
async function probePublicKeys(pool: Pool, token: string, session: string): Promise<boolean> {
  const path = `/api/public/chat/${token}`;
  const key = `probe-${randomBytes(6).toString('hex')}`;
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const response = await pool.request({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ content: 'probe', session }),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200) return false;
    ids.push(JSON.parse(text).message_id);
  }
  return ids[0] !== undefined && ids[0] === ids[1];
}

/** Turns completed per second over [from, to). */
function rate(answers: number[], from: number, to: number): number {
  if (to <= from) return 0;
  return answers.filter((t) => t >= from && t < to).length / ((to - from) / 1000);
}

/**
 * The fault run: the services as processes of their own on servers of the run's own, 24
 * closed-loop clients, and one fault after another, each between a steady phase and a recovery
 * phase; then every acknowledged message is looked up in PostgreSQL.
 */
export async function runFaultsBench(options: FaultsOptions): Promise<FaultsReport> {
  const startedAt = new Date().toISOString();
  const log = options.log;
  const logger = createLogger({ service: 'bench-faults', level: 'warn' });
  const machine = serverUrls();
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => log(`cleanup: ${String(error)}`));
    stops.length = 0;
  };

  try {
    log('starting NATS and Redis of the run, and the PostgreSQL proxy');
    const nats = await DedicatedServer.start('nats');
    stops.push(() => nats.remove());
    const redis = await DedicatedServer.start('redis');
    stops.push(() => redis.remove());
    const proxy = await PostgresProxy.start(machine.databaseUrl);
    stops.push(() => proxy.stop());
    const llm = await startFakeLlmProcess({ delayMs: options.llmMs });
    stops.push(() => llm.stop());

    const stack = await ScaleStack.create({
      runtime: options.runtime,
      logger,
      log,
      runnerEnv: { OPENAI_BASE_URL: llm.url, OPENAI_API_KEY: 'bench' },
      gatewayEnv: GATEWAY_LIMITS,
      servers: { databaseUrl: machine.databaseUrl, natsUrl: nats.url, redisUrl: redis.url },
      databaseAddress: proxy.address,
    });
    stops.push(() => stack.stop());
    log('starting links, sessions, gateway and two agent-runners');
    await stack.add('links');
    await stack.add('sessions');
    await stack.add('gateway');
    await stack.add('agent-runner', 2);
    const url = stack.gateways[0]?.publicUrl ?? '';
    const pool = keepAlivePool(url, options.apiClients + options.visitors + 2);
    stops.push(() => pool.close());

    const agent = await seedBenchAgent(url, stack.adminApiKey, 'faults bench', 'llm');
    const link = await managementPost(url, stack.adminApiKey, '/api/agents/bench-llm/public-links', { title: 'faults bench', ...LINK_LIMITS }, agent.tenantId);
    const clients: Array<ApiClient | Visitor> = [];
    for (let i = 0; i < options.apiClients; i++) {
      const created = await setupRequest(
        pool,
        () => signed(stack.chatApiSecret, '/api/chat/sessions', { tenant_id: agent.tenantId, agent_id: agent.agentId }),
        201,
      );
      clients.push({ kind: 'api', sessionId: created.session_id, conversationId: created.conversation_id });
    }
    const visitorSession = () =>
      setupRequest(
        pool,
        () => ({ method: 'POST', path: `/api/public/sessions/${link.token}`, body: '{}', headers: { 'content-type': 'application/json' } }),
        201,
      );
    for (let i = 0; i < options.visitors; i++) {
      const started = await visitorSession();
      clients.push({ kind: 'public', session: started.session, conversationId: started.conversation_id });
    }
    const probe = await visitorSession();
    const publicKeys = await probePublicKeys(pool, link.token, probe.session);
    log(`public chat ${publicKeys ? 'takes' : 'does not take'} an Idempotency-Key`);

    const load = new FaultLoad({
      pool,
      chatApiSecret: stack.chatApiSecret,
      token: link.token,
      clients,
      publicKeys,
      clientTimeoutMs: options.clientTimeoutS * 1000,
      keyPrefix: `faults-${randomBytes(4).toString('hex')}`,
    });

    // A process that exits by itself is started again, as an orchestrator would, and noted.
    const acting = new Set<ScaleProcess>();
    const unexpectedExits: FaultsReport['unexpectedExits'] = [];
    let currentFault = 'before the first fault';
    let supervising = true;
    const supervisor = (async () => {
      while (supervising) {
        for (const p of stack.processes) {
          if (!p.proc.running && !acting.has(p)) {
            unexpectedExits.push({ process: p.name, atMs: load.now(), fault: currentFault });
            log(`  ${p.name} exited by itself during ${currentFault}; starting it again. Its last output:\n${p.proc.output()}`);
            acting.add(p);
            void stack
              .restart(p, 'kill')
              .catch((error: unknown) => log(`  ${p.name} did not start again: ${String(error)}`))
              .finally(() => acting.delete(p));
          }
        }
        await sleep(250);
      }
    })();
    const byName = (name: string) => {
      const found = stack.processes.find((p) => p.name === name);
      if (!found) throw new Error(`no process ${name}`);
      return found;
    };
    const restart = async (name: string, how: 'kill' | 'term') => {
      const p = byName(name);
      acting.add(p);
      try {
        await stack.restart(p, how);
      } finally {
        acting.delete(p);
      }
    };
    const inject: Record<FaultName, () => Promise<void>> = {
      'runner-kill': () => restart('agent-runner-1', 'kill'),
      'sessions-kill': () => restart('sessions-1', 'kill'),
      'links-kill': () => restart('links-1', 'kill'),
      'nats-restart': async () => {
        await nats.down();
        await sleep(options.downS * 1000);
        await nats.up();
      },
      'redis-restart': async () => {
        await redis.down();
        await sleep(options.downS * 1000);
        await redis.up();
      },
      'postgres-refuse': async () => {
        await proxy.refuse();
        await sleep(options.pgRefuseS * 1000);
        await proxy.accept();
      },
      'gateway-restart': () => restart('gateway-1', 'term'),
      'sessions-freeze': async () => {
        const p = byName('sessions-1');
        acting.add(p);
        try {
          p.proc.child.kill('SIGSTOP');
          await sleep(options.freezeS * 1000);
        } finally {
          p.proc.child.kill('SIGCONT');
          acting.delete(p);
        }
      },
    };

    const windows: Window[] = [];
    const answeredPerSecond = (from: number, to: number) =>
      rate(
        load.attempts.filter((a) => a.ok).map((a) => a.doneAt),
        from,
        to,
      );
    let baseline = 0;
    load.start();
    try {
      for (const fault of options.faults) {
        const startMs = load.now();
        log(`${fault}: ${options.steadyS} s steady`);
        await sleep(options.steadyS * 1000);
        // The first steady phase (less its first second) is the throughput the others are measured against.
        if (windows.length === 0) baseline = answeredPerSecond(startMs + 1_000, load.now());
        currentFault = fault;
        const faultStartMs = load.now();
        log(`${fault}: ${FAULTS[fault]}`);
        await inject[fault]();
        const faultEndMs = load.now();
        log(`${fault}: over after ${((faultEndMs - faultStartMs) / 1000).toFixed(1)} s; ${options.recoveryS} s recovery`);
        await sleep(options.recoveryS * 1000);
        // Each fault starts from steady load: the recovery phase goes on while the last second is below 80 % of the first steady phase.
        const settleUntil = load.now() + options.settleS * 1000;
        while (answeredPerSecond(load.now() - 1_000, load.now()) < 0.8 * baseline && load.now() < settleUntil) await sleep(250);
        windows.push({ fault, startMs, faultStartMs, faultEndMs, endMs: load.now() });
      }
    } finally {
      const drainMs = options.clientTimeoutS * 1000 + 5_000;
      log(`stopping the load (messages being retried get ${drainMs / 1000} s more)`);
      await load.stop(drainMs);
      supervising = false;
      await supervisor;
    }

    log('looking every acknowledged message up in PostgreSQL');
    const stored = await readStored(machine.databaseUrl, stack.database, logger);
    const report = analyse(load, windows, stored, options, publicKeys, unexpectedExits, startedAt);
    return report;
  } finally {
    await stopAll();
  }
}

interface Stored {
  /** `conversation id \0 content` → user messages stored ok. */
  userOk: Map<string, number>;
  /** `conversation id \0 key` → turns stored with that Idempotency-Key. */
  turnsByKey: Map<string, number>;
  /** Stored ok message ids. */
  messageIds: Set<string>;
  /** `conversation id \0 content` of the user message of each turn that has more than one assistant reply. */
  repliedTwice: Map<string, number>;
}

/** What PostgreSQL holds after the run, read through the machine's server (not the proxy). */
async function readStored(adminUrl: string, database: string, logger: ReturnType<typeof createLogger>): Promise<Stored> {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const db = await openDatabase({ url: url.toString(), logger, poolSize: 1, applicationName: 'parley-bench' });
  try {
    const users = await db.pool.query<{ conversation_id: string; content: string; ids: string[] }>(
      `SELECT conversation_id, content, array_agg(id::text) AS ids FROM text_conversation_messages WHERE role = 'user' AND status = 'ok' GROUP BY 1, 2`,
    );
    const turns = await db.pool.query<{ conversation_id: string; idempotency_key: string; n: number }>(
      `SELECT conversation_id, idempotency_key, count(*)::int AS n FROM text_conversation_turns WHERE idempotency_key IS NOT NULL GROUP BY 1, 2`,
    );
    const twice = await db.pool.query<{ conversation_id: string; content: string; n: number }>(
      `SELECT a.conversation_id, u.content, a.n FROM (
         SELECT conversation_id, turn_number, count(*)::int AS n FROM text_conversation_messages
         WHERE role = 'assistant' AND status = 'ok' AND turn_number > 0 GROUP BY 1, 2 HAVING count(*) > 1
       ) a JOIN text_conversation_messages u ON u.conversation_id = a.conversation_id AND u.turn_number = a.turn_number AND u.role = 'user' AND u.status = 'ok'`,
    );
    const stored: Stored = { userOk: new Map(), turnsByKey: new Map(), messageIds: new Set(), repliedTwice: new Map() };
    for (const row of users.rows) {
      stored.userOk.set(`${row.conversation_id}\0${row.content}`, row.ids.length);
      for (const id of row.ids) stored.messageIds.add(id);
    }
    for (const row of turns.rows) stored.turnsByKey.set(`${row.conversation_id}\0${row.idempotency_key}`, row.n);
    for (const row of twice.rows) stored.repliedTwice.set(`${row.conversation_id}\0${row.content}`, row.n);
    return stored;
  } finally {
    await db.close();
  }
}

function analyse(
  load: FaultLoad,
  windows: Window[],
  stored: Stored,
  options: FaultsOptions,
  publicIdempotencyKey: boolean,
  unexpectedExits: FaultsReport['unexpectedExits'],
  startedAt: string,
): FaultsReport {
  const windowOf = (t: number): Window | undefined =>
    windows.find((w) => t >= w.startMs && t < w.endMs) ?? (t >= (windows.at(-1)?.endMs ?? 0) ? windows.at(-1) : undefined);
  const findings: Finding[] = [];
  const brief = (m: Message): Finding['message'] => ({
    kind: m.kind,
    client: m.client,
    conversationId: m.conversationId,
    content: m.content,
    ...(m.key ? { key: m.key } : {}),
    attempts: m.attempts,
    outcomes: m.outcomes,
    ...(m.messageId ? { messageId: m.messageId } : {}),
    ...(m.turnNumber !== undefined ? { turnNumber: m.turnNumber } : {}),
  });
  const faultOf = (t: number): Finding['fault'] => windowOf(t)?.fault ?? 'before the first fault';
  for (const m of load.messages) {
    const where = `${m.conversationId}\0${m.content}`;
    const copies = stored.userOk.get(where) ?? 0;
    if (m.answeredAt !== undefined) {
      const missing: string[] = [];
      if (copies === 0) missing.push('no stored user message with its content');
      if (m.messageId && !stored.messageIds.has(m.messageId)) missing.push(`message ${m.messageId} (from its 200) is not stored`);
      if (m.kind === 'api' && m.key && !stored.turnsByKey.has(`${m.conversationId}\0${m.key}`)) missing.push('no stored turn with its Idempotency-Key');
      if (missing.length > 0)
        findings.push({ fault: faultOf(m.firstSentAt), what: 'lost', message: brief(m), detail: `answered 2xx, but ${missing.join('; ')}` });
    }
    const keyed = m.key ? (stored.turnsByKey.get(`${m.conversationId}\0${m.key}`) ?? 0) : 0;
    const replies = stored.repliedTwice.get(where) ?? 0;
    if (copies > 1 || keyed > 1 || replies > 1) {
      const why = [
        copies > 1 ? `stored ${copies} times` : '',
        keyed > 1 ? `${keyed} turns stored with its key` : '',
        replies > 1 ? `${replies} assistant replies to one turn` : '',
      ]
        .filter(Boolean)
        .join('; ');
      findings.push({ fault: faultOf(m.firstSentAt), what: 'duplicated', message: brief(m), detail: why });
    }
  }
  for (const a of load.attempts) {
    if (a.outcome !== 'timeout') continue;
    const m = load.messages[a.message];
    if (m)
      findings.push({
        fault: faultOf(a.sentAt),
        what: 'hung',
        message: brief(m),
        detail: `no answer within ${options.clientTimeoutS} s (sent at ${(a.sentAt / 1000).toFixed(1)} s)`,
      });
  }

  const answers = load.attempts.filter((a) => a.ok).map((a) => a.doneAt);
  const first = windows[0];
  const baselinePerSecond = first ? rate(answers, first.startMs + 1_000, first.faultStartMs) : 0;
  const count = (fault: FaultName | 'all', what: Finding['what']) => findings.filter((f) => f.what === what && (fault === 'all' || f.fault === fault)).length;

  const row = (fault: FaultName | 'all', from: number, to: number, window?: Window): FaultRow => {
    const attempts = load.attempts.filter((a) => a.sentAt >= from && a.sentAt < to);
    const failed: Record<string, number> = {};
    for (const a of attempts) if (!a.ok) failed[a.outcome] = (failed[a.outcome] ?? 0) + 1;
    let firstSuccess: number | null = null;
    let steady: number | null = null;
    if (window) {
      const after = answers.filter((t) => t >= window.faultEndMs).sort((x, y) => x - y);
      firstSuccess = after[0] !== undefined && after[0] < window.endMs ? after[0] - window.faultEndMs : null;
      // The first answer after which a whole second held at least 80 % of the steady turns/s.
      const wanted = 0.8 * baselinePerSecond;
      let end = 0;
      for (let i = 0; i < after.length && (after[i] as number) + 1_000 <= window.endMs; i++) {
        const from = after[i] as number;
        while (end < after.length && (after[end] as number) < from + 1_000) end++;
        if (end - i >= wanted) {
          steady = from - window.faultEndMs;
          break;
        }
      }
    }
    return {
      fault,
      lastedMs: window ? window.faultEndMs - window.faultStartMs : 0,
      requests: attempts.length,
      answered: attempts.filter((a) => a.ok).length,
      failed,
      maxLatencyMs: Math.max(0, ...attempts.map((a) => a.doneAt - a.sentAt)),
      recoveryMs: { firstSuccess, steady },
      lost: count(fault, 'lost'),
      duplicated: count(fault, 'duplicated'),
      hung: count(fault, 'hung'),
    };
  };
  const rows = windows.map((w, i) => row(w.fault, w.startMs, i === windows.length - 1 ? Number.POSITIVE_INFINITY : w.endMs, w));
  rows.push(row('all', 0, Number.POSITIVE_INFINITY));
  // Findings before the first window would be missing from the rows; there are none by construction (the load starts with it).

  const total = rows.at(-1) as FaultRow;
  const reasons: string[] = [];
  if (total.lost > 0) reasons.push(`${total.lost} acknowledged message(s) lost`);
  if (total.duplicated > 0) reasons.push(`${total.duplicated} message(s) stored or run more than once`);
  if (total.hung > 0) reasons.push(`${total.hung} request(s) hung past the ${options.clientTimeoutS} s deadline`);
  const { log: _log, ...rest } = options;
  return {
    benchmark: 'faults',
    startedAt,
    options: rest,
    publicIdempotencyKey,
    baselinePerSecond,
    rows,
    findings,
    unexpectedExits,
    unanswered: load.messages
      .filter((m) => m.answeredAt === undefined)
      .map((m) => ({ ...brief(m), gaveUp: m.gaveUp ?? 'not answered', fault: faultOf(m.firstSentAt) })),
    verdict: { pass: reasons.length === 0, reasons },
  };
}
