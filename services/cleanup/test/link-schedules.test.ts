import type { PlatformBus } from '@parley/bus';
import { createLinksService, type LinksDeps } from '@parley/links';
import { connectTestBus, createTestContext, linkTestKeys, Teardown, type TestContext, waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCleanupService } from '../src/app.js';
import { LINK_SCHEDULES_JOB } from '../src/jobs/link-schedules.job.js';

type CleanupReplica = ReturnType<typeof createCleanupService>;

const MINUTE_MS = 60_000;
/** The clock's step: each step is a new slot of every cleanup job, and of the schedules job's tick. */
const STEP_MS = 15 * MINUTE_MS;
/** Four days in 15-minute steps are some 400 rounds of four askers each: seconds, more on a busy machine. */
const STEPPING_TIMEOUT_MS = 180_000;
const RECIPIENTS = [
  { email: 'ada@example.com', name: 'Ada' },
  { email: 'grace@example.com', name: 'Grace' },
];

/**
 * Link schedules driven by cleanup replicas on an injected clock: the real links service (its bulk
 * creation and distribution, mails going to a recording mailer) and the cleanup replicas, each on
 * its own connection to the real NATS, on the real PostgreSQL. No sessions service runs: cleanup's
 * session jobs find no responder and are logged as failed, which the schedules do not notice.
 */
describe('link schedules run by cleanup: weekday slots across DST, once across replicas, caught up within SCHEDULE_CATCH_UP_MINUTES', () => {
  let ctx: TestContext;
  let client: PlatformBus;
  const stops = new Teardown();
  const mails: { to: string; text: string }[] = [];
  /** Every cleanup replica reads this clock. Friday 2027-03-26 07:00 in Berlin (CET, UTC+1). */
  let clock = Date.parse('2027-03-26T06:00:00Z');
  let replicas = 0;
  let tenantId: string;
  let scheduleId: string;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'cleanup-link-schedules' });
    stops.add(async () => ctx.cleanup());
    const linksBus = await connectTestBus(ctx, stops, 'links');
    // The mail port's smallest real implementation: it keeps what it is given.
    const mailer: NonNullable<LinksDeps['mailer']> = {
      async send(mail) {
        mails.push({ to: mail.to, text: mail.text });
      },
    };
    const links = createLinksService({ bus: linksBus, db: ctx.db, logger: ctx.logger, keys: linkTestKeys, mailer });
    stops.add(() => links.drain());
    await linksBus.ping();
    client = await connectTestBus(ctx, stops, 'client');

    tenantId = (await client.request('links.tenants.create', { name: 'Mornings' })).id;
    await client.request('links.agents.create', {
      tenantId,
      name: 'checkin',
      config: { workflow: { initial_node: 'hello', nodes: [{ id: 'hello', name: 'Hello', static_text: 'Good morning {{name}}' }] } },
    });
    const schedule = await client.request('links.schedules.create', {
      tenantId,
      body: {
        name: 'Weekday check-in',
        cron: '0 9 * * 1-5',
        timezone: 'Europe/Berlin',
        action: 'create_and_send_temp_chat_link',
        agent: 'checkin',
        template: 'daily_checkin',
        recipients: RECIPIENTS,
        send: { channels: [{ type: 'email' }], message: 'Good morning {{name}}' },
        active: true,
      },
      publicBaseUrl: 'https://chat.example.com',
    });
    scheduleId = schedule.id;
    // The links service takes new schedules' first slot from the real clock; this one is as if it
    // had been made on the Thursday before, by the test's clock: its first slot is Friday 09:00 CET.
    await ctx.db
      .updateTable('link_schedules')
      .set({ next_run_at: new Date('2027-03-26T08:00:00Z') })
      .where('id', '=', scheduleId)
      .execute();
  });
  afterAll(() => stops.run());

  async function startReplica(): Promise<CleanupReplica> {
    const replica = createCleanupService({
      bus: await connectTestBus(ctx, stops, `cleanup-${++replicas}`),
      db: ctx.db,
      logger: ctx.logger,
      // The other jobs' interval is longer than the test: they run at start-up only.
      options: { sessionTimeoutSeconds: 1800, cleanupIntervalMs: 100_000 * MINUTE_MS, partitionMonthsAhead: 3, scheduleCatchUpMinutes: 60 },
      now: () => clock,
    });
    stops.add(() => replica.drain());
    await replica.started;
    await settled();
    return replica;
  }
  const schedulesJob = (replica: CleanupReplica) => replica.jobs.find((job) => job.name === LINK_SCHEDULES_JOB)!;

  /** Slot claims of the schedule, oldest first. */
  const claims = async () =>
    (
      await sql<{ slot: number; claimed_by: string; finished_at: Date | null; outcome: string | null }>`
        SELECT slot, claimed_by, finished_at, outcome FROM cleanup_job_runs WHERE job = ${`schedule:${scheduleId}`} ORDER BY slot`.execute(ctx.db)
    ).rows;
  /** Until every slot a live replica claimed is over: a replica's own timer may have ticked and be running one. */
  const settled = () => waitFor(async () => (await claims()).every((claim) => claim.finished_at !== null || !claim.claimed_by.startsWith('cleanup_')));
  const runs = async () => (await client.request('links.schedules.runs', { tenantId, scheduleId })).runs.reverse();
  const runCount = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('link_schedule_runs')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('schedule_id', '=', scheduleId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const linkCount = async () =>
    Number(
      (
        await ctx.db
          .selectFrom('public_links')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  /**
   * Both replicas at once, each through its Scheduler (one of them wins the job's tick) and its
   * job directly (as two replicas whose ticks overlap would): four askers for every due slot.
   */
  async function tick(live: CleanupReplica[]): Promise<void> {
    await Promise.all(live.flatMap((replica) => [replica.scheduler.tick(schedulesJob(replica)), schedulesJob(replica).run()]));
    await settled();
  }

  it(
    '0 9 * * 1-5 in Europe/Berlin, Friday to Tuesday across the change to summer time: Fri 08:00Z, Mon 07:00Z, Tue 07:00Z, each made once by two replicas',
    async () => {
      const a = await startReplica();
      const b = await startReplica();
      const ranAt: string[] = [];
      for (const end = Date.parse('2027-03-30T09:00:00Z'); clock < end; ) {
        clock += STEP_MS;
        const before = await runCount();
        await tick([a, b]);
        if ((await runCount()) > before) ranAt.push(new Date(clock).toISOString());
      }
      // A slot ran in the step that reached it: none early, none at the weekend, 09:00 local on both sides of the change.
      expect(ranAt).toEqual(['2027-03-26T08:00:00.000Z', '2027-03-29T07:00:00.000Z', '2027-03-30T07:00:00.000Z']);
      const history = await runs();
      expect(history).toEqual(
        ranAt.map((slot) =>
          expect.objectContaining({ slot_at: slot, trigger: 'schedule', state: 'succeeded', links: 2, sent: 2, errors: [], started_at: slot }),
        ),
      );
      // Once each: two links and two mails a slot, one claim a slot.
      expect(await linkCount()).toBe(3 * RECIPIENTS.length);
      expect(mails.map((mail) => mail.to).sort()).toEqual([...RECIPIENTS, ...RECIPIENTS, ...RECIPIENTS].map((r) => r.email).sort());
      expect(mails.find((mail) => mail.to === 'ada@example.com')?.text).toContain('Good morning Ada');
      expect(await claims()).toEqual(
        ranAt.map((slot) =>
          expect.objectContaining({
            slot: Date.parse(slot) / MINUTE_MS,
            claimed_by: expect.stringMatching(/^cleanup_/),
            outcome: 'succeeded (schedule): 2 links, 2 sent',
          }),
        ),
      );
      expect((await client.request('links.schedules.get', { tenantId, scheduleId })).next_run_at).toBe('2027-03-31T07:00:00.000Z');
      await Promise.all([a.drain(), b.drain()]);
    },
    STEPPING_TIMEOUT_MS,
  );

  it('cleanup stopped over a slot and back within the window runs it once, as a catch-up', async () => {
    // Down from Tuesday 09:00Z until Wednesday 07:40Z: Wednesday's 09:00 (07:00Z) passed 40 minutes ago.
    clock = Date.parse('2027-03-31T07:40:00Z');
    const [c, d] = await Promise.all([startReplica(), startReplica()]);
    await tick([c, d]);
    const wednesday = (await runs()).at(-1);
    expect(wednesday).toMatchObject({ slot_at: '2027-03-31T07:00:00.000Z', trigger: 'catch_up', state: 'succeeded', links: 2, sent: 2 });
    expect(await runs()).toHaveLength(4);
    expect(await linkCount()).toBe(4 * RECIPIENTS.length);
    await Promise.all([c.drain(), d.drain()]);
  });

  it(
    'cleanup back after the window records the missed slots skipped and makes no links; the next slot runs as usual',
    async () => {
      // Down from Wednesday until Friday 08:30Z: Thursday's slot is a day old, Friday's 90 minutes.
      clock = Date.parse('2027-04-02T08:30:00Z');
      const [e, f] = await Promise.all([startReplica(), startReplica()]);
      await tick([e, f]);
      const skipped = (await runs()).slice(4);
      expect(skipped).toEqual([
        expect.objectContaining({
          slot_at: '2027-04-01T07:00:00.000Z',
          trigger: 'catch_up',
          state: 'skipped',
          links: 0,
          sent: 0,
          errors: [{ email: null, error: expect.stringMatching(/^missed by 1530 minutes/) }],
        }),
        expect.objectContaining({
          slot_at: '2027-04-02T07:00:00.000Z',
          trigger: 'catch_up',
          state: 'skipped',
          links: 0,
          sent: 0,
          errors: [{ email: null, error: expect.stringMatching(/^missed by 90 minutes/) }],
        }),
      ]);
      expect(await linkCount()).toBe(4 * RECIPIENTS.length);

      // Up again through the weekend to Monday's 09:00 (07:00Z in summer time).
      for (const end = Date.parse('2027-04-05T07:00:00Z'); clock < end; ) {
        clock += STEP_MS;
        await tick([e, f]);
      }
      expect((await runs()).slice(6)).toEqual([
        expect.objectContaining({ slot_at: '2027-04-05T07:00:00.000Z', trigger: 'schedule', state: 'succeeded', links: 2 }),
      ]);
      expect(await linkCount()).toBe(5 * RECIPIENTS.length);
      await Promise.all([e.drain(), f.drain()]);
    },
    STEPPING_TIMEOUT_MS,
  );

  it('a slot claimed by a replica that died before asking for it is asked again five minutes on, and runs once', async () => {
    const [g, h] = await Promise.all([startReplica(), startReplica()]);
    // Tuesday's slot, claimed by a replica that crashed right after claiming it.
    const tuesday = Date.parse('2027-04-06T07:00:00Z');
    await sql`INSERT INTO cleanup_job_runs (job, slot, claimed_by) VALUES (${`schedule:${scheduleId}`}, ${tuesday / MINUTE_MS}, 'crashed-replica')`.execute(
      ctx.db,
    );
    clock = tuesday;
    await tick([g, h]);
    expect(await runs()).toHaveLength(7);

    clock += STEP_MS;
    await tick([g, h]);
    expect((await runs()).slice(7)).toEqual([
      expect.objectContaining({ slot_at: '2027-04-06T07:00:00.000Z', trigger: 'catch_up', state: 'succeeded', links: 2 }),
    ]);
    expect(await linkCount()).toBe(6 * RECIPIENTS.length);
    // Taken over by one of the four askers, which recorded what the links service did.
    expect((await claims()).at(-1)).toMatchObject({ claimed_by: expect.stringMatching(/^cleanup_/), outcome: 'succeeded (catch_up): 2 links, 2 sent' });
  });
});
