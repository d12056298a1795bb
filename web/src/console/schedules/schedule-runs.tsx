import type { Schedule, ScheduleRun } from '../api/management-api';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { when, whenIn } from '../ui/when';
import { t } from '../words';

const TRIGGERS: Record<ScheduleRun['trigger'], string> = { schedule: t('runs.onSchedule'), catch_up: t('runs.caughtUp'), manual: t('runs.manual') };

/** A schedule's runs, newest first: the slot each was for, how it came about, and what it made and sent. */
export function ScheduleRuns({ schedule, runs }: { schedule: Schedule; runs: ScheduleRun[] | undefined }) {
  return (
    <section class="runs" aria-labelledby="runs-title">
      <h2 id="runs-title">{t('runs.title', { name: schedule.name })}</h2>
      <DataTable
        rows={runs}
        columns={[t('runs.slot'), t('runs.trigger'), t('common.state'), t('runs.links'), t('runs.sent'), t('runs.errors')]}
        empty={<EmptyState quiet>{t('runs.noneYet')}</EmptyState>}
        row={(run) => (
          <tr key={`${run.slot_at}:${run.started_at}`} data-run-state={run.state}>
            <td>
              <time dateTime={run.slot_at}>{when(run.slot_at)}</time>
              <br />
              <span class="muted">
                {whenIn(run.slot_at, schedule.timezone)} {schedule.timezone}
              </span>
            </td>
            <td>{TRIGGERS[run.trigger]}</td>
            <td>
              <span class={`badge ${run.state === 'succeeded' ? 'ok' : run.state === 'failed' ? 'warn' : 'off'}`}>{run.state}</span>
            </td>
            <td class="num" data-count="links">
              {t.number(run.links)}
            </td>
            <td class="num" data-count="sent">
              {t.number(run.sent)}
            </td>
            <td>
              {run.errors.length === 0 ? (
                <span class="muted">{t('common.none')}</span>
              ) : (
                <ul class="errors">
                  {run.errors.map((e) => {
                    // Where the delivery went (an address or a phone number); runs from before `to` name it in `email`.
                    const where = e.to ?? e.email;
                    return (
                      <li key={`${where}:${e.error}`} data-channel={e.channel}>
                        {where ? `${where}: ${e.error}` : e.error}
                      </li>
                    );
                  })}
                </ul>
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
