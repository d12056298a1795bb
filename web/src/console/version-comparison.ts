import type { AnalyticsReport } from './console-api';

/** One version's figures in an analytics answer: its sessions and the rates of how they ended (0–1). */
export interface VersionFigures {
  version: number;
  sessions: number;
  completion_rate: number | null;
  escalation_rate: number | null;
  resolution_rate: number | null;
  csat_avg: number | null;
  tokens: number;
  response_ms_p50: number | null;
}

/** How much more version a resolves than version b, as a fraction (0.07 = 7 points), with its 95% interval. */
export interface ResolutionDifference {
  versions: [number, number];
  estimate: number;
  ci95: [number, number];
}

/** The optional parts of an analytics answer this console reads beyond the report's own fields. */
export interface VersionComparison {
  /** Sessions the agent resolved, of those that ended (0–1). */
  resolutionRate?: number;
  versions?: VersionFigures[];
  difference?: ResolutionDifference;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const pair = (value: unknown): value is [number, number] => Array.isArray(value) && value.length === 2 && value.every(isNumber);

/**
 * What an analytics answer says about resolution and its versions, when it says it: each field
 * is read only when it has the shape it should, and left out otherwise.
 */
export function versionComparison(report: AnalyticsReport): VersionComparison {
  const answer = report as AnalyticsReport & { resolution_rate?: unknown; versions?: unknown; resolution_difference?: unknown };
  const found: VersionComparison = {};
  if (isNumber(answer.resolution_rate)) found.resolutionRate = answer.resolution_rate;
  if (Array.isArray(answer.versions)) {
    found.versions = (answer.versions as Partial<VersionFigures>[]).filter((row): row is VersionFigures => isNumber(row?.version) && isNumber(row.sessions));
  }
  const difference = answer.resolution_difference as Partial<ResolutionDifference> | null | undefined;
  if (difference && pair(difference.versions) && isNumber(difference.estimate) && pair(difference.ci95)) {
    found.difference = { versions: difference.versions, estimate: difference.estimate, ci95: difference.ci95 };
  }
  return found;
}

/** Whether the interval leaves 0 out: then the difference is more than chance at 95%. */
export const excludesZero = (ci95: [number, number]) => ci95[0] > 0 || ci95[1] < 0;
