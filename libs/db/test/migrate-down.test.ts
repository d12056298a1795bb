import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type DB, migrateDown, migrateUp, migrationStatus, openDatabase } from '../src/index.js';
import { migrations } from '../src/migrations/index.js';
import { createScratchDatabase, type ScratchDatabase, silentLogger } from './scratch-database.js';

/**
 * The public schema as sorted lines: relations (with storage options and partition bounds),
 * columns, constraints, indexes, triggers, functions and aggregates. kysely's own tables are left
 * out: they record the migrations, they are not what a migration makes.
 */
async function schemaOf(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ line: string }>`
    WITH rel AS (
      SELECT c.oid, c.relname, c.relkind, c.reloptions, c.relpartbound FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relname NOT LIKE 'kysely%'
    )
    SELECT format('relation %s %s %s %s', relname, relkind, reloptions, pg_get_expr(relpartbound, oid)) AS line FROM rel
    UNION ALL
    SELECT format('column %s.%s %s %s %s', rel.relname, a.attname, format_type(a.atttypid, a.atttypmod),
      CASE WHEN a.attnotnull THEN 'not null' ELSE 'null' END, pg_get_expr(d.adbin, d.adrelid))
    FROM rel JOIN pg_attribute a ON a.attrelid = rel.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE rel.relkind IN ('r', 'p')
    UNION ALL
    SELECT format('constraint %s %s %s', rel.relname, con.conname, pg_get_constraintdef(con.oid))
    FROM rel JOIN pg_constraint con ON con.conrelid = rel.oid
    UNION ALL
    SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely%'
    UNION ALL
    SELECT format('trigger %s', pg_get_triggerdef(t.oid)) FROM rel JOIN pg_trigger t ON t.tgrelid = rel.oid AND NOT t.tgisinternal
    UNION ALL
    SELECT format('function %s(%s) %s', p.proname, pg_get_function_arguments(p.oid), p.prokind)
    FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
    ORDER BY line
  `.execute(db);
  return rows.map((row) => row.line);
}

describe('every migration has a down() that undoes its up()', () => {
  let scratch: ScratchDatabase;
  let database: Database;
  const names = Object.keys(migrations);
  /** The schema after the first n migrations, as applying them one at a time left it. */
  const afterUp: string[][] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase({ url: scratch.url, logger: silentLogger, poolSize: 2 });
    afterUp.push(await schemaOf(database.db));
    const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
    for (const name of names) {
      const { error, results } = await migrator.migrateUp();
      if (error !== undefined) throw error;
      expect(results?.map((result) => result.migrationName)).toEqual([name]);
      afterUp.push(await schemaOf(database.db));
    }
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('reverting them one by one, last first, passes back through every schema the ups made, down to an empty one', async () => {
    expect(afterUp[0]).toEqual([]);
    for (let applied = names.length; applied > 0; applied--) {
      const reverted = await migrateDown(database.db, { logger: silentLogger });
      expect(reverted).toBe(names[applied - 1]);
      expect(await schemaOf(database.db), `the schema after reverting ${reverted}`).toEqual(afterUp[applied - 1]);
    }
    expect(await migrateDown(database.db, { logger: silentLogger })).toBeUndefined();
  });

  it('applying them all again after that makes the same schema as the first time', async () => {
    expect(await migrateUp(database.db, { logger: silentLogger })).toEqual(names);
    expect(await schemaOf(database.db)).toEqual(afterUp.at(-1));
    expect(await migrateUp(database.db, { logger: silentLogger })).toEqual([]);
  });
});

describe('a down() that would lose what people wrote refuses', () => {
  let scratch: ScratchDatabase;
  let database: Database;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase({ url: scratch.url, logger: silentLogger, poolSize: 2 });
    await migrateUp(database.db, { logger: silentLogger });
  });
  afterAll(async () => {
    await database?.close();
    await scratch?.drop();
  });

  it('reverting escalations while an operator’s message is stored fails naming why, and leaves it applied', async () => {
    const conversation = '00000000-0000-4000-8000-000000000001';
    await sql`
      INSERT INTO text_conversations (id, session_id, tenant_id, agent_id, agent_version, is_active_version, status, current_node_id)
      VALUES (${conversation}, 'text_operator', gen_random_uuid(), gen_random_uuid(), 1, true, 'active', 'start')`.execute(database.db);
    await sql`
      INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, author_name)
      VALUES (gen_random_uuid(), ${conversation}, 1, 'operator', 'A person answers', 'Maria')`.execute(database.db);
    const names = Object.keys(migrations);
    const escalations = names.indexOf('2026112205_escalations');
    for (const name of names.slice(escalations + 1).reverse()) expect(await migrateDown(database.db, { logger: silentLogger })).toBe(name);

    await expect(migrateDown(database.db, { logger: silentLogger })).rejects.toThrow(
      'migration 2026112205_escalations failed: operators have answered conversations: their messages have no role without this migration',
    );
    const { migrations: states } = await migrationStatus(database.db);
    expect(states.find((state) => state.name === '2026112205_escalations')?.appliedAt).toBeInstanceOf(Date);
    const { rows } = await sql<{ role: string; author_name: string }>`SELECT role, author_name FROM text_conversation_messages`.execute(database.db);
    expect(rows).toEqual([{ role: 'operator', author_name: 'Maria' }]);
  });
});
