import { useEffect, useRef, useState } from 'preact/hooks';
// uPlot's stylesheet goes with the console's (a few hundred bytes); its script loads with the charts.
import 'uplot/dist/uPlot.min.css';
import { ExportCsvButton } from '../api/export-download';
import type { AnalyticsAnswer, AnalyticsReport, AnalyticsScope, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { Problem } from '../ui/problem';
import { t } from '../words';
import { MOODS, OUTCOMES, seconds } from './analytics-figures';
import { OperatorActivity } from './operator-activity';
import { VersionsCompared } from './versions-compared';

const HOUR_MS = 3_600_000;
/** The windows offered: short ones by hour, the month by day. */
const WINDOWS = [
  { id: '24h', label: t('analytics.last24Hours'), ms: 24 * HOUR_MS, bucket: 'hour' },
  { id: '7d', label: t('analytics.last7Days'), ms: 7 * 24 * HOUR_MS, bucket: 'hour' },
  { id: '30d', label: t('analytics.last30Days'), ms: 30 * 24 * HOUR_MS, bucket: 'day' },
] as const;

const REFUSALS: { key: keyof AnalyticsReport['security_events']; label: string }[] = [
  { key: 'rate_limited', label: t('analytics.rateLimited') },
  { key: 'quota_exceeded', label: t('analytics.quotaExceeded') },
  { key: 'forbidden_origin', label: t('analytics.foreignOrigin') },
  { key: 'forbidden_ip', label: t('analytics.addressRefused') },
  { key: 'invalid_token', label: t('analytics.invalidToken') },
  { key: 'verification_failed', label: t('analytics.verificationFailed') },
  { key: 'passcode_lockout', label: t('analytics.passcodeLockout') },
  { key: 'verification_lockout', label: t('analytics.verificationLockout') },
  { key: 'content_blocked', label: t('analytics.contentBlocked') },
  { key: 'content_redacted', label: t('analytics.contentRedacted') },
  { key: 'content_flagged', label: t('analytics.contentFlagged') },
  { key: 'country', label: t('analytics.country') },
  { key: 'budget_exhausted', label: t('analytics.budgetExhausted') },
  { key: 'challenge_failed', label: t('analytics.challengeFailed') },
];

/** A score from -1 to 1 with two decimals; '–' for none. */
const score = (value: number | null) => (value === null ? '–' : t.number(value, { maximumFractionDigits: 2, signDisplay: 'exceptZero' }));

/** A small table of named counts. */
const rows = (caption: string, entries: [string, number][]) => (
  <table>
    <caption>{caption}</caption>
    <tbody>
      {entries.map(([label, value]) => (
        <tr key={label}>
          <th scope="row">{label}</th>
          <td class="num">{t.number(value)}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** A duration in milliseconds, in seconds with one decimal from one second on; '–' for none. */
const ms = (value: number | null) =>
  value === null
    ? '–'
    : value >= 1000
      ? t('analytics.seconds', { value: t.number(value / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 }) })
      : t('analytics.milliseconds', { value });

/**
 * Analytics of an agent or one of its links: the figures as text (what a screen reader reads,
 * and what the charts draw), and the charts, whose code (uPlot) loads only when this panel opens
 * (a lazily loaded chunk) so the console's first load stays small.
 */
export function AnalyticsPanel({ api, scope, title, onUnauthorized }: { api: ManagementApi; scope: AnalyticsScope; title: string; onUnauthorized(): void }) {
  const [windowId, setWindowId] = useState<(typeof WINDOWS)[number]['id']>('7d');
  const [report, setReport] = useState<AnalyticsAnswer>();
  const { run, error, busy } = useApiCall(onUnauthorized);
  const charts = useRef<HTMLDivElement>(null);
  const scopeKey = scope.kind === 'agent' ? `agent:${scope.name}` : `link:${scope.id}`;

  useEffect(() => {
    const chosen = WINDOWS.find((w) => w.id === windowId) ?? WINDOWS[1];
    const to = new Date();
    void run(async () =>
      setReport(await api.analytics(scope, { from: new Date(to.getTime() - chosen.ms).toISOString(), to: to.toISOString(), bucket: chosen.bucket })),
    );
  }, [api, scopeKey, windowId]);

  useEffect(() => {
    const target = charts.current;
    if (!report || !target) return;
    let undraw: (() => void) | undefined;
    let gone = false;
    void import('./analytics-charts').then(({ drawCharts }) => {
      if (!gone) undraw = drawCharts(target, report);
    });
    return () => {
      gone = true;
      undraw?.();
    };
  }, [report]);

  /** The series shown, as CSV: the same window and bucket (docs/management-api.md "Analytics as CSV"). */
  const csvUrl = () => {
    if (!report) return undefined;
    const bucket = (WINDOWS.find((w) => w.id === windowId) ?? WINDOWS[1]).bucket;
    const path = scope.kind === 'agent' ? `/api/agents/${encodeURIComponent(scope.name)}/analytics` : `/api/links/${encodeURIComponent(scope.id)}/analytics`;
    return `${path}?${new URLSearchParams({ from: report.from, to: report.to, bucket, format: 'csv' })}`;
  };
  const headingId = `analytics-${scopeKey.replace(/[^a-zA-Z0-9-]/g, '-')}`;
  return (
    <section class="analytics" aria-labelledby={headingId} data-analytics={scopeKey}>
      <div class="heading">
        <h2 id={headingId}>{t('analytics.title', { title })}</h2>
        <label>
          {t('analytics.window')}{' '}
          <select value={windowId} onChange={(e) => setWindowId((e.currentTarget as HTMLSelectElement).value as typeof windowId)}>
            {WINDOWS.map((w) => (
              <option key={w.id} value={w.id}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        {busy && <span class="muted">{t('common.loading')}</span>}
        <ExportCsvButton url={csvUrl} disabled={!report} onUnauthorized={onUnauthorized} />
      </div>
      <Problem error={error} />
      {report && (
        <>
          <dl class="figures">
            <div>
              <dt>{t('analytics.sessions')}</dt>
              <dd data-figure="sessions">{t.number(report.sessions.started)}</dd>
            </div>
            <div>
              <dt>{t('analytics.messages')}</dt>
              <dd data-figure="messages">{t.number(report.messages.user + report.messages.assistant + report.messages.operator)}</dd>
            </div>
            <div>
              <dt>{t('analytics.visitors')}</dt>
              <dd data-figure="visitors">
                {t.number(report.visitors.unique)} <span class="muted">{t('analytics.verified', { count: report.visitors.verified })}</span>
              </dd>
            </div>
            <div>
              <dt>{t('analytics.completion')}</dt>
              <dd>{t.number(report.engagement.completion_rate, { style: 'percent' })}</dd>
            </div>
            <div>
              <dt>{t('analytics.resolution')}</dt>
              <dd data-figure="resolution">{t.number(report.resolution_rate, { style: 'percent', maximumFractionDigits: 1 })}</dd>
            </div>
            <div>
              <dt>{t('analytics.perSession')}</dt>
              <dd>{t.number(report.engagement.avg_messages_per_session)}</dd>
            </div>
            <div>
              <dt>{t('analytics.medianSession')}</dt>
              <dd>{seconds(report.engagement.median_session_seconds)}</dd>
            </div>
            <div>
              <dt>{t('analytics.responseTime')}</dt>
              <dd>
                {ms(report.response_ms.p50)} / {ms(report.response_ms.p95)}
              </dd>
            </div>
            <div>
              <dt>{t('analytics.sentimentAverage')}</dt>
              <dd data-figure="sentiment">{score(report.sentiment.average)}</dd>
            </div>
            <div>
              <dt>{t('analytics.tokens')}</dt>
              <dd data-figure="tokens">{t.number(report.tokens.prompt + report.tokens.completion)}</dd>
            </div>
          </dl>
          <VersionsCompared report={report} />
          <div class="charts" ref={charts} />
          <OperatorActivity report={report} />
          <div class="analytics-tables">
            <table>
              <caption>{t('analytics.byOutcome')}</caption>
              <tbody>
                {OUTCOMES.map((k) => (
                  <tr key={k}>
                    <th scope="row">{t(`analytics.${k}`)}</th>
                    <td class="num">{t.number(report.sessions[k])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {rows(
              t('analytics.byRole'),
              (['user', 'assistant', 'operator'] as const).map((k) => [t(`analytics.${k}`), report.messages[k]]),
            )}
            {rows(
              t('analytics.sentiment'),
              MOODS.map((k) => [t(`analytics.${k}`), report.sentiment[k]]),
            )}
            {rows(t('analytics.tokens'), [
              [t('analytics.promptTokens'), report.tokens.prompt],
              [t('analytics.completionTokens'), report.tokens.completion],
            ])}
            {rows(
              t('analytics.security'),
              REFUSALS.map((r) => [r.label, report.security_events[r.key]]),
            )}
            <table>
              <caption>{t('analytics.countries')}</caption>
              <tbody>
                {report.countries.length === 0 && (
                  <tr>
                    <td class="muted">{t('analytics.noCountries')}</td>
                  </tr>
                )}
                {report.countries.map((c) => (
                  <tr key={c.country}>
                    <th scope="row">{c.country}</th>
                    <td class="num">{t.number(c.sessions)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
