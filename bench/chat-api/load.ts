import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { signRequest } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import { AppError } from '@parley/contracts';
import { Pool } from 'undici';
import { STATIC_TEXT, type SeededAgent } from './agent.js';

/** A request slower than this counts as an error (undici's own default is five minutes). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * What each worker sends. `turn` is the benchmark; the others split its cost into hops. The
 * `bus …` kinds skip the gateway: the load generator asks the services over NATS itself, as the
 * gateway would (real mode only: the one-process bus cannot be reached from outside).
 */
export const REQUEST_KINDS = {
  turn: 'POST /api/chat/sessions/{id}/messages: HMAC + nonce (Redis) → NATS → sessions (read, runner.turn over NATS, commit) → reply',
  status: 'GET /api/chat/sessions/{id}: HMAC + nonce (Redis) → NATS → sessions → one PostgreSQL read → reply',
  healthz: "GET /healthz: the gateway's HTTP server alone",
  'bus sessions.send': 'a turn without the gateway: NATS → sessions (read, runner.turn over NATS, commit) → reply',
  'bus sessions.status': 'NATS → sessions → one PostgreSQL read → reply',
  'bus runner.turn': 'NATS → agent-runner (workflow engine, cached agent config) → reply: no database',
} as const;

export type RequestKind = keyof typeof REQUEST_KINDS;

export interface LoadOptions {
  url: string;
  chatApiSecret: string;
  agent: SeededAgent;
  /** Sessions, each driven by one worker in a closed loop (the next request when the reply is in). */
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  request?: RequestKind;
  /** For the `bus …` kinds: a bus connected to the stack's NATS namespace. */
  bus?: PlatformBus | undefined;
  /** Called when the measured window opens and closes (CPU accounting). */
  onWindowStart?: () => void;
  onWindowEnd?: () => void;
}

export interface LoadResult {
  request: RequestKind;
  concurrency: number;
  /** Requests answered as expected (turns: 200 with the agent's text) within the measured window. */
  ok: number;
  perSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Failed requests from the start of the warm-up to the end, window or not. */
  errors: number;
  /** Failures by kind, e.g. `HTTP 503 unavailable`, `network ECONNRESET`, `unexpected reply`. */
  errorKinds: Record<string, number>;
  /** Time to create the sessions (not part of the figures). */
  setupMs: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

function errorKind(status: number, text: string): string {
  try {
    const code = JSON.parse(text)?.error?.code;
    if (typeof code === 'string') return `HTTP ${status} ${code}`;
  } catch {
    // not JSON
  }
  return `HTTP ${status}`;
}

interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** A signed Text Chat API request, timestamped `now` (milliseconds). */
function signed(secret: string, now: number, method: 'GET' | 'POST', path: string, payload?: unknown): HttpRequest {
  const body = payload === undefined ? '' : JSON.stringify(payload);
  const signature = signRequest(secret, method, path, body, now, { fractional: true });
  return body ? { method, path, body, headers: { 'content-type': 'application/json', ...signature } } : { method, path, headers: { ...signature } };
}

interface Session {
  sessionId: string;
  conversationId: string;
}

/** The agent's sessions, created a few at a time. */
async function createSessions(pool: Pool, options: LoadOptions): Promise<Session[]> {
  const sessions: Session[] = [];
  // The index makes each body, so each signature, unique even when two are signed in the same millisecond.
  const createOne = async (index: number) => {
    const request = signed(options.chatApiSecret, Date.now(), 'POST', '/api/chat/sessions', {
      tenant_id: options.agent.tenantId,
      agent_id: options.agent.agentId,
      metadata: { bench: 'chat-api', worker: index },
    });
    const response = await pool.request(request);
    const text = await response.body.text();
    if (response.statusCode !== 201) throw new Error(`creating a session answered ${response.statusCode}: ${text}`);
    const created = JSON.parse(text);
    sessions.push({ sessionId: created.session_id, conversationId: created.conversation_id });
  };
  const parallel = Math.min(options.concurrency, 8);
  await Promise.all(
    Array.from({ length: parallel }, async (_, lane) => {
      for (let i = lane; i < options.concurrency; i += parallel) await createOne(i);
    }),
  );
  return sessions;
}

/** Sends one request; resolves with why it failed, or undefined when the reply is the expected one. */
type Perform = (sequence: number) => Promise<string | undefined>;

async function overHttp(pool: Pool, request: HttpRequest, check: (text: string) => boolean): Promise<string | undefined> {
  const response = await pool.request(request);
  const text = await response.body.text();
  if (response.statusCode !== 200) return errorKind(response.statusCode, text);
  return check(text) ? undefined : 'unexpected reply';
}

async function overBus(ask: () => Promise<boolean>): Promise<string | undefined> {
  try {
    return (await ask()) ? undefined : 'unexpected reply';
  } catch (error) {
    return error instanceof AppError ? `bus ${error.code}` : `bus ${(error as Error).message}`;
  }
}

/**
 * One worker's requests of a kind, on its own session. Every signature must be new (each is
 * accepted once): the path names the worker's session and the timestamp never repeats within a
 * worker, even when a reply comes back within the millisecond.
 */
function performer(kind: RequestKind, pool: Pool, options: LoadOptions, session: Session, worker: number): Perform {
  const { sessionId, conversationId } = session;
  let clock = 0;
  const now = () => {
    clock = Math.max(Date.now(), clock + 1);
    return clock;
  };
  const bus = () => {
    if (!options.bus) throw new Error(`"${kind}" needs a bus connected to the stack's NATS`);
    return options.bus;
  };
  switch (kind) {
    case 'turn':
      return (sequence) =>
        overHttp(
          pool,
          signed(options.chatApiSecret, now(), 'POST', `/api/chat/sessions/${sessionId}/messages`, { content: `message ${sequence} from worker ${worker}` }),
          (text) => JSON.parse(text).response === STATIC_TEXT,
        );
    case 'status':
      return () => overHttp(pool, signed(options.chatApiSecret, now(), 'GET', `/api/chat/sessions/${sessionId}`), () => true);
    case 'healthz':
      return () => overHttp(pool, { method: 'GET', path: '/healthz', headers: {} }, () => true);
    case 'bus sessions.send':
      return (sequence) =>
        overBus(async () => (await bus().request('sessions.send', { sessionId, content: `bus message ${sequence} from worker ${worker}` })).response === STATIC_TEXT);
    case 'bus sessions.status':
      return () => overBus(async () => (await bus().request('sessions.status', { sessionId })).status === 'active');
    case 'bus runner.turn':
      return (sequence) =>
        overBus(async () => {
          const outcome = await bus().request('runner.turn', {
            agentId: options.agent.agentId,
            version: 1,
            conversationId,
            sessionId,
            state: { nodeId: 'listen', collectedData: {}, visitTurns: 0 },
            message: `runner message ${sequence}`,
            history: [],
          });
          return outcome.response === STATIC_TEXT;
        });
  }
}

/**
 * Closed-loop load: N sessions, one worker each sending the next request as soon as the reply
 * is in, over keep-alive connections (one per worker). A request counts when it completes within
 * the measured window that follows the warm-up; its latency is from the request being built
 * and signed (microseconds) to its reply being read.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const kind = options.request ?? 'turn';
  const pool = new Pool(options.url, {
    connections: options.concurrency,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
  try {
    const setupStarted = performance.now();
    const sessions = await createSessions(pool, options);
    const setupMs = performance.now() - setupStarted;

    const latencies: number[] = [];
    const errorKinds: Record<string, number> = {};
    let errors = 0;
    const started = performance.now();
    const windowStart = started + options.warmupMs;
    const windowEnd = windowStart + options.durationMs;
    const windowTimers = (async () => {
      await sleep(options.warmupMs);
      options.onWindowStart?.();
      await sleep(Math.max(0, windowEnd - performance.now()));
      options.onWindowEnd?.();
    })();

    const worker = async (session: Session, index: number) => {
      const perform = performer(kind, pool, options, session, index);
      for (let sequence = 1; performance.now() < windowEnd; sequence++) {
        const sent = performance.now();
        let failure: string | undefined;
        try {
          failure = await perform(sequence);
        } catch (error) {
          failure = `network ${(error as { code?: string }).code ?? (error as Error).message}`;
        }
        const done = performance.now();
        if (failure !== undefined) {
          errors++;
          errorKinds[failure] = (errorKinds[failure] ?? 0) + 1;
        } else if (done >= windowStart && done <= windowEnd) {
          latencies.push(done - sent);
        }
      }
    };
    await Promise.all(sessions.map((session, index) => worker(session, index)));
    await windowTimers;

    const sorted = Float64Array.from(latencies).sort();
    const sum = latencies.reduce((total, value) => total + value, 0);
    return {
      request: kind,
      concurrency: options.concurrency,
      ok: latencies.length,
      perSecond: latencies.length / (options.durationMs / 1000),
      latencyMs: {
        p50: percentile(sorted, 0.5),
        p90: percentile(sorted, 0.9),
        p99: percentile(sorted, 0.99),
        max: sorted.length > 0 ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
        mean: latencies.length > 0 ? sum / latencies.length : Number.NaN,
      },
      errors,
      errorKinds,
      setupMs,
    };
  } finally {
    await pool.close();
  }
}
