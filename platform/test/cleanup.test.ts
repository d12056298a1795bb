import { createCleanupService, type Job } from '@parley/cleanup';
import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './platform-harness.js';

const IDLE_JOB = 'abandon-idle-sessions';
const PARTITIONS_JOB = 'create-partitions';
/**
 * Sessions idle longer than this are abandoned. Idle sessions are made so by moving their
 * `updated_at` back, so the test never waits, and a minute keeps the fresh sessions far from it.
 */
const TIMEOUT_SECONDS = 60;
/** Longer than any test run (and than a timer can wait): only the runs a test asks for happen. */
const INTERVAL_MINUTES = 100_000;

const echoAgent = {
  workflow: {
    initial_node: 'start',
    nodes: [
      { id: 'start', name: 'Start', static_text: 'Say something.', transitions: [{ to: 'echo', condition: 'user_responded' }] },
      { id: 'echo', name: 'Echo', static_text: 'Noted.' },
    ],
  },
};

type CleanupService = ReturnType<typeof createCleanupService>;

describe('cleanup: idle sessions, one replica per slot, partitions', () => {
  let h: TestPlatform;
  let agent: { tenantId: string; agentId: string };
  const replicas: CleanupService[] = [];

  /** Another cleanup replica beside the platform's own, on the same database and bus. */
  async function startReplica(partitionMonthsAhead = 3): Promise<CleanupService> {
    const replica = createCleanupService({
      bus: h.platform.bus,
      db: h.ctx.db,
      logger: h.ctx.logger,
      options: { sessionTimeoutSeconds: TIMEOUT_SECONDS, cleanupIntervalMs: INTERVAL_MINUTES * 60_000, partitionMonthsAhead },
    });
    replicas.push(replica);
    // Its start-up runs find the current slots already claimed by the platform's replica.
    await replica.started;
    return replica;
  }

  const jobOf = (replica: CleanupService, name: string): Job => {
    const job = replica.jobs.find((j) => j.name === name);
    if (!job) throw new Error(`no job ${name}`);
    return job;
  };

  /** Forgets that the job's current slot ran, as if its next interval had just begun. */
  const openSlot = (job: string) => sql`DELETE FROM cleanup_job_runs WHERE job = ${job}`.execute(h.ctx.db);

  const runsOf = async (job: string) =>
    (
      await sql<{ claimed_by: string; finished_at: Date | null; outcome: string | null }>`
      SELECT claimed_by, finished_at, outcome FROM cleanup_job_runs WHERE job = ${job}`.execute(h.ctx.db)
    ).rows;

  async function newSession(idleSeconds = 0): Promise<string> {
    const created = await h.chat.createSession({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    expect(created.status).toBe(201);
    const sessionId: string = created.body.session_id;
    if (idleSeconds > 0) {
      await sql`UPDATE text_conversations SET updated_at = now() - make_interval(secs => ${idleSeconds})
        WHERE session_id = ${sessionId}`.execute(h.ctx.db);
    }
    return sessionId;
  }

  const rowOf = (sessionId: string) =>
    h.ctx.db.selectFrom('text_conversations').select(['status', 'ended_at']).where('session_id', '=', sessionId).executeTakeFirstOrThrow();

  beforeAll(async () => {
    h = await startTestPlatform({ SESSION_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS), CLEANUP_INTERVAL_MINUTES: String(INTERVAL_MINUTES) });
    agent = await h.seedAgent(echoAgent, 'echo');
    // The platform's own replica runs each job's current slot when it starts.
    await waitFor(async () => {
      const runs = [...(await runsOf(IDLE_JOB)), ...(await runsOf(PARTITIONS_JOB))];
      return runs.length === 2 && runs.every((run) => run.finished_at !== null);
    });
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.drain()));
    await h?.stop();
  });

  it('a sweep abandons idle sessions: ended_at set, further messages 410; recent ones are untouched', async () => {
    const replica = await startReplica();
    const idle = await newSession(TIMEOUT_SECONDS + 60);
    const almostIdle = await newSession(TIMEOUT_SECONDS / 2);
    const recent = await newSession();
    const talking = await newSession(TIMEOUT_SECONDS + 60);
    // A message makes a session recent again.
    expect((await h.chat.send(talking, 'still here')).status).toBe(200);

    await openSlot(IDLE_JOB);
    expect(await replica.scheduler.tick(jobOf(replica, IDLE_JOB))).toBe(true);

    const abandoned = await h.chat.status(idle);
    expect(abandoned.status).toBe(200);
    expect(abandoned.body).toMatchObject({ session_id: idle, status: 'abandoned' });
    expect(abandoned.body.ended_at).not.toBeNull();
    expect(await rowOf(idle)).toEqual({ status: 'abandoned', ended_at: expect.any(Date) });
    const refused = await h.chat.send(idle, 'hello again');
    expect(refused.status, JSON.stringify(refused.body)).toBe(410);
    expect(refused.body).toMatchObject({ error: { code: 'gone', message: expect.any(String) } });

    for (const sessionId of [almostIdle, recent, talking]) {
      expect(await rowOf(sessionId)).toEqual({ status: 'active', ended_at: null });
      expect((await h.chat.send(sessionId, 'hello')).status).toBe(200);
    }
    expect(await runsOf(IDLE_JOB)).toEqual([{ claimed_by: expect.stringMatching(/^cleanup_/), finished_at: expect.any(Date), outcome: 'abandoned 1' }]);
  });

  it('two replicas ticking the same slot at once: exactly one runs the job', async () => {
    const [a, b] = await Promise.all([startReplica(), startReplica()]);
    if (!a || !b) throw new Error('two replicas expected');
    for (let round = 1; round <= 5; round++) {
      const sessions = [await newSession(TIMEOUT_SECONDS + 60), await newSession(TIMEOUT_SECONDS + 60)];
      let bodyRuns = 0;
      const counted = (job: Job): Job => ({
        ...job,
        run: async () => {
          bodyRuns++;
          return job.run();
        },
      });
      const jobA = counted(jobOf(a, IDLE_JOB));
      const jobB = counted(jobOf(b, IDLE_JOB));

      await openSlot(IDLE_JOB);
      const ran = await Promise.all([a.scheduler.tick(jobA), b.scheduler.tick(jobB)]);
      expect(ran.filter(Boolean), `round ${round}`).toHaveLength(1);
      expect(bodyRuns, `round ${round}`).toBe(1);
      expect(await runsOf(IDLE_JOB)).toEqual([{ claimed_by: expect.any(String), finished_at: expect.any(Date), outcome: 'abandoned 2' }]);
      for (const sessionId of sessions) expect((await rowOf(sessionId)).status).toBe('abandoned');

      // The slot has run: ticking it again, on either replica, does nothing.
      expect(await Promise.all([a.scheduler.tick(jobA), b.scheduler.tick(jobB)])).toEqual([false, false]);
      expect(bodyRuns).toBe(1);
    }
  });

  it("the partitions job creates the coming months' partitions", async () => {
    const monthsAhead = 6;
    const replica = await startReplica(monthsAhead);
    const now = new Date();
    /** `yYYYYmMM` of the UTC month `offset` months from now. */
    const monthSuffix = (offset: number) => {
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
      return `y${month.getUTCFullYear()}m${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
    };
    const tables = ['text_conversation_messages', 'text_conversation_transitions'];
    const expected = tables.flatMap((table) => Array.from({ length: monthsAhead + 1 }, (_, offset) => `${table}_${monthSuffix(offset)}`));
    const furthest = tables.map((table) => `${table}_${monthSuffix(monthsAhead)}`);
    const partitions = async () =>
      (
        await sql<{ name: string; parent: string }>`
          SELECT c.relname AS name, p.relname AS parent FROM pg_class c
          JOIN pg_inherits i ON i.inhrelid = c.oid JOIN pg_class p ON p.oid = i.inhparent
          WHERE c.relname ~ '^text_conversation_(messages|transitions)_y[0-9]{4}m[0-9]{2}$'`.execute(h.ctx.db)
      ).rows;
    const before = (await partitions()).map((p) => p.name);
    for (const name of furthest) expect(before).not.toContain(name);

    await openSlot(PARTITIONS_JOB);
    expect(await replica.scheduler.tick(jobOf(replica, PARTITIONS_JOB))).toBe(true);

    const after = await partitions();
    expect(after.map((p) => p.name)).toEqual(expect.arrayContaining(expected));
    for (const { name, parent } of after) expect(name.startsWith(`${parent}_y`), name).toBe(true);
    const [run] = await runsOf(PARTITIONS_JOB);
    expect(run?.outcome).toMatch(/^created .*text_conversation_messages_y\d{4}m\d{2}/);
    for (const name of furthest) expect(run?.outcome).toContain(name);

    // The next slot finds nothing to do.
    await openSlot(PARTITIONS_JOB);
    expect(await replica.scheduler.tick(jobOf(replica, PARTITIONS_JOB))).toBe(true);
    expect((await runsOf(PARTITIONS_JOB))[0]?.outcome).toBe('partitions up to date');
    expect(await partitions()).toHaveLength(after.length);
  });
});
