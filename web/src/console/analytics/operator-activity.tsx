import type { AnalyticsAnswer } from '../api/management-api';
import { t } from '../words';
import { wholeSeconds } from './analytics-figures';

type Activity = AnalyticsAnswer['operators'][number] | AnalyticsAnswer['teams'][number];

/** One table of people's work: a row each, its conversations, median first response and handling time, and missed offers. */
function ActivityTable({ caption, entries }: { caption: string; entries: { key: string; name: string; activity: Activity }[] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('analytics.name')}</th>
          <th scope="col" class="num">
            {t('analytics.conversations')}
          </th>
          <th scope="col" class="num">
            {t('analytics.firstResponse')}
          </th>
          <th scope="col" class="num">
            {t('analytics.handling')}
          </th>
          <th scope="col" class="num">
            {t('analytics.missed')}
          </th>
        </tr>
      </thead>
      <tbody>
        {entries.map(({ key, name, activity }) => (
          <tr key={key}>
            <th scope="row">{name}</th>
            <td class="num">{t.number(activity.conversations)}</td>
            <td class="num">{wholeSeconds(activity.first_response_ms_p50)}</td>
            <td class="num">{wholeSeconds(activity.handling_ms_p50)}</td>
            <td class="num">{t.number(activity.missed)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The operators' and teams' work in the window (docs/management-api.md "Analytics"): who took how many of
 * the conversations, how soon they first answered and how long they kept them (medians), and the
 * offers they let time out. Each table shows only when it has rows.
 */
export function OperatorActivity({ report }: { report: AnalyticsAnswer }) {
  if (report.operators.length === 0 && report.teams.length === 0) return null;
  return (
    <div class="analytics-tables operator-activity">
      {report.operators.length > 0 && (
        <ActivityTable
          caption={t('analytics.operators')}
          entries={report.operators.map((operator) => ({ key: operator.member_id, name: operator.name, activity: operator }))}
        />
      )}
      {report.teams.length > 0 && (
        <ActivityTable
          caption={t('analytics.teams')}
          entries={report.teams.map((team) => ({ key: team.team_id ?? '', name: team.name ?? t('analytics.ownQueue'), activity: team }))}
        />
      )}
    </div>
  );
}
