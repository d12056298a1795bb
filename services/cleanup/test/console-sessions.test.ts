import { sha256Hex } from '@parley/auth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CleanupHarness, type CleanupReplica, startCleanupHarness, startTwoReplicas } from './cleanup-harness.js';

const JOB = 'purge-expired-console-sessions';

/** Expired console sessions are removed by one cleanup replica; live ones stay and still sign in. */
describe('console sessions: expired ones are removed', () => {
  let h: CleanupHarness;
  let a: CleanupReplica;
  let b: CleanupReplica;
  let tenantId: string;

  beforeAll(async () => {
    h = await startCleanupHarness();
    ({ a, b, tenantId } = await startTwoReplicas(h, 'Console sessions'));
  });
  afterAll(async () => h?.stop());

  it('removes expired sessions once across the replicas, and leaves the live ones working', async () => {
    const member = await h.client.request('links.members.create', { tenantId, email: 'ana@example.com', name: 'Ana', role: 'editor' });
    const live = sha256Hex('live-session-cookie');
    const expired = sha256Hex('expired-session-cookie');
    for (const idHash of [live, expired]) {
      await h.client.request('links.console-sessions.create', { idHash, tenantId, memberId: member.member_id, email: 'ana@example.com' });
    }
    await sql`UPDATE console_sessions SET expires_at = now() - interval '1 minute' WHERE id_hash = ${expired}`.execute(h.ctx.db);
    await expect(h.client.request('links.console-sessions.resolve', { idHash: expired })).rejects.toMatchObject({ code: 'not_found' });

    await sql`DELETE FROM cleanup_job_runs WHERE job = ${JOB}`.execute(h.ctx.db);
    const jobOf = (replica: CleanupReplica) => replica.jobs.find((job) => job.name === JOB)!;
    const ran = await Promise.all([a.scheduler.tick(jobOf(a)), b.scheduler.tick(jobOf(b))]);
    expect(ran.filter(Boolean)).toHaveLength(1);

    const left = await h.ctx.db.selectFrom('console_sessions').select('id_hash').execute();
    expect(left.map((row) => row.id_hash)).toEqual([live]);
    expect(await h.client.request('links.console-sessions.resolve', { idHash: live })).toMatchObject({ memberId: member.member_id, role: 'editor' });
    const outcome = await sql<{ outcome: string }>`SELECT outcome FROM cleanup_job_runs WHERE job = ${JOB}`.execute(h.ctx.db);
    expect(outcome.rows[0]?.outcome).toBe('removed 1 expired console sessions');
  });
});
