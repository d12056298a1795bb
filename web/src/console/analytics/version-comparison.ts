import type { ResolutionDifference, VersionFigures } from '@parley/contracts';
import type { AnalyticsReport } from '../api/management-api';

export type { ResolutionDifference, VersionFigures };

/** The versions an analytics answer compares: each one's figures, and how far apart the two busiest resolve. */
export interface VersionComparison {
  versions: VersionFigures[];
  difference?: ResolutionDifference;
}

/**
 * What an analytics answer says of its versions, or nothing when it has none to compare (a window
 * of one version only: docs/management-api.md "Outcomes").
 */
export function versionComparison(report: AnalyticsReport): VersionComparison | undefined {
  if (!report.versions || report.versions.length === 0) return undefined;
  return { versions: report.versions, ...(report.resolution_difference ? { difference: report.resolution_difference } : {}) };
}

/**
 * The difference told from the version that resolves more: the answer gives rate(lower version) −
 * rate(higher version), so a negative estimate is turned round (versions swapped, estimate and
 * interval negated) and the sentence can say "more" with the interval on the same side.
 */
export function betterFirst(d: ResolutionDifference): ResolutionDifference {
  if (d.estimate >= 0) return d;
  return { versions: [d.versions[1], d.versions[0]], estimate: -d.estimate, ci95: [-d.ci95[1], -d.ci95[0]] };
}

/** Whether the interval leaves 0 out: then the difference is more than chance at 95%. */
export const excludesZero = (ci95: [number, number]) => ci95[0] > 0 || ci95[1] < 0;
