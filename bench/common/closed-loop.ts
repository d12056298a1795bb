import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { LeanHttpClient } from './lean-http.js';

/** A request slower than this counts as an error (undici's own default is five minutes). */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Keep-alive connections to the stack, one per worker, one request at a time on each. */
export function keepAlivePool(url: string, connections: number): Pool {
  return new Pool(url, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: REQUEST_TIMEOUT_MS,
    bodyTimeout: REQUEST_TIMEOUT_MS,
  });
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

/** `HTTP 429 rate_limited` when the body is a platform error, else `HTTP 429`. */
export function errorKind(status: number, text: string): string {
  try {
    const code = JSON.parse(text)?.error?.code;
    if (typeof code === 'string') return `HTTP ${status} ${code}`;
  } catch {
    // not JSON
  }
  return `HTTP ${status}`;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** Sends one request; resolves with why it failed, or undefined when the reply is the expected one. */
export type Perform = (sequence: number) => Promise<string | undefined>;

/** A request whose reply must be 200 and pass `check`; anything else is a failure of its kind. */
export async function overHttp(
  client: LeanHttpClient,
  request: HttpRequest,
  check: (text: string) => boolean,
  expectedStatus = 200,
): Promise<string | undefined> {
  const { statusCode, text } = await client.request(request);
  if (statusCode !== expectedStatus) return errorKind(statusCode, text);
  return check(text) ? undefined : 'unexpected reply';
}

/** What a benchmark does around its measured window (its loads pass them on to closedLoop). */
export interface WindowHooks {
  /** Called when the measured window opens and closes (CPU accounting). */
  onWindowStart?: (() => void) | undefined;
  onWindowEnd?: (() => void) | undefined;
  /**
   * Called `windowLeadMs` before the window opens (at once with a shorter warm-up), for readings
   * that hold the services' event loops – each one's /metrics takes milliseconds to render under
   * load –, so that the window's first turns do not wait behind them.
   */
  onWindowAhead?: (() => void) | undefined;
}

export interface ClosedLoopOptions extends WindowHooks {
  /** One per worker: each sends its next request as soon as the reply to the last is in. */
  workers: Perform[];
  warmupMs: number;
  durationMs: number;
  /** How long before the window onWindowAhead is called; default WINDOW_LEAD_MS. */
  windowLeadMs?: number | undefined;
}

/** How long before the measured window onWindowAhead is called: the services' loops have caught up by then. */
export const WINDOW_LEAD_MS = 1_000;

export interface Measurement {
  /** Requests answered as expected within the measured window. */
  ok: number;
  perSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Failed requests from the start of the warm-up to the end, window or not. */
  errors: number;
  /** Failures by kind, e.g. `HTTP 503 unavailable`, `network ECONNRESET`, `unexpected reply`. */
  errorKinds: Record<string, number>;
}

/**
 * Closed-loop load: every worker sends its next request as soon as the reply is in. A request
 * counts when it completes within the measured window that follows the warm-up; its latency is
 * from the request being built (microseconds) to its reply being read.
 */
export async function closedLoop(options: ClosedLoopOptions): Promise<Measurement> {
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  let errors = 0;
  const started = performance.now();
  const windowStart = started + options.warmupMs;
  const windowEnd = windowStart + options.durationMs;
  const windowTimers = (async () => {
    await sleep(Math.max(0, options.warmupMs - (options.windowLeadMs ?? WINDOW_LEAD_MS)));
    options.onWindowAhead?.();
    await sleep(Math.max(0, windowStart - performance.now()));
    options.onWindowStart?.();
    await sleep(Math.max(0, windowEnd - performance.now()));
    options.onWindowEnd?.();
  })();

  const worker = async (perform: Perform) => {
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
  await Promise.all(options.workers.map(worker));
  await windowTimers;

  const sorted = Float64Array.from(latencies).sort();
  const sum = latencies.reduce((total, value) => total + value, 0);
  return {
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
  };
}

/** Runs `work` for indexes 0…count-1, `width` at a time. */
export async function inLanes<T>(count: number, width: number, work: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await work(index);
      }
    }),
  );
  return results;
}
