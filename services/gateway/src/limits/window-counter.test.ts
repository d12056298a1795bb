import { describe, expect, it } from 'vitest';
import { counterIn } from './window-counter.test-kit.js';

describe.each(['Redis', 'memory'] as const)('fixed windows in %s, on the counter’s clock', (store) => {
  let clock = 5_000_000;
  const made = counterIn(store, () => clock);

  it('count from the first hit until the window is over, then start again at one', async () => {
    const { counter } = made;
    const counts = [];
    for (let hit = 0; hit < 3; hit++) counts.push(await counter.hit('a', 60_000));
    expect(counts).toEqual([
      { count: 1, ttlMs: 60_000 },
      { count: 2, ttlMs: 60_000 },
      { count: 3, ttlMs: 60_000 },
    ]);
    clock += 59_999;
    expect(await counter.hit('a', 60_000)).toEqual({ count: 4, ttlMs: 1 });
    clock += 1;
    expect(await counter.peek('a')).toEqual({ count: 0, ttlMs: 0 });
    expect(await counter.hit('a', 60_000)).toEqual({ count: 1, ttlMs: 60_000 });
    // Another key has a window of its own.
    expect(await counter.hit('b', 1_000)).toEqual({ count: 1, ttlMs: 1_000 });
    expect(counter.inMemory).toBe(false);
  });

  it('count several windows in one call as each would count alone: a window over starts again, the others go on', async () => {
    const { counter } = made;
    expect(await counter.hitAll([], 60_000)).toEqual([]);
    await counter.hit('m1', 60_000);
    clock += 1_000;
    expect(await counter.hitAll(['m1', 'm2'], 60_000)).toEqual([
      { count: 2, ttlMs: 59_000 },
      { count: 1, ttlMs: 60_000 },
    ]);
    clock += 59_000;
    // m1's window is over, m2's has a second to go.
    expect(await counter.hitAll(['m1', 'm2', 'm3'], 60_000)).toEqual([
      { count: 1, ttlMs: 60_000 },
      { count: 2, ttlMs: 1_000 },
      { count: 1, ttlMs: 60_000 },
    ]);
    expect(await counter.peek('m2')).toEqual({ count: 2, ttlMs: 1_000 });
    expect(await counter.hit('m3', 60_000)).toEqual({ count: 2, ttlMs: 60_000 });
  });

  it('take a hit back within its window, never below zero and never into a window that is over', async () => {
    const { counter } = made;
    await counter.hit('c', 10_000);
    await counter.hit('c', 10_000);
    clock += 4_000;
    expect(await counter.undo('c')).toEqual({ count: 1, ttlMs: 6_000 });
    expect(await counter.undo('c')).toEqual({ count: 0, ttlMs: 6_000 });
    expect(await counter.undo('c')).toEqual({ count: 0, ttlMs: 6_000 });
    expect(await counter.peek('c')).toEqual({ count: 0, ttlMs: 6_000 });
    await counter.hit('c', 10_000);
    clock += 6_000;
    expect(await counter.undo('c')).toEqual({ count: 0, ttlMs: 0 });
    expect(await counter.hit('c', 10_000)).toEqual({ count: 1, ttlMs: 10_000 });
  });
});
