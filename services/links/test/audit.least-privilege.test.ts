import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { openDatabase } from '@parley/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busAuditCheckpoints } from '../src/audit/bus-checkpoint-store.js';
import { type AuditChainHarness, startAuditChain } from './audit-chain-harness.js';

/** The grants deploy/README.md documents ("Running with least privilege"), as an operator runs them. */
async function documentedGrants(role: string, database: string): Promise<string[]> {
  const readme = await readFile(new URL('../../../deploy/README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Running with least privilege'));
  const block = /```sql\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('deploy/README.md: no SQL under "Running with least privilege"');
  return block
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0)
    .map((statement) => statement.replaceAll('parley_app', role).replace('ON DATABASE parley ', `ON DATABASE "${database}" `));
}

/**
 * The links service on a connection as the documented least-privilege role (migrations run by the
 * owner beforehand): it appends and verifies the audit log, and PostgreSQL refuses that role every
 * way of changing history – even the one the triggers leave to the owner.
 */
describe('the links service as a least-privilege database role', () => {
  const role = `parley_app_${randomBytes(4).toString('hex')}`;
  let h: AuditChainHarness | undefined;
  let asRole: Awaited<ReturnType<typeof openDatabase>> | undefined;

  beforeAll(async () => {
    h = await startAuditChain({
      name: 'links-least-privilege',
      checkpoints: (_ctx, bus) => busAuditCheckpoints(bus),
      service: async (ctx) => {
        const database = new URL(ctx.databaseUrl).pathname.slice(1);
        for (const statement of await documentedGrants(role, database)) await sql.raw(statement).execute(ctx.db);
        const url = new URL(ctx.databaseUrl);
        url.username = role;
        url.password = 'change-me';
        asRole = await openDatabase({ url: url.toString(), logger: ctx.logger, poolSize: 3, applicationName: 'links-least-privilege' });
        return { db: asRole.db, close: () => asRole!.close() };
      },
    });
  });
  afterAll(async () => {
    const ctx = h?.ctx;
    await h?.stop();
    // Roles belong to the server, not to the test's database: dropped once that database is gone.
    if (ctx) {
      const admin = await openDatabase({ url: new URL('/postgres', ctx.databaseUrl).toString(), logger: ctx.logger, poolSize: 1 });
      await sql
        .raw(`DROP ROLE IF EXISTS ${role}`)
        .execute(admin.db)
        .finally(() => admin.close());
    }
  });

  it('appends and verifies the audit log', async () => {
    await h!.record(3);
    await h!.checkpointReaches(3);
    expect(await h!.verify()).toEqual({ ok: true, entries: 3 });
    const who = await sql<{ user: string }>`SELECT current_user AS user`.execute(asRole!.db);
    expect(who.rows[0]?.user).toBe(role);
  });

  it('is refused deleting, changing or truncating entries, the legacy prefix, and turning the triggers off', async () => {
    const db = asRole!.db;
    const refused = async (statement: ReturnType<typeof sql>, message: RegExp) => {
      const error = await statement.execute(db).then(
        () => undefined,
        (caught: unknown) => caught as { code?: string; message: string },
      );
      expect(error, 'PostgreSQL accepted it').toBeDefined();
      // 42501: insufficient_privilege – refused by the grants, before any trigger runs.
      expect(error!.code).toBe('42501');
      expect(error!.message).toMatch(message);
    };
    await refused(sql`DELETE FROM audit_entries WHERE seq = 3`, /permission denied/);
    await refused(sql`UPDATE audit_entries SET details = '{}' WHERE seq = 1`, /permission denied/);
    await refused(sql`TRUNCATE audit_entries`, /permission denied/);
    await refused(sql`ALTER TABLE audit_entries DISABLE TRIGGER USER`, /must be owner/);
    await refused(sql`DROP TABLE audit_entries`, /must be owner/);
    await refused(sql`UPDATE audit_legacy_prefix SET last_seq = 1000`, /permission denied/);
    await refused(sql`INSERT INTO audit_legacy_prefix (last_seq) VALUES (1000)`, /permission denied/);
    await refused(sql`DELETE FROM kysely_migration`, /permission denied/);
    // Nothing changed: the log still holds, all three entries.
    expect(await h!.verify()).toEqual({ ok: true, entries: 3 });
  });
});
