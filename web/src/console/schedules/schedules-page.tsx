import { useEffect, useState } from 'preact/hooks';
import type { AgentSummary, LinkTemplate, ManagementApi, NewSchedule, Schedule, ScheduleRun } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { ConfirmAction, useAsking } from '../ui/confirm-action';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { localZone, when, whenIn } from '../ui/when';
import { t } from '../words';
import { ScheduleForm } from './schedule-form';
import { ScheduleRuns } from './schedule-runs';

/** When a schedule next runs: in the person's own time, and in the schedule's zone when that is another. */
function NextRun({ schedule }: { schedule: Schedule }) {
  if (!schedule.next_run_at) return <span class="muted">{t('schedules.paused')}</span>;
  return (
    <>
      <time dateTime={schedule.next_run_at} data-zone="local">
        {when(schedule.next_run_at)}
      </time>{' '}
      <span class="muted">{t('schedules.yourTime')}</span>
      {schedule.timezone !== localZone() && (
        <>
          <br />
          <span data-zone="schedule">{whenIn(schedule.next_run_at, schedule.timezone)}</span> <span class="muted">{schedule.timezone}</span>
        </>
      )}
    </>
  );
}

/**
 * The tenant's schedules: each makes a personalised link per recipient on its cron and mails it.
 * Create, run now, pause and resume, delete; and each one's runs.
 */
export function SchedulesPage({ api, onUnauthorized }: { api: ManagementApi; onUnauthorized(): void }) {
  const [schedules, setSchedules] = useState<Schedule[]>();
  const [creating, setCreating] = useState(false);
  const [choices, setChoices] = useState<{ agents: AgentSummary[]; templates: LinkTemplate[] }>();
  /** The schedule whose runs show under the list. */
  const [watched, setWatched] = useState<string>();
  const [runs, setRuns] = useState<ScheduleRun[]>();
  const ask = useAsking<string>();
  const [notice, setNotice] = useState<string>();
  const list = useApiCall(onUnauthorized);
  const create = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setSchedules((await api.schedules()).schedules));
  const watch = async (id: string | undefined) => {
    setWatched(id);
    setRuns(undefined);
    if (id) setRuns((await api.scheduleRuns(id)).runs);
  };

  useEffect(() => {
    void reload();
  }, [api]);
  const shown = schedules?.find((s) => s.id === watched);

  const openForm = () => {
    setCreating(true);
    setNotice(undefined);
    if (!choices) {
      void create.run(async () => {
        const [agents, templates] = await Promise.all([api.agents(), api.templates()]);
        setChoices({ agents: agents.agents, templates: templates.templates });
      });
    }
  };
  const onCreate = (body: NewSchedule) =>
    create.run(async () => {
      const created = await api.createSchedule(body);
      setCreating(false);
      setNotice(t('schedules.saved', { name: created.name }));
      await reload();
    });
  const act = (work: () => Promise<unknown>) =>
    change.run(async () => {
      setNotice(undefined);
      await work();
      await reload();
    });
  const runNow = (schedule: Schedule) =>
    act(async () => {
      const run = await api.runSchedule(schedule.id);
      setNotice(t('schedules.ran', { name: schedule.name, links: t('schedules.links', { count: run.links }), sent: run.sent }));
      await watch(schedule.id);
    });

  return (
    <section>
      <div class="heading">
        <h1>{t('section.schedules')}</h1>
        {!creating && (
          <button type="button" class="primary" onClick={openForm}>
            {t('schedules.new')}
          </button>
        )}
        <button type="button" class="quiet" onClick={() => void reload()}>
          {t('common.refresh')}
        </button>
      </div>
      <Notice text={notice} />
      {creating && (
        <ScheduleForm
          agents={choices?.agents}
          templates={choices?.templates}
          onCreate={onCreate}
          error={create.error}
          busy={create.busy}
          onCancel={() => setCreating(false)}
        />
      )}
      <Problem error={list.error ?? change.error} />
      <DataTable
        rows={schedules}
        columns={[t('schedules.schedule'), t('schedules.agent'), t('schedules.when'), t('common.state'), t('schedules.nextRun')]}
        actions
        empty={!creating && <EmptyState>{t('schedules.noneYet')}</EmptyState>}
        row={(s) => (
          <tr key={s.id} data-schedule-id={s.id}>
            <td>
              <strong>{s.name}</strong>
              <br />
              <span class="muted">
                {t('schedules.recipients', { count: s.recipients.length })}
                {s.template ? `, ${s.template}` : ''}
              </span>
            </td>
            <td>{s.agent}</td>
            <td>
              <code>{s.cron}</code>
              <br />
              <span class="muted">{s.timezone}</span>
            </td>
            <td>
              <span class={`badge ${s.active ? 'ok' : 'off'}`}>{s.active ? t('schedules.active') : t('schedules.paused')}</span>
            </td>
            <td data-next-run>
              <NextRun schedule={s} />
            </td>
            <td>
              <div class="row-actions">
                <button type="button" aria-pressed={watched === s.id} onClick={() => void change.run(() => watch(watched === s.id ? undefined : s.id))}>
                  {t('schedules.runs')}
                  <span class="sr-only"> {t('schedules.runsOf', { name: s.name })}</span>
                </button>
                <button type="button" disabled={change.busy} onClick={() => void runNow(s)}>
                  {t('schedules.runNow')}
                  <span class="sr-only"> {s.name}</span>
                </button>
                <button type="button" disabled={change.busy} onClick={() => void act(() => api.updateSchedule(s.id, { active: !s.active }))}>
                  {s.active ? t('schedules.pause') : t('schedules.resume')}
                  <span class="sr-only"> {s.name}</span>
                </button>
                <ConfirmAction
                  {...ask(s.id)}
                  label={t('common.delete')}
                  subject={s.name}
                  busy={change.busy}
                  onConfirm={() => {
                    if (watched === s.id) void watch(undefined);
                    void act(() => api.deleteSchedule(s.id));
                  }}
                />
              </div>
            </td>
          </tr>
        )}
      />
      {shown && <ScheduleRuns schedule={shown} runs={runs} />}
    </section>
  );
}
