import { describe, expect, it } from 'vitest';
import { GroupedWrites } from './grouped-writes.js';

describe('GroupedWrites', () => {
  it('writes a lone item at once, and what arrives while a write is under way in one next write', async () => {
    const writes: number[][] = [];
    let release: () => void = () => {};
    const grouped = new GroupedWrites<number>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = grouped.add(1);
    // The first write is under way (and held): these wait for it, then go together.
    const rest = [2, 3, 4].map((n) => grouped.add(n));
    await Promise.resolve();
    expect(writes).toEqual([[1]]);
    release();
    await Promise.all([first, ...rest]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it('writes a failed group again item by item: only the failing item’s caller sees the failure', async () => {
    const written: number[] = [];
    let holding = true;
    let release: () => void = () => {};
    const grouped = new GroupedWrites<number>(async (items) => {
      if (holding) {
        holding = false;
        await new Promise<void>((resolve) => (release = resolve));
      }
      if (items.includes(13)) throw new Error('13 is refused');
      written.push(...items);
    });
    const first = grouped.add(1);
    const group = [12, 13, 14].map((n) => grouped.add(n).then(() => 'written', (error: Error) => error.message));
    release();
    await first;
    expect(await Promise.all(group)).toEqual(['written', '13 is refused', 'written']);
    expect(written).toEqual([1, 12, 14]);
  });
});
