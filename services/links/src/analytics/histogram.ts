/**
 * Fixed-bucket histograms: every rollup row counts into the same buckets, so any window's
 * percentiles come from adding rows element-wise – never from the raw values. A percentile is
 * answered as the upper bound of the bucket it falls in ("at most"), the last bucket as its lower
 * bound.
 */

/** Upper bounds (inclusive) of response-time buckets, in milliseconds; values above the last fall in one more bucket. */
export const RESPONSE_MS_BOUNDS = [
  25, 50, 75, 100, 150, 200, 300, 400, 500, 750, 1_000, 1_500, 2_000, 3_000, 4_000, 5_000, 7_500, 10_000, 15_000, 20_000, 30_000, 45_000, 60_000, 90_000,
  120_000,
] as const;

/** Upper bounds (inclusive) of session-length buckets, in seconds. */
export const SESSION_SECONDS_BOUNDS = [
  5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 300, 450, 600, 900, 1_200, 1_800, 2_700, 3_600, 5_400, 7_200, 10_800, 14_400, 21_600, 43_200, 86_400,
] as const;

/** The bucket a value falls in: the first whose bound is at least the value; bounds.length past the last. */
export function bucketOf(bounds: readonly number[], value: number): number {
  let low = 0;
  let high = bounds.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (value <= (bounds[mid] as number)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/** A histogram with one value counted (trailing empty buckets left off: rows store only what they need). */
export function single(bounds: readonly number[], value: number): number[] {
  const counts = new Array<number>(bucketOf(bounds, value) + 1).fill(0);
  counts[counts.length - 1] = 1;
  return counts;
}

/** Element-wise sum (as the database's analytics_hist_add). */
export function add(a: readonly number[], b: readonly number[]): number[] {
  const sum = new Array<number>(Math.max(a.length, b.length)).fill(0);
  for (let i = 0; i < sum.length; i++) sum[i] = (a[i] ?? 0) + (b[i] ?? 0);
  return sum;
}

/** The q-quantile (0 < q ≤ 1) as its bucket's upper bound; null for an empty histogram. */
export function quantile(bounds: readonly number[], counts: readonly number[], q: number): number | null {
  const total = counts.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen >= rank) return bounds[Math.min(i, bounds.length - 1)] as number;
  }
  return bounds[bounds.length - 1] as number;
}
