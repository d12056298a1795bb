import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, migrateDown, migrateToLatest, openDatabase } from '../src/index.js';
import { migrations } from '../src/migrations/index.js';
import { createScratchDatabase, type ScratchDatabase, silentLogger } from './scratch-database.js';

describe('migration 2026112702_outcomes', () => {
  let scratch: ScratchDatabase;
  let database: Database;

  beforeEach(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase({ url: scratch.url, logger: silentLogger, poolSize: 2 });
  });
  afterEach(async () => {
    await database.close();
    await scratch.drop();
  });

  const tenant = '00000000-0000-4000-8000-0000000000a1';
  const agent = '00000000-0000-4000-8000-0000000000a2';
  const hour = '2026-11-25T09:00:00Z';

  it('keeps the rows it finds as version 0, keys new ones by version, and going down adds the versions of an hour back into one row', async () => {
    const { db } = database;
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026112702'));
    expect((await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest()).error).toBeUndefined();
    await sql`
      INSERT INTO analytics_hourly (tenant_id, agent_id, link_id, hour, sessions_started, tokens_prompt, sentiment_sum, response_hist)
      VALUES (${tenant}, ${agent}, 'lnk_a', ${hour}, 3, 100, 0.5, '{1,2}')`.execute(db);

    await migrateToLatest(db, silentLogger);
    const found = await db.selectFrom('analytics_hourly').select(['agent_version', 'sessions_started', 'sessions_resolved']).execute();
    expect(found).toEqual([{ agent_version: 0, sessions_started: 3, sessions_resolved: 0 }]);
    const conversationColumns = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'text_conversations' AND column_name IN ('resolved_at', 'resolution') ORDER BY 1`.execute(
      db,
    );
    expect(conversationColumns.rows.map((r) => r.column_name)).toEqual(['resolution', 'resolved_at']);

    // Two versions of the same (agent, link, hour) are two rows now.
    await sql`
      INSERT INTO analytics_hourly (tenant_id, agent_id, link_id, agent_version, hour, sessions_started, sessions_resolved, tokens_prompt, sentiment_sum, response_hist)
      VALUES (${tenant}, ${agent}, 'lnk_a', 2, ${hour}, 4, 2, 50, 0.25, '{0,1,5}')`.execute(db);
    const duplicate = sql`
      INSERT INTO analytics_hourly (tenant_id, agent_id, link_id, agent_version, hour) VALUES (${tenant}, ${agent}, 'lnk_a', 2, ${hour})`.execute(db);
    await expect(duplicate).rejects.toThrow(/duplicate key/);
    expect(await db.selectFrom('analytics_hourly').select('agent_version').orderBy('agent_version').execute()).toEqual([
      { agent_version: 0 },
      { agent_version: 2 },
    ]);

    // Down (past any later migration): one row again, nothing counted lost.
    let reverted: string | undefined;
    do reverted = await migrateDown(db, { logger: silentLogger });
    while (reverted !== undefined && reverted !== '2026112702_outcomes');
    expect(reverted).toBe('2026112702_outcomes');
    const merged = await sql<{ sessions_started: number; tokens_prompt: string | number; sentiment_sum: number; response_hist: number[] }>`
      SELECT sessions_started, tokens_prompt, sentiment_sum, response_hist FROM analytics_hourly`.execute(db);
    expect(merged.rows).toEqual([{ sessions_started: 7, tokens_prompt: 150, sentiment_sum: 0.75, response_hist: [1, 3, 5] }]);
  });
});
