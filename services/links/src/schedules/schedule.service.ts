import { randomToken } from '@parley/auth';
import {
  AppError,
  type CreateScheduleBody,
  type LinkSettingsInput,
  type Schedule,
  type ScheduleRun,
  type ScheduleRunError,
  type SendSpec,
  scheduleIdPattern,
  type UpdateScheduleBody,
} from '@parley/contracts';
import type { LinkSchedulesTable } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Updateable } from 'kysely';
import type { RegistryRepository } from '../store/registry.repository.js';
import { CronSlots } from './cron-slots.js';
import type { ScheduleRepository, ScheduleRow, ScheduleRunRow } from './schedule.repository.js';
import { bulkBodyOf, runView, scheduleView } from './schedule-view.js';
import type { BulkLinkMaker } from './types.js';

/** Schedules looked at per `due` call, the longest waiting first; the rest come on the next call. */
const DUE_SCHEDULES = 500;
/**
 * Slots of one schedule per `due` call. A schedule back from a long downtime works through its
 * backlog this many slots a call: each slot beyond the catch-up window is only a row recorded
 * skipped, so a minutely cron a day behind is through it in a few dozen calls.
 */
const SLOTS_PER_SCHEDULE = 60;

/** `schedules.run`'s request, as the catalog gives it. */
export interface RunSlotRequest {
  /** Given by the management API (run now): another tenant's schedule is not found. Absent: the cleanup service. */
  tenantId?: string | undefined;
  scheduleId: string;
  /** The slot to run; for `manual`, the caller's now. */
  slotAt: string;
  /** The caller's clock: the catch-up window and the run's times are measured on it. */
  now: string;
  trigger: 'schedule' | 'catch_up' | 'manual';
  catchUpMinutes: number;
}

const notFound = () => new AppError('not_found', 'schedule not found');

/**
 * A tenant's link schedules: a cron in an IANA time zone that makes a personalised link for each
 * recipient and sends it. Which slots are due is asked by the cleanup service (the platform's
 * one clock-driven service), which claims each slot once across its replicas and asks `run`.
 * `run` is itself exactly-once: the slot's run row is inserted under the schedule's row lock
 * before any link is made, so a slot asked twice – by two replicas, or again after a lost
 * reply – answers the first run and makes no second set of links.
 */
export class ScheduleService {
  constructor(
    private readonly schedules: ScheduleRepository,
    private readonly registry: RegistryRepository,
    private readonly bulk: BulkLinkMaker,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    /**
     * Refuses a `send` that cannot work here (no mail or SMS configured, a private webhook address,
     * more texts than a run may send to `links` recipients) when the schedule is saved, not at its first run.
     */
    private readonly checkSend: (send: SendSpec, links: number) => Promise<void> = async () => {},
  ) {}

  async create(tenantId: string, body: CreateScheduleBody, publicBaseUrl: string): Promise<Schedule> {
    const now = this.now();
    const slots = CronSlots.runnable(body.cron, body.timezone, now);
    requireTitle(body.template ?? null, body.settings ?? {});
    await this.requireAgent(tenantId, body.agent);
    await this.checkSend(body.send, body.recipients.length);
    const row = await this.schedules.create({
      id: `schd_${randomToken(12)}`,
      tenant_id: tenantId,
      name: body.name,
      cron: body.cron,
      timezone: body.timezone,
      action: body.action,
      agent: body.agent,
      template: body.template ?? null,
      settings: JSON.stringify(body.settings ?? {}),
      recipients: JSON.stringify(body.recipients),
      send: JSON.stringify(body.send),
      public_base_url: publicBaseUrl,
      active: body.active,
      next_run_at: body.active ? slots.after(now) : null,
    });
    if (!row) throw new AppError('not_found', 'tenant not found');
    return scheduleView(row);
  }

  async list(tenantId: string): Promise<{ schedules: Schedule[] }> {
    return { schedules: (await this.schedules.list(tenantId)).map(scheduleView) };
  }

  async get(tenantId: string, scheduleId: string): Promise<Schedule> {
    return scheduleView(await this.find(tenantId, scheduleId));
  }

  /**
   * A new cron, time zone or activation starts the schedule afresh from now: slots missed while it
   * was paused, or of its old cron, are not run.
   */
  async update(tenantId: string, scheduleId: string, changes: UpdateScheduleBody): Promise<Schedule> {
    const current = await this.find(tenantId, scheduleId);
    const cron = changes.cron ?? current.cron;
    const timezone = changes.timezone ?? current.timezone;
    const active = changes.active ?? current.active;
    const now = this.now();
    const slots = changes.cron !== undefined || changes.timezone !== undefined ? CronSlots.runnable(cron, timezone, now) : CronSlots.of(cron, timezone);
    requireTitle(changes.template ?? current.template, changes.settings ?? (current.settings as LinkSettingsInput));
    if (changes.agent !== undefined) await this.requireAgent(tenantId, changes.agent);
    const send = changes.send ?? (current.send as SendSpec);
    const recipients = changes.recipients ?? (current.recipients as unknown[]);
    // New recipients are checked with the send they go by: a run's texts are recipients × SMS channels.
    if (changes.send !== undefined || changes.recipients !== undefined) await this.checkSend(send, recipients.length);
    // Erasure leaves a schedule with nobody or no way to send to paused (docs/management-api.md "Privacy"): it runs again once given one.
    const missing = send.channels.length === 0 ? 'send.channels' : recipients.length === 0 ? 'recipients' : null;
    if (active && missing !== null) {
      throw new AppError('invalid', 'the schedule has nobody or no way to send to: give it recipients and channels before it runs again', {
        details: [{ path: missing, message: missing === 'recipients' ? 'no recipients left' : 'no channels left' }],
      });
    }

    const set: Updateable<LinkSchedulesTable> = {};
    if (changes.name !== undefined) set.name = changes.name;
    if (changes.action !== undefined) set.action = changes.action;
    if (changes.agent !== undefined) set.agent = changes.agent;
    if (changes.template !== undefined) set.template = changes.template;
    if (changes.settings !== undefined) set.settings = JSON.stringify(changes.settings);
    if (changes.recipients !== undefined) set.recipients = JSON.stringify(changes.recipients);
    if (changes.send !== undefined) set.send = JSON.stringify(changes.send);
    if (cron !== current.cron || timezone !== current.timezone || active !== current.active) {
      Object.assign(set, { cron, timezone, active, next_run_at: active ? slots.after(now) : null });
    }
    const row = await this.schedules.update(tenantId, scheduleId, set);
    if (!row) throw notFound();
    return scheduleView(row);
  }

  async delete(tenantId: string, scheduleId: string): Promise<{ deleted: true }> {
    if (!scheduleIdPattern.test(scheduleId) || !(await this.schedules.delete(tenantId, scheduleId))) throw notFound();
    return { deleted: true };
  }

  /** The schedule's runs, the newest slot first. */
  async runs(tenantId: string, scheduleId: string, limit: number): Promise<{ runs: ScheduleRun[] }> {
    const schedule = await this.find(tenantId, scheduleId);
    return { runs: (await this.schedules.runs(schedule.id, limit)).map(runView) };
  }

  /** Every slot of the active schedules from their next_run_at up to `now`, oldest first. */
  async due(now: Date): Promise<{ slots: { scheduleId: string; slotAt: string }[] }> {
    const slots = (await this.schedules.due(now, DUE_SCHEDULES)).flatMap((row) =>
      row.next_run_at === null
        ? []
        : CronSlots.of(row.cron, row.timezone)
            .upTo(row.next_run_at, now, SLOTS_PER_SCHEDULE)
            .map((slotAt) => ({ scheduleId: row.id, slotAt })),
    );
    slots.sort((a, b) => a.slotAt.getTime() - b.slotAt.getTime() || a.scheduleId.localeCompare(b.scheduleId));
    return { slots: slots.map(({ scheduleId, slotAt }) => ({ scheduleId, slotAt: slotAt.toISOString() })) };
  }

  /**
   * Runs one slot, at most once. Under the schedule's row lock the slot's run row is inserted
   * (or found: then that run is the answer) and the schedule moved past the slot, so neither a
   * second caller nor a crash during the run can run it again; the links are made after the
   * lock is released. A `schedule` or `catch_up` slot older than `catchUpMinutes`, or of a
   * schedule paused since it was found due, is recorded skipped and makes no links. `manual`
   * (run now) runs at once and leaves the cron's slots alone.
   */
  async run(req: RunSlotRequest): Promise<ScheduleRun> {
    if (!scheduleIdPattern.test(req.scheduleId)) throw notFound();
    const now = new Date(req.now);
    const slotAt = new Date(req.slotAt);
    const claimed = await this.schedules.transaction(async (tx) => {
      const schedule = await tx.lockForRun(req.scheduleId, req.tenantId);
      if (!schedule) throw notFound();
      const skipped = req.trigger === 'manual' ? null : skipReason(schedule, slotAt, now, req.catchUpMinutes);
      const run = await tx.insertRun({
        schedule_id: schedule.id,
        slot_at: slotAt,
        trigger: req.trigger,
        state: skipped === null ? 'running' : 'skipped',
        errors: JSON.stringify(skipped === null ? [] : [{ email: null, error: skipped }]),
        started_at: now,
        finished_at: skipped === null ? null : now,
      });
      if (req.trigger !== 'manual') await tx.advance(schedule.id, slotAt, CronSlots.of(schedule.cron, schedule.timezone).after(slotAt));
      return { schedule, run: run ?? (await tx.findRun(schedule.id, slotAt)), fresh: run !== undefined };
    });
    if (!claimed.run) throw new AppError('internal', 'schedule run vanished');
    if (!claimed.fresh || claimed.run.state !== 'running') return runView(claimed.run);
    return runView(await this.perform(claimed.schedule, claimed.run, now));
  }

  /** Makes and sends the links of a claimed run and records what came of it. */
  private async perform(schedule: ScheduleRow, run: ScheduleRunRow, now: Date): Promise<ScheduleRunRow> {
    const started = Date.now();
    let result: { state: 'succeeded' | 'failed'; links: number; sent: number; errors: ScheduleRunError[] };
    try {
      // A run is made off any request (the cleanup service), and records what its slot sent: it
      // waits for the first attempts, bounded, where an API caller never does.
      const made = await this.bulk.createAndSend(schedule.tenant_id, schedule.agent, bulkBodyOf(schedule), schedule.public_base_url, {
        awaitFirstAttempts: true,
      });
      result = {
        state: 'succeeded',
        links: made.links.length,
        sent: made.sent,
        // Deliveries whose first attempt failed: they are retried with backoff, the run's links stand.
        // `email` only for the email channel (docs/management-api.md "Schedules"); the error keeps its channel in front, as before `channel` was said apart.
        errors: made.failed.map(({ error, ...where }) => ({ ...where, error: `${where.channel}: ${error}` })),
      };
    } catch (error) {
      if (!(error instanceof AppError)) this.logger.error({ err: error, scheduleId: schedule.id, slotAt: run.slot_at }, 'schedule run failed');
      result = { state: 'failed', links: 0, sent: 0, errors: [{ email: null, error: error instanceof AppError ? error.message : 'internal error' }] };
    }
    // On the caller's clock, as started_at is.
    const finishedAt = new Date(now.getTime() + (Date.now() - started));
    const finished = await this.schedules.finishRun(schedule.id, run.slot_at, { ...result, errors: JSON.stringify(result.errors), finished_at: finishedAt });
    return finished ?? { ...run, ...result, finished_at: finishedAt };
  }

  private async find(tenantId: string, scheduleId: string): Promise<ScheduleRow> {
    const row = scheduleIdPattern.test(scheduleId) ? await this.schedules.find(tenantId, scheduleId) : undefined;
    if (!row) throw notFound();
    return row;
  }

  private async requireAgent(tenantId: string, name: string): Promise<void> {
    if (!(await this.registry.findAgentByName(tenantId, name))) {
      throw new AppError('not_found', `agent "${name}" not found`, { details: [{ path: 'agent', message: 'no agent of that name' }] });
    }
  }
}

/** Why a cron slot is not run, or null when it is. */
function skipReason(schedule: ScheduleRow, slotAt: Date, now: Date, catchUpMinutes: number): string | null {
  if (!schedule.active) return 'the schedule was paused';
  const lateMinutes = (now.getTime() - slotAt.getTime()) / 60_000;
  if (lateMinutes > catchUpMinutes) return `missed by ${Math.floor(lateMinutes)} minutes, more than the catch-up window of ${catchUpMinutes}`;
  return null;
}

/** Every link needs a title: the schedule's settings give it, or its template does (checked when the run makes them). */
function requireTitle(template: string | null, settings: LinkSettingsInput): void {
  if (template === null && settings.title === undefined) {
    throw new AppError('invalid', 'settings.title: give settings.title, or a template that has one', {
      details: [{ path: 'settings.title', message: 'give settings.title, or a template that has one' }],
    });
  }
}
