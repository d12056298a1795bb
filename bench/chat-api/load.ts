import { performance } from 'node:perf_hooks';
import { signRequest } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import { AppError } from '@parley/contracts';
import { answeredAsAlways, type SeededAgent } from '../common/bench-agent.js';
import { closedLoop, type HttpRequest, type Measurement, overHttp, type Perform, type WindowHooks } from '../common/closed-loop.js';
import { LeanHttpClient } from '../common/lean-http.js';

export { percentile } from '../common/closed-loop.js';

/**
 * What each worker sends. `turn` is the benchmark; the others split its cost into hops. The
 * `bus …` kinds skip the gateway: the load generator asks the services over NATS itself, as the
 * gateway would (real mode only: the one-process bus cannot be reached from outside).
 */
export const REQUEST_KINDS = {
  turn: 'POST /api/chat/sessions/{id}/messages: HMAC + nonce (Redis) → NATS → sessions (read, the turn – in sessions for a static agent, runner.turn over NATS for an LLM one –, commit) → reply',
  session:
    'POST /api/chat/sessions: HMAC → NATS → links (the agent) → sessions (the start turn, the conversation stored) → reply: the cost of a new conversation',
  status: 'GET /api/chat/sessions/{id}: HMAC + nonce (Redis) → NATS → sessions → one PostgreSQL read → reply',
  healthz: "GET /healthz: the gateway's HTTP server alone",
  'bus sessions.send': 'a turn without the gateway: NATS → sessions (read, runner.turn over NATS, commit) → reply',
  'bus sessions.status': 'NATS → sessions → one PostgreSQL read → reply',
  'bus runner.turn': 'NATS → agent-runner (workflow engine, cached agent config) → reply: no database',
} as const;

export type RequestKind = keyof typeof REQUEST_KINDS;

export interface LoadOptions extends WindowHooks {
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
}

export interface LoadResult extends Measurement {
  request: RequestKind;
  concurrency: number;
  /** Time to create the sessions (not part of the figures). */
  setupMs: number;
}

/** A signed Text Chat API request, timestamped `now` (milliseconds). */
export function signed(secret: string, now: number, method: 'GET' | 'POST', path: string, payload?: unknown): HttpRequest {
  const body = payload === undefined ? '' : JSON.stringify(payload);
  const signature = signRequest(secret, method, path, body, now, { fractional: true });
  return body ? { method, path, body, headers: { 'content-type': 'application/json', ...signature } } : { method, path, headers: { ...signature } };
}

interface Session {
  sessionId: string;
  conversationId: string;
}

/** The agent's sessions, created a few at a time. */
async function createSessions(pool: LeanHttpClient, options: LoadOptions): Promise<Session[]> {
  const sessions: Session[] = [];
  // The index makes each body, so each signature, unique even when two are signed in the same millisecond.
  const createOne = async (index: number) => {
    const request = signed(options.chatApiSecret, Date.now(), 'POST', '/api/chat/sessions', {
      tenant_id: options.agent.tenantId,
      agent_id: options.agent.agentId,
      metadata: { bench: 'chat-api', worker: index },
    });
    const response = await pool.request(request);
    const text = response.text;
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
function performer(kind: RequestKind, pool: LeanHttpClient, options: LoadOptions, session: Session, worker: number): Perform {
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
  // The knowledge agent's visitors ask its questions in turn, each worker from its own place.
  const { questions } = options.agent;
  const say = (sequence: number, fallback: string) => (questions ? (questions[(sequence + worker) % questions.length] as string) : fallback);
  switch (kind) {
    case 'turn':
      return (sequence) =>
        overHttp(
          pool,
          signed(options.chatApiSecret, now(), 'POST', `/api/chat/sessions/${sessionId}/messages`, {
            content: say(sequence, `message ${sequence} from worker ${worker}`),
          }),
          (text) => {
            const answer = JSON.parse(text);
            return answeredAsAlways(options.agent, answer.response, answer.tool_calls, answer.citations);
          },
        );
    case 'session':
      return (sequence) =>
        overHttp(
          pool,
          signed(options.chatApiSecret, now(), 'POST', '/api/chat/sessions', {
            tenant_id: options.agent.tenantId,
            agent_id: options.agent.agentId,
            metadata: { bench: 'chat-api', worker, sequence },
          }),
          (text) => (JSON.parse(text).session_id as string).startsWith('text_'),
          201,
        );
    case 'status':
      return () => overHttp(pool, signed(options.chatApiSecret, now(), 'GET', `/api/chat/sessions/${sessionId}`), () => true);
    case 'healthz':
      return () => overHttp(pool, { method: 'GET', path: '/healthz', headers: {} }, () => true);
    case 'bus sessions.send':
      return (sequence) =>
        overBus(async () => {
          const answer = await bus().request('sessions.send', { sessionId, content: say(sequence, `bus message ${sequence} from worker ${worker}`) });
          return answeredAsAlways(options.agent, answer.response, answer.tool_calls, answer.citations);
        });
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
            message: say(sequence, `runner message ${sequence}`),
            history: [],
          });
          return answeredAsAlways(options.agent, outcome.response, outcome.toolCalls, outcome.knowledge?.citations);
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
  const pool = new LeanHttpClient(options.url, options.concurrency);
  try {
    const setupStarted = performance.now();
    const sessions = await createSessions(pool, options);
    const setupMs = performance.now() - setupStarted;
    const measured = await closedLoop({
      workers: sessions.map((session, index) => performer(kind, pool, options, session, index)),
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      onWindowStart: options.onWindowStart,
      onWindowAhead: options.onWindowAhead,
      onWindowEnd: options.onWindowEnd,
    });
    return { request: kind, concurrency: options.concurrency, ...measured, setupMs };
  } finally {
    await pool.close();
  }
}
