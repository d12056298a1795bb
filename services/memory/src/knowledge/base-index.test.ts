import { describe, expect, it } from 'vitest';
import { largest } from './base-index.js';

/** The k-th largest by sorting, as the index's cutoff was first found. */
const bySorting = (values: number[], k: number) => [...values].sort((a, b) => a - b)[values.length - k];

describe('the cutoff of the heaviest chunks', () => {
  it('finds the k-th largest weight as sorting them would, ties and all', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4];
    for (let k = 1; k <= values.length; k++) expect(largest(Float64Array.from(values), values.length, k)).toBe(bySorting(values, k));
  });

  it('looks only at the first `length` values of its scratch space', () => {
    const scratch = Float64Array.from([0.5, 2.25, 1.75, 99, 98, 97]);
    expect(largest(scratch, 3, 1)).toBe(2.25);
    expect(largest(Float64Array.from([0.5, 2.25, 1.75, 99]), 3, 3)).toBe(0.5);
  });

  it('agrees with sorting on many weights of few distinct values, as a common word gives', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let round = 0; round < 50; round++) {
      const values = Array.from({ length: 1 + Math.floor(random() * 3000) }, () => Math.floor(random() * 6) * 0.37);
      const k = 1 + Math.floor(random() * values.length);
      expect(largest(Float64Array.from(values), values.length, k)).toBe(bySorting(values, k));
    }
  });
});
