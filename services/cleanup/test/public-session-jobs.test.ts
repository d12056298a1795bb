import { sha256Hex } from '@parley/auth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CleanupHarness, type CleanupReplica, startCleanupHarness, startTwoReplicas } from './cleanup-harness.js';

const CLOSED_LINKS_JOB = 'end-closed-link-sessions';
const PURGE_JOB = 'purge-ended-conversations';

describe('cleanup jobs of public sessions, with two cleanup replicas', () => {
  let h: CleanupHarness;
  let a: CleanupReplica;
  let b: CleanupReplica;
  let tenantId: string;

  beforeAll(async () => {
    h = await startCleanupHarness();
    ({ a, b, tenantId } = await startTwoReplicas(h, 'Cleanup'));
  });
  afterAll(async () => h?.stop());

  const newLink = async () => {
    const link = await h.client.request('links.links.create', {
      tenantId,
      agentName: 'listener',
      settings: { title: 'Help' } as never,
      publicBaseUrl: 'https://chat.example.com',
    });
    return { id: link.id, access: () => h.client.request('links.links.resolve', { tokenHash: sha256Hex(link.token) }) };
  };
  const newSession = async (link: Awaited<ReturnType<typeof newLink>>) =>
    (await h.client.request('sessions.public-send', { link: await link.access(), content: 'hello' })).conversation_id;
  const statusOf = async (id: string) =>
    (await h.ctx.db.selectFrom('text_conversations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
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

  it('ends the active sessions of an expired link, once, and leaves the open link’s alone', async () => {
    const expiring = await newLink();
    const open = await newLink();
    const [x, y, z] = [await newSession(expiring), await newSession(expiring), await newSession(open)];
    await sql`UPDATE public_links SET expires_at = now() - interval '1 second' WHERE id = ${expiring.id}`.execute(h.ctx.db);

    const ran = await runSlot(CLOSED_LINKS_JOB);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(await runsOf(CLOSED_LINKS_JOB)).toEqual([expect.objectContaining({ outcome: 'ended 2 sessions of 1 closed links' })]);
    expect([await statusOf(x), await statusOf(y), await statusOf(z)]).toEqual(['abandoned', 'abandoned', 'active']);
    const { events } = await h.live.readAfter(x, undefined);
    expect(events.filter((e) => e.event === 'session_ended').map((e) => e.data)).toEqual([{ reason: 'link_expired' }]);
  });

  it('purges the messages of public conversations ended longer than RETENTION_DAYS ago, once', async () => {
    const link = await newLink();
    const [old, recent, active] = [await newSession(link), await newSession(link), await newSession(link)];
    await sql`UPDATE text_conversations SET status = 'completed', ended_at = now() - interval '91 days' WHERE id = ${old}`.execute(h.ctx.db);
    await sql`UPDATE text_conversations SET status = 'completed', ended_at = now() - interval '89 days' WHERE id = ${recent}`.execute(h.ctx.db);

    const ran = await runSlot(PURGE_JOB);
    expect(ran.filter(Boolean)).toHaveLength(1);
    expect(await runsOf(PURGE_JOB)).toEqual([expect.objectContaining({ outcome: 'purged 3 messages of 1 conversations' })]);
    expect([await messagesOf(old), await messagesOf(recent), await messagesOf(active)]).toEqual([0, 3, 3]);
    const row = await h.ctx.db.selectFrom('text_conversations').select(['total_turns', 'purged_at']).where('id', '=', old).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ total_turns: 1, purged_at: expect.any(Date) });
  });
});
