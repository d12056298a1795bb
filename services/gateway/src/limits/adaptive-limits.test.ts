import { beforeAll, describe, expect, it } from 'vitest';
import { allowanceAt, floorLevel, PenaltyScores } from './adaptive-limits.js';
import { counterIn } from './window-counter.test-kit.js';

describe('the adaptive allowance', () => {
  it('halves per level down to one message, from the address’s and the session’s defaults', () => {
    expect([0, 1, 2, 3, 4, 5].map((level) => allowanceAt(30, level))).toEqual([30, 15, 7, 3, 1, 1]);
    expect([0, 1, 2, 3, 4, 5].map((level) => allowanceAt(20, level))).toEqual([20, 10, 5, 2, 1, 1]);
    expect([floorLevel(30), floorLevel(20), floorLevel(8), floorLevel(1)]).toEqual([4, 4, 3, 0]);
  });
});

describe.each(['Redis', 'memory'] as const)('penalty scores in %s', (store) => {
  let clock = 1_000_000;
  const made = counterIn(store, () => clock);
  let scores: PenaltyScores;

  beforeAll(() => {
    scores = new PenaltyScores(made.counter, { strikesPerLevel: 3, quietMs: 10_000, windowMs: 60_000 });
  });

  it('rise one level per three strikes, and stop at the level where the allowance is one', async () => {
    const levels: number[] = [];
    for (let strike = 0; strike < 15; strike++) levels.push(await scores.strike('a', 30));
    expect(levels).toEqual([0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4]);
    expect(await scores.level('a', 30)).toBe(4);
    // Another key is untouched.
    expect(await scores.level('b', 30)).toBe(0);
  });

  it('relax one level per quiet period after the last strike, and a new strike restarts the quiet time', async () => {
    for (let strike = 0; strike < 12; strike++) await scores.strike('c', 30);
    const seen: number[] = [];
    for (let period = 0; period <= 5; period++) {
      seen.push(await scores.level('c', 30));
      clock += 10_000;
    }
    expect(seen).toEqual([4, 3, 2, 1, 0, 0]);

    for (let strike = 0; strike < 12; strike++) await scores.strike('d', 30);
    clock += 9_999;
    expect(await scores.level('d', 30)).toBe(4);
    clock += 1;
    expect(await scores.level('d', 30)).toBe(3);
    // A strike now counts from the relaxed score (9 + 1) and the quiet time starts again.
    expect(await scores.strike('d', 30)).toBe(3);
    clock += 9_999;
    expect(await scores.level('d', 30)).toBe(3);
    clock += 1;
    expect(await scores.level('d', 30)).toBe(2);
  });
});
