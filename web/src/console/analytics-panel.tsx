import { useEffect, useRef, useState } from 'preact/hooks';
// uPlot's stylesheet goes with the console's (a few hundred bytes); its script loads with the charts.
import 'uplot/dist/uPlot.min.css';
import type { AnalyticsReport, AnalyticsScope, ManagementApi } from './console-api';
import { drawCharts } from './analytics-charts';
import { Problem } from './problem';
import { useApiCall } from './use-api';

const HOUR_MS = 3_600_000;
/** The windows offered: short ones by hour, the month by day. */
const WINDOWS = [
  { id: '24h', label: 'Last 24 hours', ms: 24 * HOUR_MS, bucket: 'hour' },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * HOUR_MS, bucket: 'hour' },
  { id: '30d', label: 'Last 30 days', ms: 30 * 24 * HOUR_MS, bucket: 'day' },
] as const;

const REFUSALS: { key: keyof AnalyticsReport['security_events']; label: string }[] = [
  { key: 'rate_limited', label: 'Rate limited' },
  { key: 'quota_exceeded', label: 'Quota exceeded' },
  { key: 'forbidden_origin', label: 'Foreign origin' },
  { key: 'forbidden_ip', label: 'Address refused' },
  { key: 'invalid_token', label: 'Invalid token' },
  { key: 'verification_failed', label: 'Verification failed' },
  { key: 'passcode_lockout', label: 'Passcode lockout' },
  { key: 'verification_lockout', label: 'Verification lockout' },
];

const ms = (value: number | null) => (value === null ? '–' : value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value} ms`);
const seconds = (value: number | null) => (value === null ? '–' : value >= 60 ? `${Math.round(value / 60)} min` : `${value} s`);

/**
 * Analytics of an agent or one of its links: the figures as text (what a screen reader reads,
 * and what the charts draw), and the charts, whose code (uPlot) loads only when this panel opens
 * so the console's first load stays small.
 */
export function AnalyticsPanel({ api, scope, title, onUnauthorized }: { api: ManagementApi; scope: AnalyticsScope; title: string; onUnauthorized(): void }) {
  const [windowId, setWindowId] = useState<(typeof WINDOWS)[number]['id']>('7d');
  const [report, setReport] = useState<AnalyticsReport>();
  const { run, error, busy } = useApiCall(onUnauthorized);
  const charts = useRef<HTMLDivElement>(null);
  const scopeKey = scope.kind === 'agent' ? `agent:${scope.name}` : `link:${scope.id}`;

  useEffect(() => {
    const chosen = WINDOWS.find((w) => w.id === windowId) ?? WINDOWS[1];
    const to = new Date();
    void run(async () => setReport(await api.analytics(scope, { from: new Date(to.getTime() - chosen.ms).toISOString(), to: to.toISOString(), bucket: chosen.bucket })));
  }, [api, scopeKey, windowId]);

  useEffect(() => {
    const target = charts.current;
    if (!report || !target) return;
    return drawCharts(target, report);
  }, [report]);

  const headingId = `analytics-${scopeKey.replace(/[^a-zA-Z0-9-]/g, '-')}`;
  return (
    <section class="analytics" aria-labelledby={headingId} data-analytics={scopeKey}>
      <div class="heading">
        <h2 id={headingId}>Analytics – {title}</h2>
        <label>
          Window{' '}
          <select value={windowId} onChange={(e) => setWindowId((e.currentTarget as HTMLSelectElement).value as typeof windowId)}>
            {WINDOWS.map((w) => (
              <option key={w.id} value={w.id}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        {busy && <span class="muted">Loading…</span>}
      </div>
      <Problem error={error} />
      {report && (
        <>
          <dl class="figures">
            <div>
              <dt>Sessions</dt>
              <dd data-figure="sessions">{report.sessions.started}</dd>
            </div>
            <div>
              <dt>Messages</dt>
              <dd data-figure="messages">{report.messages.user + report.messages.assistant + report.messages.operator}</dd>
            </div>
            <div>
              <dt>Unique visitors</dt>
              <dd data-figure="visitors">
                {report.visitors.unique} <span class="muted">({report.visitors.verified} verified)</span>
              </dd>
            </div>
            <div>
              <dt>Completion rate</dt>
              <dd>{Math.round(report.engagement.completion_rate * 100)} %</dd>
            </div>
            <div>
              <dt>Messages per session</dt>
              <dd>{report.engagement.avg_messages_per_session}</dd>
            </div>
            <div>
              <dt>Median session</dt>
              <dd>{seconds(report.engagement.median_session_seconds)}</dd>
            </div>
            <div>
              <dt>Response time p50 / p95</dt>
              <dd>
                {ms(report.response_ms.p50)} / {ms(report.response_ms.p95)}
              </dd>
            </div>
          </dl>
          <div class="charts" ref={charts} />
          <div class="analytics-tables">
            <table>
              <caption>Sessions by outcome</caption>
              <tbody>
                {(['completed', 'abandoned', 'expired', 'escalated'] as const).map((k) => (
                  <tr key={k}>
                    <th scope="row">{k}</th>
                    <td class="num">{report.sessions[k]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <caption>Messages by role</caption>
              <tbody>
                {(['user', 'assistant', 'operator'] as const).map((k) => (
                  <tr key={k}>
                    <th scope="row">{k}</th>
                    <td class="num">{report.messages[k]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <caption>Security events</caption>
              <tbody>
                {REFUSALS.map((r) => (
                  <tr key={r.key}>
                    <th scope="row">{r.label}</th>
                    <td class="num">{report.security_events[r.key]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table>
              <caption>Countries</caption>
              <tbody>
                {report.countries.length === 0 && (
                  <tr>
                    <td class="muted">none known yet</td>
                  </tr>
                )}
                {report.countries.map((c) => (
                  <tr key={c.country}>
                    <th scope="row">{c.country}</th>
                    <td class="num">{c.sessions}</td>
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
