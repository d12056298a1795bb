import { APIConnectionError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { backoffMs, isRetryable, retryAfterMs } from './retry.js';

const policy = { maxRetries: 5, timeoutMs: 1_000, baseDelayMs: 100, maxDelayMs: 1_000 };
const httpError = (status: number, headers: Record<string, string> = {}) => APIError.generate(status, { message: 'x' }, undefined, new Headers(headers));

describe('isRetryable', () => {
  it.each([408, 429, 500, 502, 503])('retries %i', (status) => expect(isRetryable(httpError(status))).toBe(true));
  it.each([400, 401, 403, 404, 422])('does not retry %i', (status) => expect(isRetryable(httpError(status))).toBe(false));
  it('retries transport trouble', () => {
    expect(isRetryable(new APIConnectionError({ message: 'refused' }))).toBe(true);
    expect(isRetryable(new TypeError('terminated'))).toBe(true);
  });
});

describe('retryAfterMs', () => {
  it('reads retry-after-ms, retry-after seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs(httpError(429, { 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryAfterMs(httpError(429, { 'retry-after': '2' }))).toBe(2_000);
    expect(retryAfterMs(httpError(503, { 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3_000);
  });
  it('is undefined without a usable header', () => {
    expect(retryAfterMs(httpError(429))).toBeUndefined();
    expect(retryAfterMs(httpError(429, { 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Error('x'))).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('doubles per retry with jitter between half and all of the step', () => {
    expect(backoffMs(1, policy, undefined, () => 0)).toBe(50);
    expect(backoffMs(1, policy, undefined, () => 1)).toBe(100);
    expect(backoffMs(3, policy, undefined, () => 1)).toBe(400);
  });
  it('caps both its own steps and the server hint', () => {
    expect(backoffMs(10, policy, undefined, () => 1)).toBe(1_000);
    expect(backoffMs(1, policy, 60_000)).toBe(1_000);
    expect(backoffMs(1, policy, 300)).toBe(300);
  });
});
