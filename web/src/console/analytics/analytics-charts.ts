import uPlot from 'uplot';
import type { AnalyticsReport } from '../api/management-api';
import { t } from '../words';
import { MOODS, OUTCOMES } from './analytics-figures';

/** Colours of the console's palette with AA contrast on white. */
const BLUE = '#1d4ed8';
const GREEN = '#15803d';
const AMBER = '#b45309';
const RED = '#b91c1c';
const GREY = '#4a5060';

/** A chart's width, or less where its column is narrower (a phone): the frame around it takes 18 px. */
const WIDTH = 460;
const FRAME = 18;
/** Counts are whole: the y axis steps by whole numbers. */
const WHOLE_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6];
const HEIGHT = 220;

/** A chart in a figure with a visible caption and, for screen readers, the figures it draws as text. */
function figure(parent: HTMLElement, caption: string, summary: string): HTMLElement {
  const box = document.createElement('figure');
  box.className = 'chart';
  const plot = document.createElement('div');
  plot.setAttribute('role', 'img');
  plot.setAttribute('aria-label', `${caption}: ${summary}`);
  const text = document.createElement('figcaption');
  text.textContent = caption;
  box.append(text, plot);
  parent.append(box);
  return plot;
}

/** Bars over named categories (x is each category's index). */
function bars(parent: HTMLElement, width: number, caption: string, color: string, entries: { label: string; value: number }[]): uPlot {
  const summary = entries.map((e) => `${e.label} ${t.number(e.value)}`).join(', ');
  const target = figure(parent, caption, summary);
  const barsPath = uPlot.paths.bars?.({ size: [0.6, 48] });
  return new uPlot(
    {
      width,
      height: HEIGHT,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [-0.6, entries.length - 0.4] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.15)] } },
      axes: [
        {
          stroke: GREY,
          splits: () => entries.map((_, i) => i),
          values: () => entries.map((e) => e.label),
          grid: { show: false },
          // Many categories: their names slant, so that none runs into the next.
          ...(entries.length > 7 ? { rotate: -40, size: 64 } : {}),
        },
        { stroke: GREY, incrs: WHOLE_STEPS },
      ],
      series: [
        {},
        {
          label: caption,
          stroke: color,
          fill: `${color}cc`,
          ...(barsPath ? { paths: barsPath } : {}),
          points: { show: false },
        },
      ],
    },
    [entries.map((_, i) => i), entries.map((e) => e.value)],
    target,
  );
}

/** One series over time; `range` fixes the y axis (sentiment's -1 … 1), else it starts at 0. Empty buckets (null) are left as gaps. */
function line(
  parent: HTMLElement,
  width: number,
  caption: string,
  summary: string,
  color: string,
  times: number[],
  values: (number | null)[],
  range?: [number, number],
): uPlot {
  return new uPlot(
    {
      width,
      height: HEIGHT,
      legend: { show: false },
      scales: { y: { range: range ? () => range : (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [{ stroke: GREY }, { stroke: GREY, ...(range ? {} : { incrs: WHOLE_STEPS }) }],
      // Sentiment has a value only where conversations ended: its points show, joined across the gaps.
      series: [{}, { label: caption, stroke: color, width: 2, spanGaps: true, points: { show: range !== undefined, size: 5 } }],
    },
    [times, values],
    figure(parent, caption, summary),
  );
}

/**
 * The analytics charts, drawn with uPlot into `parent`: sessions and messages over time,
 * outcomes, response times, security events, sentiment and tokens over time, sentiment by label
 * and sessions by country. Answers a function that removes them.
 */
export function drawCharts(parent: HTMLElement, report: AnalyticsReport): () => void {
  parent.replaceChildren();
  const width = Math.max(200, Math.min(WIDTH, parent.clientWidth - FRAME));
  const times = report.series.map((p) => Date.parse(p.at) / 1000);
  const totalSessions = report.series.reduce((sum, p) => sum + p.sessions, 0);
  const totalMessages = report.series.reduce((sum, p) => sum + p.messages, 0);
  const overTime = figure(
    parent,
    t('charts.overTime'),
    t('charts.overTimeSummary', {
      sessions: t('charts.sessions', { count: totalSessions }),
      messages: t('charts.messages', { count: totalMessages }),
      intervals: t('charts.intervals', { count: report.series.length }),
    }),
  );
  const legend = document.createElement('p');
  legend.className = 'chart-legend';
  for (const [label, cls] of [
    [t('analytics.sessions'), 'key-sessions'],
    [t('analytics.messages'), 'key-messages'],
  ] as const) {
    const key = document.createElement('span');
    key.className = cls;
    key.textContent = label;
    legend.append(key);
  }
  overTime.parentElement?.append(legend);
  const charts = [
    new uPlot(
      {
        width,
        height: HEIGHT,
        legend: { show: false },
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [{ stroke: GREY }, { stroke: GREY, incrs: WHOLE_STEPS }],
        series: [{}, { label: t('analytics.sessions'), stroke: BLUE, width: 2 }, { label: t('analytics.messages'), stroke: GREEN, width: 2 }],
      },
      [times, report.series.map((p) => p.sessions), report.series.map((p) => p.messages)],
      overTime,
    ),
    bars(
      parent,
      width,
      t('analytics.byOutcome'),
      AMBER,
      OUTCOMES.map((outcome) => ({ label: t(`analytics.${outcome}`), value: report.sessions[outcome] })),
    ),
    bars(parent, width, t('charts.responseTime'), BLUE, [
      { label: 'p50', value: report.response_ms.p50 ?? 0 },
      { label: 'p95', value: report.response_ms.p95 ?? 0 },
    ]),
    bars(parent, width, t('analytics.security'), RED, [
      { label: t('charts.rate'), value: report.security_events.rate_limited },
      { label: t('charts.quota'), value: report.security_events.quota_exceeded },
      { label: t('charts.origin'), value: report.security_events.forbidden_origin },
      { label: t('charts.address'), value: report.security_events.forbidden_ip },
      { label: t('charts.token'), value: report.security_events.invalid_token },
      { label: t('charts.verify'), value: report.security_events.verification_failed },
      { label: t('charts.lockout'), value: report.security_events.passcode_lockout + report.security_events.verification_lockout },
      { label: t('charts.content'), value: report.security_events.content_blocked + report.security_events.content_flagged },
      { label: t('charts.country'), value: report.security_events.country },
      { label: t('charts.budget'), value: report.security_events.budget_exhausted },
      { label: t('charts.challenge'), value: report.security_events.challenge_failed },
    ]),
    line(
      parent,
      width,
      t('charts.sentimentOverTime'),
      MOODS.map((mood) => `${t(`analytics.${mood}`)} ${t.number(report.sentiment[mood])}`).join(', '),
      GREEN,
      times,
      report.series.map((p) => p.sentiment),
      [-1, 1],
    ),
    bars(
      parent,
      width,
      t('analytics.sentiment'),
      GREEN,
      MOODS.map((mood) => ({ label: t(`analytics.${mood}`), value: report.sentiment[mood] })),
    ),
    line(
      parent,
      width,
      t('charts.tokensOverTime'),
      t.number(report.tokens.prompt + report.tokens.completion),
      BLUE,
      times,
      report.series.map((p) => p.tokens),
    ),
    // The countries most sessions came from (the table lists them all).
    ...(report.countries.length === 0
      ? []
      : [
          bars(
            parent,
            width,
            t('analytics.countries'),
            BLUE,
            report.countries.slice(0, 8).map((c) => ({ label: c.country, value: c.sessions })),
          ),
        ]),
  ];
  return () => {
    for (const chart of charts) chart.destroy();
    parent.replaceChildren();
  };
}
