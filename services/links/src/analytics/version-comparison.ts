import type { ResolutionDifference, VersionFigures } from '@parley/contracts';
import type { VersionTotals } from './analytics.repository.js';
import { quantile, RESPONSE_MS_BOUNDS } from './histogram.js';
import { newcombeDifference } from './rate-difference.js';

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
const ratio = (part: number, whole: number) => (whole <= 0 ? 0 : round(Math.min(1, Math.max(0, part) / whole), 4));
const endedOf = (v: VersionTotals) => v.completed + v.abandoned + v.expired;

/**
 * The versions of an agent side by side, when the window has sessions of two or more: each one's
 * figures (lowest version first), and the resolution rates of the two with the most sessions
 * compared – rate(a) − rate(b), a the lower version, with Newcombe's 95% interval. Nothing for a
 * window of one version (or of rows from before versions were recorded).
 */
export function compareVersions(totals: VersionTotals[]): { versions?: VersionFigures[]; resolution_difference?: ResolutionDifference } {
  const withSessions = totals.filter((v) => v.started > 0);
  if (withSessions.length < 2) return {};
  const versions = withSessions.map((v) => {
    const csat = Math.max(0, v.csat_responses);
    return {
      version: v.version,
      sessions: v.started,
      completion_rate: ratio(v.completed, endedOf(v)),
      escalation_rate: ratio(v.escalated, v.started),
      resolution_rate: ratio(v.resolved, endedOf(v)),
      csat_avg: csat === 0 ? null : Math.min(5, Math.max(1, round(v.csat_sum / csat, 2))),
      tokens: Math.max(0, v.tokens),
      response_ms_p50: quantile(RESPONSE_MS_BOUNDS, v.response_hist, 0.5),
    };
  });
  // The two with the most sessions (the lower version on a tie), then in version order.
  const [first, second] = [...withSessions].sort((x, y) => y.started - x.started || x.version - y.version);
  if (!first || !second) return { versions };
  const [a, b] = first.version < second.version ? [first, second] : [second, first];
  const sample = (v: VersionTotals) => ({ successes: Math.min(Math.max(0, v.resolved), endedOf(v)), trials: endedOf(v) });
  const d = newcombeDifference(sample(a), sample(b));
  return {
    versions,
    resolution_difference: { versions: [a.version, b.version], estimate: round(d.estimate, 4), ci95: [round(d.low, 4), round(d.high, 4)] },
  };
}
