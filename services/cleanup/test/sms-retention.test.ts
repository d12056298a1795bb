import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CleanupHarness, type CleanupReplica, startCleanupHarness, startTwoReplicas } from './cleanup-harness.js';

const JOB = 'purge-sms-numbers';

/** Texts of links keep their phone number for RETENTION_DAYS after they finish (docs/management-api.md "Privacy"). */
describe('retention of texts: old finished SMS deliveries lose their phone number', () => {
  let h: CleanupHarness;
  let a: CleanupReplica;
  let b: CleanupReplica;
  let tenantId: string;

  beforeAll(async () => {
    h = await startCleanupHarness();
    ({ a, b, tenantId } = await startTwoReplicas(h, 'Texts'));
  });
  afterAll(async () => h?.stop());

  it('erases the numbers of texts finished longer ago than RETENTION_DAYS, once across the replicas; newer texts, mails and pending texts keep theirs', async () => {
    const link = await h.client.request('links.links.create', {
      tenantId,
      agentName: 'listener',
      settings: { title: 'Check-in' } as never,
      publicBaseUrl: 'https://chat.example.com',
    });
    const delivery = (id: string, channel: string, recipient: string, state: string, daysAgo: number | null, error: string | null = null) =>
      sql`
      INSERT INTO link_deliveries (id, tenant_id, link_id, channel, recipient, state, attempts, last_error, finished_at)
      VALUES (${id}, ${tenantId}, ${link.id}, ${channel}, ${recipient}, ${state}, 1, ${error},
        ${daysAgo === null ? null : sql`now() - make_interval(days => ${daysAgo}::int)`})`.execute(h.ctx.db);
    await delivery('ldl_old_sent', 'sms', '+14155550101', 'sent', 91);
    await delivery(
      'ldl_old_failed',
      'sms',
      '+14155550102',
      'failed',
      120,
      "the provider answered 400: 21211 The 'To' number +14155550102 is not a valid phone number.",
    );
    await delivery('ldl_recent', 'sms', '+14155550103', 'sent', 89);
    await delivery('ldl_pending', 'sms', '+14155550104', 'pending', null);
    await delivery('ldl_old_mail', 'email', 'ana@example.com', 'sent', 91);

    await sql`DELETE FROM cleanup_job_runs WHERE job = ${JOB}`.execute(h.ctx.db);
    const jobOf = (replica: CleanupReplica) => replica.jobs.find((job) => job.name === JOB)!;
    const ran = await Promise.all([a.scheduler.tick(jobOf(a)), b.scheduler.tick(jobOf(b))]);
    expect(ran.filter(Boolean)).toHaveLength(1);

    const rows = await h.ctx.db
      .selectFrom('link_deliveries')
      .select(['id', 'recipient', 'state', 'last_error'])
      .where('link_id', '=', link.id)
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'ldl_old_failed', recipient: '[erased]', state: 'failed', last_error: 'erased' },
      { id: 'ldl_old_mail', recipient: 'ana@example.com', state: 'sent', last_error: null },
      { id: 'ldl_old_sent', recipient: '[erased]', state: 'sent', last_error: null },
      { id: 'ldl_pending', recipient: '+14155550104', state: 'pending', last_error: null },
      { id: 'ldl_recent', recipient: '+14155550103', state: 'sent', last_error: null },
    ]);
    const outcome = await sql<{ outcome: string }>`SELECT outcome FROM cleanup_job_runs WHERE job = ${JOB}`.execute(h.ctx.db);
    expect(outcome.rows[0]?.outcome).toBe('erased the phone numbers of 2 texts');
  });
});
