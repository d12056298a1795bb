import { describe, expect, it } from 'vitest';
import { newcombeDifference, wilsonInterval } from './rate-difference.js';

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
const shown = (r: { estimate: number; low: number; high: number }) => [round4(r.estimate), round4(r.low), round4(r.high)];

describe('Newcombe’s hybrid score interval for a difference of proportions', () => {
  // Newcombe (1998), Statistics in Medicine 17:873–890, Table II, method 10.
  it.each([
    [56, 70, 48, 80, 0.2, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.6, 0.1705, 0.809],
    [5, 56, 0, 29, 0.0893, -0.0381, 0.1926],
    [0, 10, 0, 20, 0, -0.1611, 0.2775],
    [10, 10, 0, 20, 1, 0.6791, 1],
  ])('%i/%i − %i/%i matches the paper’s worked values', (a, n, b, m, estimate, low, high) => {
    expect(shown(newcombeDifference({ successes: a, trials: n }, { successes: b, trials: m }))).toEqual([estimate, low, high]);
  });

  it('is the mirror image when the two are swapped', () => {
    const ab = newcombeDifference({ successes: 56, trials: 70 }, { successes: 48, trials: 80 });
    const ba = newcombeDifference({ successes: 48, trials: 80 }, { successes: 56, trials: 70 });
    expect(ba.estimate).toBeCloseTo(-ab.estimate, 12);
    expect(ba.low).toBeCloseTo(-ab.high, 12);
    expect(ba.high).toBeCloseTo(-ab.low, 12);
  });

  it('a side with no trials knows nothing: its Wilson interval is all of [0, 1]', () => {
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
    const r = newcombeDifference({ successes: 0, trials: 0 }, { successes: 5, trials: 10 });
    expect(r.low).toBeGreaterThanOrEqual(-1);
    expect(r.high).toBeLessThanOrEqual(1);
    expect(r.low).toBeLessThan(r.estimate);
  });

  it('Wilson’s interval of 81/263 is the textbook 0.2553 … 0.3662', () => {
    expect(wilsonInterval(81, 263).map(round4)).toEqual([0.2553, 0.3662]);
  });
});
