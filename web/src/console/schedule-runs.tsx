import type { Schedule, ScheduleRun } from './console-api';
import { when, whenIn } from './when';

const TRIGGERS: Record<ScheduleRun['trigger'], string> = { schedule: 'on schedule', catch_up: 'caught up', manual: 'run now' };

/** A schedule's runs, newest first: the slot each was for, how it came about, and what it made and sent. */
export function ScheduleRuns({ schedule, runs }: { schedule: Schedule; runs: ScheduleRun[] | undefined }) {
  return (
    <section class="runs" aria-labelledby="runs-title">
      <h2 id="runs-title">Runs of “{schedule.name}”</h2>
      {runs && runs.length === 0 && <p class="muted">No runs yet. The next is at its next slot, or when you press “Run now”.</p>}
      {runs && runs.length > 0 && (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Slot</th>
                <th scope="col">Trigger</th>
                <th scope="col">State</th>
                <th scope="col">Links</th>
                <th scope="col">Sent</th>
                <th scope="col">Errors</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
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
                    {run.links}
                  </td>
                  <td class="num" data-count="sent">
                    {run.sent}
                  </td>
                  <td>
                    {run.errors.length === 0 ? (
                      <span class="muted">none</span>
                    ) : (
                      <ul class="errors">
                        {run.errors.map((e) => (
                          <li key={`${e.email}:${e.error}`}>{e.email ? `${e.email}: ${e.error}` : e.error}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
