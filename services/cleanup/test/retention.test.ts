import { sha256Hex } from '@parley/auth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CleanupHarness, type CleanupReplica, startCleanupHarness, startTwoReplicas } from './cleanup-harness.js';

const PURGE_JOB = 'purge-ended-conversations';

describe('retention: a link’s retention_days, else RETENTION_DAYS – for every channel – with two cleanup replicas', () => {
  let h: CleanupHarness;
  let a: CleanupReplica;
  let b: CleanupReplica;
  let tenantId: string;
  let agentId: string;

  beforeAll(async () => {
    h = await startCleanupHarness();
    ({ a, b, tenantId, agentId } = await startTwoReplicas(h, 'Retention'));
  });
  afterAll(async () => h?.stop());

  const newLink = async (retentionDays?: number) => {
    const settings = { title: 'Help', ...(retentionDays === undefined ? {} : { retention_days: retentionDays }) };
    const link = await h.client.request('links.links.create', {
      tenantId,
      agentName: 'listener',
      settings: settings as never,
      publicBaseUrl: 'https://chat.example.com',
    });
    return { id: link.id, access: () => h.client.request('links.links.resolve', { tokenHash: sha256Hex(link.token) }) };
  };
  /** A conversation of the link that ended `days` days ago (3 messages: the opening line, the visitor's, the reply). */
  const endedAgo = async (link: Awaited<ReturnType<typeof newLink>>, days: number) => {
    const id = (await h.client.request('sessions.public-send', { link: await link.access(), content: 'hello' })).conversation_id;
    await sql`UPDATE text_conversations SET status = 'completed', ended_at = now() - make_interval(days => ${days}::int) WHERE id = ${id}`.execute(h.ctx.db);
    return id;
  };
  /** A Text Chat API conversation that ended `days` days ago (3 messages, as a link's). */
  const apiEndedAgo = async (days: number) => {
    const created = await h.client.request('sessions.create', { tenant_id: tenantId, agent_id: agentId });
    await h.client.request('sessions.send', { sessionId: created.session_id, content: 'hello' });
    await sql`UPDATE text_conversations SET status = 'completed', ended_at = now() - make_interval(days => ${days}::int) WHERE id = ${created.conversation_id}`.execute(
      h.ctx.db,
    );
    return created.conversation_id;
  };
  const messagesOf = async (id: string) =>
    Number(
      (
        await h.ctx.db
          .selectFrom('text_conversation_messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('conversation_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const runsOf = async (job: string) =>
    (await sql<{ claimed_by: string; outcome: string | null }>`SELECT claimed_by, outcome FROM cleanup_job_runs WHERE job = ${job}`.execute(h.ctx.db)).rows;

  /** Forgets the job's current slot and has both replicas tick it at once; answers which of them ran it. */
  async function runSlot(name: string): Promise<boolean[]> {
    await sql`DELETE FROM cleanup_job_runs WHERE job = ${name}`.execute(h.ctx.db);
    const jobOf = (replica: CleanupReplica) => replica.jobs.find((j) => j.name === name)!;
    return Promise.all([a.scheduler.tick(jobOf(a)), b.scheduler.tick(jobOf(b))]);
  }

  it('purges exactly the expired messages – 7 days, 200 days, the default 90 – once across the replicas', async () => {
    const week = await newLink(7);
    const long = await newLink(200);
    const plain = await newLink();
    const conversations = {
      weekOld: await endedAgo(week, 8),
      weekRecent: await endedAgo(week, 6),
      longKept: await endedAgo(long, 100),
      longOld: await endedAgo(long, 201),
      plainOld: await endedAgo(plain, 91),
      plainRecent: await endedAgo(plain, 89),
    };
    const active = (await h.client.request('sessions.public-send', { link: await week.access(), content: 'still here' })).conversation_id;

    const ran = await runSlot(PURGE_JOB);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(await runsOf(PURGE_JOB)).toEqual([expect.objectContaining({ outcome: 'purged 9 messages of 3 conversations' })]);
    const left = Object.fromEntries(await Promise.all(Object.entries(conversations).map(async ([name, id]) => [name, await messagesOf(id)])));
    expect(left).toEqual({ weekOld: 0, weekRecent: 3, longKept: 3, longOld: 0, plainOld: 0, plainRecent: 3 });
    expect(await messagesOf(active)).toBe(3);
    const purged = await h.ctx.db.selectFrom('text_conversations').select(['id', 'total_turns', 'purged_at']).where('purged_at', 'is not', null).execute();
    expect(purged.map((row) => row.id).sort()).toEqual([conversations.weekOld, conversations.longOld, conversations.plainOld].sort());
    expect(purged.every((row) => row.total_turns === 1)).toBe(true);

    // The next slot finds nothing more; a changed retention_days applies at the next run.
    await runSlot(PURGE_JOB);
    expect(await runsOf(PURGE_JOB)).toEqual([expect.objectContaining({ outcome: 'purged 0 messages of 0 conversations' })]);
    await sql`UPDATE public_links SET retention_days = 5 WHERE id = ${week.id}`.execute(h.ctx.db);
    await runSlot(PURGE_JOB);
    expect(await runsOf(PURGE_JOB)).toEqual([expect.objectContaining({ outcome: 'purged 3 messages of 1 conversations' })]);
    expect(await messagesOf(conversations.weekRecent)).toBe(0);
    expect(await messagesOf(conversations.longKept)).toBe(3);
  });

  it('purges ended Text Chat API conversations after RETENTION_DAYS like a link’s without its own, once across the replicas', async () => {
    const week = await newLink(7);
    const conversations = {
      apiOld: await apiEndedAgo(91),
      apiRecent: await apiEndedAgo(89),
      // A link's own retention is shorter than RETENTION_DAYS: it still applies to the link's only.
      apiWeekOld: await apiEndedAgo(8),
      linkWeekOld: await endedAgo(week, 8),
    };
    const running = (await h.client.request('sessions.create', { tenant_id: tenantId, agent_id: agentId })).conversation_id;
    await sql`UPDATE text_conversations SET created_at = now() - interval '400 days' WHERE id = ${running}`.execute(h.ctx.db);
    expect(await messagesOf(conversations.apiOld)).toBe(3);

    const ran = await runSlot(PURGE_JOB);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(await runsOf(PURGE_JOB)).toEqual([expect.objectContaining({ outcome: 'purged 6 messages of 2 conversations' })]);
    const left = Object.fromEntries(await Promise.all(Object.entries(conversations).map(async ([name, id]) => [name, await messagesOf(id)])));
    expect(left).toEqual({ apiOld: 0, apiRecent: 3, apiWeekOld: 3, linkWeekOld: 0 });
    // An active one is never purged, however old.
    expect(await messagesOf(running)).toBe(1);
    const rows = await h.ctx.db
      .selectFrom('text_conversations')
      .select(['id', 'channel', 'total_turns', 'purged_at'])
      .where('id', 'in', Object.values(conversations))
      .execute();
    const purged = rows.filter((row) => row.purged_at !== null);
    expect(purged.map((row) => [row.id, row.channel]).sort()).toEqual(
      [
        [conversations.apiOld, 'api'],
        [conversations.linkWeekOld, 'link'],
      ].sort(),
    );
    // The row and its counts stay.
    expect(purged.every((row) => row.total_turns === 1)).toBe(true);

    // The next slot finds nothing more.
    await runSlot(PURGE_JOB);
    expect(await runsOf(PURGE_JOB)).toEqual([expect.objectContaining({ outcome: 'purged 0 messages of 0 conversations' })]);
  });
});
