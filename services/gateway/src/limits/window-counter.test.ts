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

  it('count a ceiling in its own window with the other windows, only while none of them is past its max', async () => {
    const { counter } = made;
    const checks = [
      { key: 't1', max: 2 },
      { key: 't2', max: 5 },
    ];
    const ceiling = { key: 'ceiling', windowMs: 1_000 };
    expect(await counter.hitAllThen(checks, 60_000, ceiling)).toEqual({
      counts: [
        { count: 1, ttlMs: 60_000 },
        { count: 1, ttlMs: 60_000 },
      ],
      then: { count: 1, ttlMs: 1_000 },
    });
    clock += 200;
    expect((await counter.hitAllThen(checks, 60_000, ceiling)).then).toEqual({ count: 2, ttlMs: 800 });
    // t1 is past its max: the others are counted, the ceiling is not.
    expect(await counter.hitAllThen(checks, 60_000, ceiling)).toEqual({
      counts: [
        { count: 3, ttlMs: 59_800 },
        { count: 3, ttlMs: 59_800 },
      ],
      then: undefined,
    });
    expect(await counter.peek('ceiling')).toEqual({ count: 2, ttlMs: 800 });
    // Without checks, the ceiling alone.
    expect((await counter.hitAllThen([], 60_000, ceiling)).then).toEqual({ count: 3, ttlMs: 800 });
  });
});
