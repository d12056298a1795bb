import type { Logger } from '@parley/logger';
import { LlmUnavailableError } from '@parley/workflow';
import { APIError } from 'openai';
import type { LlmPurpose } from './purpose.js';

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Per attempt, a streamed body included. */
  timeoutMs: number;
  /** First backoff; it doubles per retry. */
  baseDelayMs: number;
  /** Cap on any wait, a server's retry-after included: a chat turn cannot sit out a long rate limit. */
  maxDelayMs: number;
}

/**
 * An error from the caller's own code (an onDelta listener) inside an attempt: not a failure of
 * the LLM, so it is neither retried nor reported as LlmUnavailableError.
 */
export class CallerError extends Error {
  constructor(cause: unknown) {
    super('LLM caller callback failed', { cause });
    this.name = 'CallerError';
  }
}

class AttemptTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`LLM attempt timed out after ${timeoutMs} ms`);
    this.name = 'AttemptTimeoutError';
  }
}

/**
 * 429, 5xx and 408 are worth another try; any other HTTP status (bad request, bad key, unknown
 * model) will fail the same way again. Everything without a status is transport trouble –
 * refused or reset connection, timeout, a stream cut or garbled midway – and is retried.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof APIError && error.status !== undefined) {
    return error.status === 408 || error.status === 429 || error.status >= 500;
  }
  return true;
}

/** The server's requested wait: retry-after-ms (OpenAI), else retry-after in seconds or as an HTTP date. */
export function retryAfterMs(error: unknown, now = Date.now()): number | undefined {
  if (!(error instanceof APIError) || !error.headers) return undefined;
  const milliseconds = error.headers.get('retry-after-ms');
  if (milliseconds && Number.isFinite(Number(milliseconds))) return Math.max(0, Number(milliseconds));
  const value = error.headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (Number.isFinite(Number(value))) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Wait before retry number `retry` (1-based): the server's hint if any, else exponential with jitter; both capped. */
export function backoffMs(retry: number, policy: RetryPolicy, hintMs: number | undefined, random = Math.random): number {
  if (hintMs !== undefined) return Math.min(hintMs, policy.maxDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  // Half fixed, half random: callers that failed together spread out, yet none retries at once.
  return ceiling / 2 + random() * (ceiling / 2);
}

function describe(error: unknown): { status?: number; error: string } {
  const status = error instanceof APIError ? error.status : undefined;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return status === undefined ? { error: message } : { status, error: message };
}

/**
 * Runs `attempt` until it succeeds, with its own timeout each time, retrying what is worth
 * retrying. Each attempt starts from scratch, so a stream that dies midway is simply run again.
 */
export async function withRetries<T>(
  context: { policy: RetryPolicy; logger: Logger; purpose: LlmPurpose; model: string },
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { policy, logger, purpose, model } = context;
  const attempts = policy.maxRetries + 1;
  for (let number = 1; ; number++) {
    const controller = new AbortController();
    // Made only when it happens: an error captures a stack trace, which every attempt would pay for.
    const timer = setTimeout(() => controller.abort(new AttemptTimeoutError(policy.timeoutMs)), policy.timeoutMs);
    let failure: unknown;
    try {
      const value = await attempt(controller.signal);
      // The SDK ends an aborted stream quietly: a result after the timeout is a truncated one.
      if (!controller.signal.aborted) return value;
      failure = controller.signal.reason;
    } catch (error) {
      if (error instanceof CallerError) throw error.cause;
      failure = controller.signal.aborted ? controller.signal.reason : error;
    } finally {
      clearTimeout(timer);
    }

    if (!isRetryable(failure) || number >= attempts) {
      logger.warn({ purpose, model, attempts: number, ...describe(failure) }, 'LLM call failed');
      throw new LlmUnavailableError(`LLM ${purpose} call failed after ${number} attempt(s)`, { cause: failure });
    }
    const delayMs = Math.round(backoffMs(number, policy, retryAfterMs(failure)));
    logger.warn({ purpose, model, attempt: number, delayMs, ...describe(failure) }, 'LLM call failed, retrying');
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}
