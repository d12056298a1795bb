import type { AnalyticsReport } from '../api/management-api';
import { t } from '../words';
import { betterFirst, excludesZero, type ResolutionDifference, versionComparison } from './version-comparison';

const percent = (rate: number | null) => (rate === null ? '–' : t.number(rate, { style: 'percent', maximumFractionDigits: 1 }));
/** A difference of rates in percentage points, one decimal. */
const points = (fraction: number, sign = false) =>
  t.number(fraction * 100, { minimumFractionDigits: 1, maximumFractionDigits: 1, ...(sign ? { signDisplay: 'exceptZero' as const } : {}) });

/**
 * "Version 3 resolves 7.0 points more than version 2 (95% CI +1.2 to +12.8 points): a real
 * difference.", always told from the version that resolves more, whichever way the answer orders them.
 */
export function differenceSentence(difference: ResolutionDifference): string {
  const d = betterFirst(difference);
  const said = t(d.estimate === 0 ? 'compare.same' : 'compare.more', {
    a: String(d.versions[0]),
    b: String(d.versions[1]),
    points: points(d.estimate),
    low: points(d.ci95[0], true),
    high: points(d.ci95[1], true),
  });
  return `${said} ${t(excludesZero(d.ci95) ? 'compare.real' : 'compare.unclear')}`;
}

/**
 * The versions side by side when the answer compares them (a link split between versions, or an
 * agent whose sessions ran several): one row per version, and how far apart their resolution
 * rates are, with whether that is more than chance.
 */
export function VersionsCompared({ report }: { report: AnalyticsReport }) {
  const compared = versionComparison(report);
  if (!compared) return null;
  const { versions, difference } = compared;
  return (
    <section class="versions-compared" aria-labelledby="versions-compared-title">
      <h3 id="versions-compared-title">{t('compare.title')}</h3>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('compare.version')}</th>
              <th scope="col">{t('analytics.sessions')}</th>
              <th scope="col">{t('compare.completion')}</th>
              <th scope="col">{t('compare.escalation')}</th>
              <th scope="col">{t('compare.resolution')}</th>
              <th scope="col">{t('compare.csat')}</th>
              <th scope="col">{t('analytics.tokens')}</th>
              <th scope="col">{t('compare.responseP50')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} data-compared-version={v.version}>
                <th scope="row">{t('common.version', { version: String(v.version) })}</th>
                <td class="num">{t.number(v.sessions)}</td>
                <td class="num">{percent(v.completion_rate)}</td>
                <td class="num">{percent(v.escalation_rate)}</td>
                <td class="num">{percent(v.resolution_rate)}</td>
                <td class="num">{v.csat_avg === null ? '–' : t.number(v.csat_avg, { maximumFractionDigits: 2 })}</td>
                <td class="num">{t.number(v.tokens)}</td>
                <td class="num">{v.response_ms_p50 === null ? '–' : t('analytics.milliseconds', { value: v.response_ms_p50 })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {difference && (
        <p class="compare-verdict" data-verdict={excludesZero(difference.ci95) ? 'real' : 'unclear'}>
          {differenceSentence(difference)}
        </p>
      )}
    </section>
  );
}
