import { describe, expect, it } from 'vitest';
import { add, bucketOf, quantile, RESPONSE_MS_BOUNDS, single } from './histogram.js';

describe('fixed-bucket histograms', () => {
  it('put a value in the first bucket whose bound holds it, and past the last bound in one more', () => {
    expect(bucketOf(RESPONSE_MS_BOUNDS, 0)).toBe(0);
    expect(bucketOf(RESPONSE_MS_BOUNDS, 25)).toBe(0);
    expect(bucketOf(RESPONSE_MS_BOUNDS, 26)).toBe(1);
    expect(bucketOf(RESPONSE_MS_BOUNDS, 1_000_000)).toBe(RESPONSE_MS_BOUNDS.length);
  });

  it('merge by adding element-wise, and answer quantiles as bucket bounds', () => {
    let h: number[] = [];
    for (const ms of [10, 20, 30, 40, 60, 80, 90, 120, 140, 900]) h = add(h, single(RESPONSE_MS_BOUNDS, ms));
    expect(h.reduce((a, b) => a + b, 0)).toBe(10);
    expect(quantile(RESPONSE_MS_BOUNDS, h, 0.5)).toBe(75);
    expect(quantile(RESPONSE_MS_BOUNDS, h, 0.95)).toBe(1_000);
    expect(quantile(RESPONSE_MS_BOUNDS, [], 0.5)).toBeNull();
    expect(quantile(RESPONSE_MS_BOUNDS, single(RESPONSE_MS_BOUNDS, 10_000_000), 0.5)).toBe(120_000);
  });
});
