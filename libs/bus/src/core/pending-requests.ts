import type { AppError } from '@parley/contracts';
import { idleTimeoutError, timeoutError } from './errors.js';

interface Pending<T> {
  subject: string;
  resolve(value: T): void;
  reject(error: AppError): void;
  timeoutMs: number;
  deadline: number;
  idleTimeoutMs: number | undefined;
  idleError: (subject: string, idleTimeoutMs: number) => AppError;
  lastSeen: number;
  timer: NodeJS.Timeout;
}

/**
 * Requests waiting for a reply, by token: the whole-request deadline and the idle deadline share
 * one timer per request, re-armed only when it fires early, so a progress beat costs a clock read
 * and no timer churn. Both adapters use it, so timeouts behave the same on both.
 */
export class PendingRequests<T> {
  private readonly waiting = new Map<string, Pending<T>>();
  private counter = 0;

  nextToken(): string {
    this.counter += 1;
    return this.counter.toString(36);
  }

  get size(): number {
    return this.waiting.size;
  }

  /** `idleError` is what the caller gets when the idle deadline passes (by default `idle_timeout`). */
  wait(
    token: string,
    subject: string,
    timeoutMs: number,
    idleTimeoutMs: number | undefined,
    idleError: (subject: string, idleTimeoutMs: number) => AppError = idleTimeoutError,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const now = Date.now();
      const entry: Pending<T> = {
        subject,
        resolve,
        reject,
        timeoutMs,
        deadline: now + timeoutMs,
        idleTimeoutMs,
        idleError,
        lastSeen: now,
        timer: setTimeout(() => this.check(token), idleTimeoutMs === undefined ? timeoutMs : Math.min(timeoutMs, idleTimeoutMs)),
      };
      this.waiting.set(token, entry);
    });
  }

  /** Whether the request is still waiting (its caller has not given up). */
  has(token: string): boolean {
    return this.waiting.has(token);
  }

  /** The responder is alive: pushes the idle deadline back. */
  beat(token: string): void {
    const entry = this.waiting.get(token);
    if (entry) entry.lastSeen = Date.now();
  }

  /**
   * From now on the request fails with `idleError` after `idleTimeoutMs` without a sign of life
   * (counted from now); its whole-request deadline stays.
   */
  tighten(token: string, idleTimeoutMs: number, idleError: (subject: string, idleTimeoutMs: number) => AppError): void {
    const entry = this.waiting.get(token);
    if (!entry) return;
    entry.idleTimeoutMs = idleTimeoutMs;
    entry.idleError = idleError;
    entry.lastSeen = Date.now();
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => this.check(token), Math.min(idleTimeoutMs, entry.deadline - entry.lastSeen));
  }

  settle(token: string, value: T): void {
    const entry = this.take(token);
    if (entry) entry.resolve(value);
  }

  /** Rejects a request; the error may be built from the request's subject. */
  fail(token: string, error: AppError | ((subject: string) => AppError)): void {
    const entry = this.take(token);
    if (entry) entry.reject(typeof error === 'function' ? error(entry.subject) : error);
  }

  failAll(error: AppError): void {
    for (const token of [...this.waiting.keys()]) this.fail(token, error);
  }

  private take(token: string): Pending<T> | undefined {
    const entry = this.waiting.get(token);
    if (!entry) return undefined;
    this.waiting.delete(token);
    clearTimeout(entry.timer);
    return entry;
  }

  private check(token: string): void {
    const entry = this.waiting.get(token);
    if (!entry) return;
    const now = Date.now();
    if (now >= entry.deadline) {
      this.fail(token, timeoutError(entry.subject, entry.timeoutMs));
      return;
    }
    const idleDeadline = entry.idleTimeoutMs === undefined ? Number.POSITIVE_INFINITY : entry.lastSeen + entry.idleTimeoutMs;
    if (now >= idleDeadline) {
      this.fail(token, entry.idleError(entry.subject, entry.idleTimeoutMs ?? 0));
      return;
    }
    entry.timer = setTimeout(() => this.check(token), Math.min(entry.deadline, idleDeadline) - now);
  }
}
