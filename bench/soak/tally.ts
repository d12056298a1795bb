import type { Pool } from 'undici';
import { errorKind, type HttpRequest } from '../common/closed-loop.js';

/** What a failed exchange was: the platform's error (`HTTP 503 unavailable`), `timeout`, `network ECONNRESET`. */
export function failureOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  // undici's headersTimeout and bodyTimeout (keepAlivePool: 30 s), and the bench's own waits.
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'timeout') return 'timeout';
  return `network ${code ?? (error as Error).message}`;
}

/**
 * Everything the soak's traffic saw: requests by what they were, failures by what and why, the
 * HTTP statuses answered, the fuzzer's statuses apart (its 4xx are expected), and the latency of
 * each turn that counted.
 */
export class Tally {
  /** Requests sent, by what they were (`api turn`, `upload`, `operator claim`, …). */
  readonly requests: Record<string, number> = {};
  /** Failures, by `what: why` (`visitor turn: HTTP 503 unavailable`, `escalation: timeout`). */
  readonly errors: Record<string, number> = {};
  /** Every status the platform answered the bench's own (not fuzzed) requests with. */
  readonly statuses: Record<number, number> = {};
  /** The fuzzed requests' statuses (0: no answer). */
  readonly fuzzStatuses: Record<number, number> = {};
  /** Milliseconds from sending to the agent's reply read, of each turn that counted; and from escalating to the operator's answer seen on the visitor's stream. */
  readonly latencyMs = { apiTurn: [] as number[], publicTurn: [] as number[], escalation: [] as number[] };

  count(what: string): void {
    this.requests[what] = (this.requests[what] ?? 0) + 1;
  }

  fail(what: string, why: string, times = 1): void {
    const kind = `${what}: ${why}`;
    this.errors[kind] = (this.errors[kind] ?? 0) + times;
  }

  status(code: number): void {
    this.statuses[code] = (this.statuses[code] ?? 0) + 1;
  }

  /** A fuzzed request's answer: a 4xx is what a fuzzer should get; a 5xx, or none, is an error. */
  fuzz(code: number): void {
    this.fuzzStatuses[code] = (this.fuzzStatuses[code] ?? 0) + 1;
    if (code === 0) this.fail('fuzz', 'timeout');
    else if (code >= 500) this.fail('fuzz', `HTTP ${code}`);
  }

  get turns(): number {
    return this.latencyMs.apiTurn.length + this.latencyMs.publicTurn.length;
  }

  get errorCount(): number {
    return Object.values(this.errors).reduce((sum, n) => sum + n, 0);
  }

  /** Answers with a 5xx status, the bench's own requests and the fuzzed ones together. */
  get serverErrors(): number {
    return [this.statuses, this.fuzzStatuses].reduce(
      (sum, statuses) => sum + Object.entries(statuses).reduce((of, [code, n]) => (Number(code) >= 500 ? of + n : of), 0),
      0,
    );
  }

  /** Requests or waits that got no answer in time (`…: timeout`). */
  get timeouts(): number {
    return Object.entries(this.errors).reduce((sum, [kind, n]) => (kind.endsWith(': timeout') ? sum + n : sum), 0);
  }
}

/**
 * Sends one of the bench's own requests and tallies it: answers its JSON body when the status is
 * the `expected` one, else undefined, the failure counted by its kind.
 */
export async function exchange(pool: Pool, tally: Tally, what: string, request: HttpRequest, expected: number): Promise<any | undefined> {
  tally.count(what);
  try {
    const response = await pool.request(request);
    const text = await response.body.text();
    tally.status(response.statusCode);
    if (response.statusCode !== expected) {
      tally.fail(what, errorKind(response.statusCode, text));
      return undefined;
    }
    return text === '' ? {} : JSON.parse(text);
  } catch (error) {
    tally.fail(what, failureOf(error));
    return undefined;
  }
}
