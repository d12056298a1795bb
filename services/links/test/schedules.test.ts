import type { PlatformBus } from '@parley/bus';
import { AppError, type CreateScheduleBody, scheduleIdPattern } from '@parley/contracts';
import { connectTestBus, createTestContext, Teardown, type TestContext, linkTestKeys } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinksService } from '../src/app.js';
import { consoleLinkMailer } from '../src/distribution/index.js';
import { sayingAgent } from './links-harness.js';

/** "Mon 09:00": a slot as a clock on the wall of `timeZone` shows it. */
const wallClock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso)).replace(',', '');

const MINUTE_MS = 60_000;

describe('link schedules on the links service (real PostgreSQL and NATS)', () => {
  let ctx: TestContext;
  let client: PlatformBus;
  const stops = new Teardown();
  /** Every mail the links service sent: the one-process mode's console mailer, writing here. */
  const mails: string[] = [];
  let tenantId: string;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'links-schedules' });
    stops.add(async () => ctx.cleanup());
    const bus = await connectTestBus(ctx, stops, 'links');
    const links = createLinksService({ bus, db: ctx.db, logger: ctx.logger, keys: linkTestKeys, mailer: consoleLinkMailer((line) => mails.push(line)) });
    stops.add(() => links.drain());
    await bus.ping();
    client = await connectTestBus(ctx, stops, 'client');
    tenantId = (await client.request('links.tenants.create', { name: 'Schedules' })).id;
    await client.request('links.agents.create', { tenantId, name: 'greeter', config: sayingAgent('Hello {{name}}') });
  });
  afterAll(() => stops.run());

  const body = (overrides: Partial<CreateScheduleBody> = {}): CreateScheduleBody => ({
    name: `Morning check-in ${Math.random().toString(36).slice(2, 8)}`,
    cron: '0 9 * * 1-5',
    timezone: 'Europe/Berlin',
    action: 'create_and_send_temp_chat_link',
    agent: 'greeter',
    template: 'daily_checkin',
    recipients: [
      { email: 'ada@example.com', name: 'Ada' },
      { email: 'grace@example.com', name: 'Grace', variables: { team: 'compilers' } },
    ],
    send: { channels: [{ type: 'email' }], message: 'Good morning {{name}}' },
    active: true,
    ...overrides,
  });
  const create = (overrides: Partial<CreateScheduleBody> = {}, tenant = tenantId) =>
    client.request('links.schedules.create', { tenantId: tenant, body: body(overrides), publicBaseUrl: 'https://chat.example.com' });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(AppError);
        return error as AppError;
      },
    );
  const linksOf = (emails: string[]) =>
    ctx.db
      .selectFrom('public_links')
      .select(['id', 'title', 'variables', 'max_sessions'])
      .where(sql<string>`variables->>'email'`, 'in', emails)
      .orderBy('created_at')
      .execute();
  const run = (scheduleId: string, slotAt: string, now: string, trigger: 'schedule' | 'catch_up' | 'manual', tenant?: string) =>
    client.request('links.schedules.run', { ...(tenant ? { tenantId: tenant } : {}), scheduleId, slotAt, now, trigger, catchUpMinutes: 60 });

  describe('happy paths', () => {
    it('creates, lists, reads, edits and deletes a schedule; next_run_at follows the cron in its zone, and a pause', async () => {
      const before = Date.now();
      const created = await create({ name: 'Weekday mornings' });
      expect(created).toMatchObject({
        name: 'Weekday mornings',
        cron: '0 9 * * 1-5',
        timezone: 'Europe/Berlin',
        action: 'create_and_send_temp_chat_link',
        agent: 'greeter',
        template: 'daily_checkin',
        settings: {},
        recipients: body().recipients,
        send: body().send,
        active: true,
      });
      expect(created.id).toMatch(scheduleIdPattern);
      // The next weekday 09:00 on a Berlin wall clock, within the next four days.
      const next = Date.parse(created.next_run_at!);
      expect(next).toBeGreaterThan(before);
      expect(next - before).toBeLessThan(4 * 24 * 60 * MINUTE_MS);
      expect(wallClock(created.next_run_at!, 'Europe/Berlin')).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);

      expect((await client.request('links.schedules.list', { tenantId })).schedules).toContainEqual(created);
      expect(await client.request('links.schedules.get', { tenantId, scheduleId: created.id })).toEqual(created);

      // A new name leaves the next slot where it was.
      const renamed = await client.request('links.schedules.update', { tenantId, scheduleId: created.id, changes: { name: 'Mornings' } });
      expect(renamed).toMatchObject({ name: 'Mornings', next_run_at: created.next_run_at });
      // A new cron and zone: the next 17:30 in New York.
      const moved = await client.request('links.schedules.update', {
        tenantId,
        scheduleId: created.id,
        changes: { cron: '30 17 * * *', timezone: 'America/New_York' },
      });
      expect(wallClock(moved.next_run_at!, 'America/New_York')).toMatch(/^\w{3} 17:30$/);
      expect(Date.parse(moved.next_run_at!) - Date.now()).toBeLessThanOrEqual(24 * 60 * MINUTE_MS);
      // Paused: no next run; resumed: the next slot from now.
      expect(await client.request('links.schedules.update', { tenantId, scheduleId: created.id, changes: { active: false } })).toMatchObject({
        active: false,
        next_run_at: null,
      });
      expect((await client.request('links.schedules.update', { tenantId, scheduleId: created.id, changes: { active: true } })).next_run_at).toBe(
        moved.next_run_at,
      );

      expect(await client.request('links.schedules.delete', { tenantId, scheduleId: created.id })).toEqual({ deleted: true });
      await expect(client.request('links.schedules.get', { tenantId, scheduleId: created.id })).rejects.toMatchObject({ code: 'not_found' });
      await expect(client.request('links.schedules.runs', { tenantId, scheduleId: created.id })).rejects.toMatchObject({ code: 'not_found' });
      await expect(client.request('links.schedules.delete', { tenantId, scheduleId: created.id })).rejects.toMatchObject({ code: 'not_found' });
    });

    it('run now makes and sends one personalised link per recipient, is in the history, and leaves the cron alone', async () => {
      const schedule = await create({ recipients: [{ email: 'run-now-1@example.com', name: 'Noor' }, { email: 'run-now-2@example.com' }] });
      const now = new Date().toISOString();
      const ran = await run(schedule.id, now, now, 'manual', tenantId);
      expect(ran).toMatchObject({ slot_at: now, trigger: 'manual', state: 'succeeded', links: 2, sent: 2, errors: [], started_at: now });
      expect(Date.parse(ran.finished_at!)).toBeGreaterThanOrEqual(Date.parse(now));

      const made = await linksOf(['run-now-1@example.com', 'run-now-2@example.com']);
      // The template's settings, the recipient's name and email as the link's variables.
      expect(made).toEqual([
        expect.objectContaining({ title: 'Daily check-in', max_sessions: 1, variables: { email: 'run-now-1@example.com', name: 'Noor' } }),
        expect.objectContaining({ title: 'Daily check-in', max_sessions: 1, variables: { email: 'run-now-2@example.com' } }),
      ]);
      expect(mails.filter((mail) => mail.startsWith('mail to run-now-1@example.com'))).toEqual([expect.stringContaining('Good morning Noor')]);
      expect(mails.filter((mail) => mail.startsWith('mail to run-now-2@example.com'))).toHaveLength(1);

      expect((await client.request('links.schedules.get', { tenantId, scheduleId: schedule.id })).next_run_at).toBe(schedule.next_run_at);
      expect(await client.request('links.schedules.runs', { tenantId, scheduleId: schedule.id })).toEqual({ runs: [ran] });
    });

    it('a slot asked twice at once, and again later, runs once: one set of links, the same run answered', async () => {
      const emails = ['twice-1@example.com', 'twice-2@example.com'];
      const schedule = await create({ recipients: emails.map((email) => ({ email })) });
      const slotAt = schedule.next_run_at!;
      const mine = (await client.request('links.schedules.due', { now: slotAt })).slots.filter((slot) => slot.scheduleId === schedule.id);
      expect(mine).toEqual([{ scheduleId: schedule.id, slotAt }]);

      const [a, b] = await Promise.all([run(schedule.id, slotAt, slotAt, 'schedule'), run(schedule.id, slotAt, slotAt, 'schedule')]);
      // The second asker waited for the first's claim and got its run (still running, or done).
      expect(a.started_at).toBe(b.started_at);
      expect([a.state, b.state]).toContain('succeeded');
      const again = await run(schedule.id, slotAt, new Date(Date.parse(slotAt) + 5 * MINUTE_MS).toISOString(), 'catch_up');
      expect(again).toMatchObject({ slot_at: slotAt, trigger: 'schedule', state: 'succeeded', links: 2, sent: 2 });
      expect(await linksOf(emails)).toHaveLength(2);
      expect(mails.filter((mail) => emails.some((email) => mail.startsWith(`mail to ${email}`)))).toHaveLength(2);

      // The schedule moved on to its next weekday 09:00; the slot is no longer due.
      const after = await client.request('links.schedules.get', { tenantId, scheduleId: schedule.id });
      expect(Date.parse(after.next_run_at!)).toBeGreaterThan(Date.parse(slotAt));
      expect(wallClock(after.next_run_at!, 'Europe/Berlin')).toMatch(/^(Mon|Tue|Wed|Thu|Fri) 09:00$/);
      expect((await client.request('links.schedules.due', { now: slotAt })).slots.filter((slot) => slot.scheduleId === schedule.id)).toEqual([]);
      expect((await client.request('links.schedules.runs', { tenantId, scheduleId: schedule.id })).runs).toEqual([again]);
    });

    it('due lists each weekday slot up to now, oldest first; one missed beyond the window is recorded skipped, one within it runs', async () => {
      const emails = ['late-1@example.com'];
      const schedule = await create({ recipients: emails.map((email) => ({ email })) });
      const first = Date.parse(schedule.next_run_at!);
      const now = new Date(first + 7 * 24 * 60 * MINUTE_MS + 10 * MINUTE_MS).toISOString();
      const slots = (await client.request('links.schedules.due', { now })).slots.filter((slot) => slot.scheduleId === schedule.id).map((slot) => slot.slotAt);
      // A week and ten minutes on: the five weekday slots of the week and the first one again.
      expect(slots).toHaveLength(6);
      expect(slots[0]).toBe(schedule.next_run_at);
      expect(slots.map((slot) => wallClock(slot, 'Europe/Berlin').slice(4))).toEqual(Array(6).fill('09:00'));
      expect(new Set(slots.map((slot) => wallClock(slot, 'Europe/Berlin').slice(0, 3)))).toEqual(new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']));
      expect([...slots].sort()).toEqual(slots);

      const skipped = await run(schedule.id, slots[0]!, now, 'catch_up');
      expect(skipped).toMatchObject({
        trigger: 'catch_up',
        state: 'skipped',
        links: 0,
        sent: 0,
        errors: [{ email: null, error: expect.stringMatching(/^missed by \d+ minutes/) }],
      });
      expect((await client.request('links.schedules.get', { tenantId, scheduleId: schedule.id })).next_run_at).toBe(slots[1]);
      const caughtUp = await run(schedule.id, slots[5]!, now, 'catch_up');
      expect(caughtUp).toMatchObject({ trigger: 'catch_up', state: 'succeeded', links: 1, sent: 1 });
      expect(await linksOf(emails)).toHaveLength(1);
      // Only forward: the schedule is past the last slot run, not back at the skipped one's next.
      expect(Date.parse((await client.request('links.schedules.get', { tenantId, scheduleId: schedule.id })).next_run_at!)).toBeGreaterThan(
        Date.parse(slots[5]!),
      );
      expect((await client.request('links.schedules.runs', { tenantId, scheduleId: schedule.id, limit: 1 })).runs).toEqual([caughtUp]);
      expect((await client.request('links.schedules.runs', { tenantId, scheduleId: schedule.id })).runs).toEqual([caughtUp, skipped]);

      // A paused schedule has nothing due.
      await client.request('links.schedules.update', { tenantId, scheduleId: schedule.id, changes: { active: false } });
      expect(
        (await client.request('links.schedules.due', { now: new Date(Date.parse(now) + 30 * 24 * 60 * MINUTE_MS).toISOString() })).slots.filter(
          (slot) => slot.scheduleId === schedule.id,
        ),
      ).toEqual([]);
    });

    it('a run whose links cannot be made is recorded failed with the reason, and makes none', async () => {
      await client.request('links.templates.create', { tenantId, name: 'short-lived', settings: { title: 'Short' } });
      const schedule = await create({ template: 'short-lived', recipients: [{ email: 'failing@example.com' }] });
      await client.request('links.templates.delete', { tenantId, name: 'short-lived' });
      const now = new Date().toISOString();
      const ran = await run(schedule.id, now, now, 'manual', tenantId);
      expect(ran).toMatchObject({ state: 'failed', links: 0, sent: 0, errors: [{ email: null, error: expect.stringContaining('short-lived') }] });
      expect(ran.finished_at).not.toBeNull();
      expect(await linksOf(['failing@example.com'])).toEqual([]);
    });
  });

  describe('refusals', () => {
    it('a bad cron, an unknown time zone, no title, and an unknown agent, each named; nothing is saved', async () => {
      const listed = (await client.request('links.schedules.list', { tenantId })).schedules.length;
      for (const cron of ['*/5 9 * *', '0 0 9 * * *', '61 9 * * *', '0 9 * * mon-xyz', '0 0 31 2 *']) {
        const error = await refusal(create({ name: `bad cron ${cron}`, cron }));
        expect(error).toMatchObject({ code: 'invalid', message: expect.stringMatching(/^cron: /), details: [{ path: 'cron', message: expect.any(String) }] });
      }
      expect(await refusal(create({ timezone: 'Mars/Olympus' }))).toMatchObject({
        code: 'invalid',
        message: expect.stringMatching(/^timezone: unknown time zone "Mars\/Olympus"/),
        details: [{ path: 'timezone', message: expect.any(String) }],
      });
      const { template: _none, ...untitled } = body();
      const noTitle = await refusal(client.request('links.schedules.create', { tenantId, body: untitled, publicBaseUrl: 'https://chat.example.com' }));
      expect(noTitle).toMatchObject({ code: 'invalid', details: [{ path: 'settings.title', message: expect.any(String) }] });
      expect(await refusal(create({ agent: 'nobody' }))).toMatchObject({ code: 'not_found', message: 'agent "nobody" not found' });
      expect((await client.request('links.schedules.list', { tenantId })).schedules).toHaveLength(listed);

      // Edits are held to the same rules and leave the schedule as it was.
      const schedule = await create();
      await expect(client.request('links.schedules.update', { tenantId, scheduleId: schedule.id, changes: { cron: 'every morning' } })).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringMatching(/^cron: /),
      });
      await expect(
        client.request('links.schedules.update', { tenantId, scheduleId: schedule.id, changes: { timezone: 'Europe/Atlantis' } }),
      ).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringMatching(/^timezone: /),
      });
      await expect(client.request('links.schedules.update', { tenantId, scheduleId: schedule.id, changes: { agent: 'nobody' } })).rejects.toMatchObject({
        code: 'not_found',
      });
      expect(await client.request('links.schedules.get', { tenantId, scheduleId: schedule.id })).toEqual(schedule);
    });

    it('a second schedule of the same name in a tenant; ids that are not schedules', async () => {
      const schedule = await create({ name: 'Only one' });
      expect(await refusal(create({ name: 'Only one' }))).toMatchObject({ code: 'conflict', details: [{ path: 'name', message: expect.any(String) }] });
      const other = await create({ name: 'Another' });
      await expect(client.request('links.schedules.update', { tenantId, scheduleId: other.id, changes: { name: 'Only one' } })).rejects.toMatchObject({
        code: 'conflict',
      });
      for (const scheduleId of ['schd_0000000000000000', 'lnk_abc', "'; DROP TABLE link_schedules; --"]) {
        await expect(client.request('links.schedules.get', { tenantId, scheduleId })).rejects.toMatchObject({ code: 'not_found' });
        const now = new Date().toISOString();
        await expect(run(scheduleId, now, now, 'manual', tenantId)).rejects.toMatchObject({ code: 'not_found' });
      }
      expect(await client.request('links.schedules.get', { tenantId, scheduleId: schedule.id })).toEqual(schedule);
    });
  });

  describe('tenant isolation', () => {
    it("another tenant's schedule is not_found for every subject, and stays untouched and unrun", async () => {
      const stranger = (await client.request('links.tenants.create', { name: 'Stranger' })).id;
      await client.request('links.agents.create', { tenantId: stranger, name: 'greeter', config: sayingAgent('theirs') });
      const schedule = await create({ name: 'Private', recipients: [{ email: 'private@example.com' }] });
      const now = new Date().toISOString();

      expect((await client.request('links.schedules.list', { tenantId: stranger })).schedules).toEqual([]);
      for (const attempt of [
        () => client.request('links.schedules.get', { tenantId: stranger, scheduleId: schedule.id }),
        () => client.request('links.schedules.update', { tenantId: stranger, scheduleId: schedule.id, changes: { active: false } }),
        () => client.request('links.schedules.delete', { tenantId: stranger, scheduleId: schedule.id }),
        () => client.request('links.schedules.runs', { tenantId: stranger, scheduleId: schedule.id }),
        () => run(schedule.id, now, now, 'manual', stranger),
      ]) {
        await expect(attempt()).rejects.toMatchObject({ code: 'not_found' });
      }
      // The stranger's own schedule of the same name is theirs; it cannot name an agent of another tenant.
      await expect(create({ name: 'Private', agent: 'greeter' }, stranger)).resolves.toMatchObject({ name: 'Private' });
      await client.request('links.agents.create', { tenantId, name: 'owners-only', config: sayingAgent('mine') });
      await expect(create({ agent: 'owners-only' }, stranger)).rejects.toMatchObject({ code: 'not_found' });

      expect(await client.request('links.schedules.get', { tenantId, scheduleId: schedule.id })).toEqual(schedule);
      expect((await client.request('links.schedules.runs', { tenantId, scheduleId: schedule.id })).runs).toEqual([]);
      expect(await linksOf(['private@example.com'])).toEqual([]);
    });
  });
});
