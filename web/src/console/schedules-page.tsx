import { useEffect, useState } from 'preact/hooks';
import { ConfirmAction } from './confirm-action';
import type { AgentSummary, LinkTemplate, ManagementApi, NewSchedule, Schedule, ScheduleRun } from './console-api';
import { Problem } from './problem';
import { ScheduleForm } from './schedule-form';
import { ScheduleRuns } from './schedule-runs';
import { useApiCall } from './use-api';
import { localZone, when, whenIn } from './when';

/** When a schedule next runs: in the person's own time, and in the schedule's zone when that is another. */
function NextRun({ schedule }: { schedule: Schedule }) {
  if (!schedule.next_run_at) return <span class="muted">paused</span>;
  return (
    <>
      <time dateTime={schedule.next_run_at} data-zone="local">
        {when(schedule.next_run_at)}
      </time>{' '}
      <span class="muted">your time</span>
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
  const [confirmDelete, setConfirmDelete] = useState<string>();
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
      setNotice(`“${created.name}” is saved.`);
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
      setNotice(`“${schedule.name}” ran: ${run.links} ${run.links === 1 ? 'link' : 'links'} made, ${run.sent} sent.`);
      await watch(schedule.id);
    });

  return (
    <section>
      <div class="heading">
        <h1>Schedules</h1>
        {!creating && (
          <button type="button" class="primary" onClick={openForm}>
            New schedule
          </button>
        )}
        <button type="button" class="quiet" onClick={() => void reload()}>
          Refresh
        </button>
      </div>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
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
      {schedules && schedules.length === 0 && !creating && <p>No schedules yet. A schedule makes a link for each of its recipients at set times and mails it to them.</p>}
      {schedules && schedules.length > 0 && (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Schedule</th>
                <th scope="col">Agent</th>
                <th scope="col">When</th>
                <th scope="col">State</th>
                <th scope="col">Next run</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((s) => (
                <tr key={s.id} data-schedule-id={s.id}>
                  <td>
                    <strong>{s.name}</strong>
                    <br />
                    <span class="muted">
                      {s.recipients.length} {s.recipients.length === 1 ? 'recipient' : 'recipients'}
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
                    <span class={`badge ${s.active ? 'ok' : 'off'}`}>{s.active ? 'active' : 'paused'}</span>
                  </td>
                  <td data-next-run>
                    <NextRun schedule={s} />
                  </td>
                  <td>
                    <div class="row-actions">
                      <button type="button" aria-pressed={watched === s.id} onClick={() => void change.run(() => watch(watched === s.id ? undefined : s.id))}>
                        Runs<span class="sr-only"> of {s.name}</span>
                      </button>
                      <button type="button" disabled={change.busy} onClick={() => void runNow(s)}>
                        Run now<span class="sr-only"> {s.name}</span>
                      </button>
                      <button type="button" disabled={change.busy} onClick={() => void act(() => api.updateSchedule(s.id, { active: !s.active }))}>
                        {s.active ? 'Pause' : 'Resume'}
                        <span class="sr-only"> {s.name}</span>
                      </button>
                      <ConfirmAction
                        label="Delete"
                        subject={s.name}
                        asking={confirmDelete === s.id}
                        busy={change.busy}
                        onAsk={() => setConfirmDelete(s.id)}
                        onCancel={() => setConfirmDelete(undefined)}
                        onConfirm={() => {
                          if (watched === s.id) void watch(undefined);
                          void act(() => api.deleteSchedule(s.id));
                        }}
                      />
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {shown && <ScheduleRuns schedule={shown} runs={runs} />}
    </section>
  );
}
