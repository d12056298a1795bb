import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { STATIC_TEXT } from '../common/bench-agent.js';
import { closedLoop, errorKind, inLanes, type Measurement, overHttp, type WindowHooks } from '../common/closed-loop.js';
import { LeanHttpClient } from '../common/lean-http.js';

export interface VisitorLoadOptions extends WindowHooks {
  url: string;
  /** The link token from its URL `/c/{token}`. */
  token: string;
  /** Visitors, each driving its own session in a closed loop (the next message when the reply is in). */
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** What a visitor's message says (default: its number and the visitor's). */
  content?: ((sequence: number, visitor: number) => string) | undefined;
}

export interface VisitorLoadResult extends Measurement {
  request: 'turn';
  concurrency: number;
  /** Time to start the visitors' sessions (not part of the figures). */
  setupMs: number;
}

const json = { 'content-type': 'application/json' };

/** A visitor's first message: it starts a session and answers the credential of it. */
async function startSession(pool: LeanHttpClient, path: string, visitor: number): Promise<string> {
  const response = await pool.request({ method: 'POST', path, headers: json, body: JSON.stringify({ content: `hello from visitor ${visitor}` }) });
  const text = response.text;
  if (response.statusCode !== 200) throw new Error(`starting a session answered ${errorKind(response.statusCode, text)}: ${text}`);
  const session = JSON.parse(text).session;
  if (typeof session !== 'string') throw new Error(`starting a session answered no credential: ${text}`);
  return session;
}

/**
 * A message counts only as the agent's reply within the link's quota: 200, the agent's text, and a
 * message allowance (the quota is on, so the reply must say what is left of it).
 */
function isTurnReply(text: string): boolean {
  const reply = JSON.parse(text);
  return reply.response === STATIC_TEXT && typeof reply.remaining_messages === 'number' && reply.session_ended === false;
}

/**
 * Closed-loop load on a public link: N visitors, each starts its session with a first message
 * (not timed), then sends the next message with its credential as soon as the reply is in, over
 * keep-alive connections (one per visitor). Any answer but 200 with the agent's text is an error.
 */
export async function runVisitorLoad(options: VisitorLoadOptions): Promise<VisitorLoadResult> {
  const path = `/api/public/chat/${options.token}`;
  const pool = new LeanHttpClient(options.url, options.concurrency);
  const contentOf = options.content ?? ((sequence: number, visitor: number) => `message ${sequence} from visitor ${visitor}`);
  try {
    const setupStarted = performance.now();
    const sessions = await inLanes(options.concurrency, 8, (visitor) => startSession(pool, path, visitor));
    const setupMs = performance.now() - setupStarted;
    const measured = await closedLoop({
      workers: sessions.map(
        (session, visitor) => (sequence) =>
          // Each message with an Idempotency-Key of its own, as the chat page and the widget send them.
          overHttp(
            pool,
            {
              method: 'POST',
              path,
              headers: { ...json, 'idempotency-key': randomUUID() },
              body: JSON.stringify({ content: contentOf(sequence, visitor), session }),
            },
            isTurnReply,
          ),
      ),
      warmupMs: options.warmupMs,
      durationMs: options.durationMs,
      onWindowStart: options.onWindowStart,
      onWindowAhead: options.onWindowAhead,
      onWindowEnd: options.onWindowEnd,
    });
    return { request: 'turn', concurrency: options.concurrency, ...measured, setupMs };
  } finally {
    await pool.close();
  }
}
