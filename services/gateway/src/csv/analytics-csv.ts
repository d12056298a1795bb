import type { AnalyticsReport, CostFigure } from '@parley/contracts';
import type { CsvColumn, CsvValue } from './csv-writer.js';

type Point = AnalyticsReport['series'][number];

/** The report the CSV is made of: with what its LLM calls cost, in all and per bucket (each point's `cost`). */
export type AnalyticsCsvReport = AnalyticsReport & { cost: CostFigure };

/** A row of the analytics CSV: a bucket of the series, or (point null) the closing "total" row. */
export interface AnalyticsCsvRow {
  point: Point | null;
  report: AnalyticsCsvReport;
}

const sum = (report: AnalyticsReport, figure: (point: Point) => number) => report.series.reduce((total, point) => total + figure(point), 0);

/** Resolved ÷ ended, as the report rounds it (4 decimals, at most 1); empty where nothing ended. */
const resolutionRate = (resolved: number, ended: number): CsvValue => (ended === 0 ? null : Math.min(1, Math.round((resolved / ended) * 10_000) / 10_000));

/** A column from a figure of a bucket and what the total row says of it. */
function figure(header: string, ofPoint: (point: Point) => CsvValue, ofTotal: (report: AnalyticsCsvReport) => CsvValue): CsvColumn<AnalyticsCsvRow> {
  return { header, value: (row) => (row.point === null ? ofTotal(row.report) : ofPoint(row.point)) };
}

/**
 * The analytics CSV's columns (docs/management-api.md "Analytics"): one per figure a bucket of the series
 * has, in this order; a new figure is one line here. The total row sums what adds up (its cells
 * are the columns' sums) and gives the window's own figure for what does not (the sentiment of
 * every conversation that ended in the window, not an average of averages).
 */
export const analyticsCsvColumns: readonly CsvColumn<AnalyticsCsvRow>[] = [
  figure(
    'at',
    (point) => point.at,
    () => 'total',
  ),
  figure(
    'sessions',
    (point) => point.sessions,
    (report) => sum(report, (point) => point.sessions),
  ),
  figure(
    'messages',
    (point) => point.messages,
    (report) => sum(report, (point) => point.messages),
  ),
  figure(
    'tokens',
    (point) => point.tokens,
    (report) => sum(report, (point) => point.tokens),
  ),
  figure(
    'ended',
    (point) => point.ended,
    (report) => sum(report, (point) => point.ended),
  ),
  figure(
    'resolved',
    (point) => point.resolved,
    (report) => report.sessions.resolved,
  ),
  figure(
    'resolution_rate',
    (point) => resolutionRate(point.resolved, point.ended),
    (report) => report.resolution_rate,
  ),
  figure(
    'sentiment',
    (point) => point.sentiment,
    (report) => report.sentiment.average,
  ),
  // The total row: the window's cost, which its buckets' add up to.
  figure(
    'cost_usd',
    (point) => point.cost?.usd ?? 0,
    (report) => report.cost.usd,
  ),
];

/** The rows: every bucket in order, then the total. */
export function analyticsCsvRows(report: AnalyticsCsvReport): AnalyticsCsvRow[] {
  return [...report.series.map((point) => ({ point, report })), { point: null, report }];
}
