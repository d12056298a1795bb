import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  /** Give up after this long; 5000 ms by default. */
  timeoutMs?: number;
  /** Pause between attempts; 50 ms by default. */
  intervalMs?: number;
}

/**
 * Calls `fn` until it neither throws nor returns `false`, and resolves with what it returned. So
 * both a predicate (`() => count > 2`) and an assertion (`() => expect(x).toBe(1)`) work. On
 * timeout it rejects with the last error, or says the condition stayed false.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, options: WaitForOptions = {}): Promise<Exclude<T, false>> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== false) return value as Exclude<T, false>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      if (lastError !== undefined) throw lastError;
      throw new Error(`waitFor: the condition stayed false for ${timeoutMs} ms`);
    }
    await sleep(intervalMs);
  }
}
