import type { BulkCreateBody, LinkSettingsInput, Recipient, Schedule, ScheduleRun, SendSpec } from '@parley/contracts';
import type { ScheduleRow, ScheduleRunRow } from './schedule.repository.js';

/** A schedule as the API shows it; the public base URL stays inside the service. */
export function scheduleView(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    action: 'create_and_send_temp_chat_link',
    agent: row.agent,
    template: row.template,
    settings: row.settings,
    recipients: row.recipients as Recipient[],
    send: row.send as SendSpec,
    active: row.active,
    next_run_at: row.next_run_at?.toISOString() ?? null,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function runView(row: ScheduleRunRow): ScheduleRun {
  return {
    slot_at: row.slot_at.toISOString(),
    trigger: row.trigger,
    state: row.state,
    links: row.links,
    sent: row.sent,
    errors: row.errors as ScheduleRun['errors'],
    started_at: row.started_at.toISOString(),
    finished_at: row.finished_at?.toISOString() ?? null,
  };
}

/** What one run asks of the bulk creation: a personalised link per recipient, sent as the schedule says. */
export function bulkBodyOf(row: ScheduleRow): BulkCreateBody {
  const settings = row.settings as LinkSettingsInput;
  return {
    ...(row.template !== null ? { template: row.template } : {}),
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
    recipients: row.recipients as Recipient[],
    send: row.send as SendSpec,
  };
}
