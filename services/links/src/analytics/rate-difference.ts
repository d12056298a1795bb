/** The normal quantile of a two-sided 95% interval. */
const Z95 = 1.959963984540054;

/**
 * Wilson's score interval for a proportion of `successes` in `trials` (no continuity correction).
 * With no trials nothing is known: the whole [0, 1].
 */
export function wilsonInterval(successes: number, trials: number, z = Z95): [number, number] {
  if (trials <= 0) return [0, 1];
  const p = successes / trials;
  const z2 = z * z;
  const centre = 2 * trials * p + z2;
  const spread = z * Math.sqrt(z2 + 4 * trials * p * (1 - p));
  const denominator = 2 * (trials + z2);
  return [Math.max(0, (centre - spread) / denominator), Math.min(1, (centre + spread) / denominator)];
}

/**
 * The difference of two independent proportions, p1 − p2, with its 95% interval by Newcombe's
 * hybrid score method (Newcombe 1998, "Interval estimation for the difference between independent
 * proportions", method 10): each proportion's Wilson interval (l, u) gives
 * δ − √((p1 − l1)² + (u2 − p2)²) … δ + √((u1 − p1)² + (p2 − l2)²). It stays inside [−1, 1] and
 * behaves at 0 and 100%, where the simple Wald interval collapses.
 */
export function newcombeDifference(
  a: { successes: number; trials: number },
  b: { successes: number; trials: number },
  z = Z95,
): { estimate: number; low: number; high: number } {
  const p1 = a.trials > 0 ? a.successes / a.trials : 0;
  const p2 = b.trials > 0 ? b.successes / b.trials : 0;
  const [l1, u1] = wilsonInterval(a.successes, a.trials, z);
  const [l2, u2] = wilsonInterval(b.successes, b.trials, z);
  const estimate = p1 - p2;
  return {
    estimate,
    low: Math.max(-1, estimate - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)),
    high: Math.min(1, estimate + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)),
  };
}
