import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, migrateToLatest, openDatabase } from '../src/index.js';
import { migrations } from '../src/migrations/index.js';
import { createScratchDatabase, type ScratchDatabase, silentLogger } from './scratch-database.js';

describe('migration 2026112201_public_links', () => {
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

  const seedConversation = async (id: string, extra: Record<string, unknown> = {}) => {
    const { db } = database;
    await db
      .insertInto('text_conversations')
      .values({
        id,
        session_id: `text_${id.slice(0, 16)}`,
        tenant_id: '00000000-0000-4000-8000-000000000001',
        agent_id: '00000000-0000-4000-8000-000000000002',
        agent_version: 1,
        is_active_version: true,
        status: 'active',
        current_node_id: 'start',
        current_node_name: null,
        ended_at: null,
        ...extra,
      } as never)
      .execute();
  };

  it('keeps existing conversations as Text Chat API ones and makes credentials unique', async () => {
    const { db } = database;
    // Up to the migration before: a conversation exists when the new columns arrive.
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026112201'));
    const migrator = new Migrator({ db, provider: { getMigrations: async () => before } });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await seedConversation('10000000-0000-4000-8000-000000000000');

    await migrateToLatest(db, silentLogger);
    const old = await db.selectFrom('text_conversations').selectAll().executeTakeFirstOrThrow();
    expect(old).toMatchObject({ channel: 'api', link_id: null, credential_hash: null, visitor_email: null, user_messages: 0 });

    await seedConversation('20000000-0000-4000-8000-000000000000', { channel: 'link', credential_hash: 'a'.repeat(64) });
    await expect(seedConversation('30000000-0000-4000-8000-000000000000', { channel: 'link', credential_hash: 'a'.repeat(64) })).rejects.toMatchObject({
      code: '23505',
    });
    await expect(seedConversation('40000000-0000-4000-8000-000000000000', { channel: 'phone' })).rejects.toMatchObject({ code: '23514' });
  });

  it('stores links with unique token hashes and empty lists by default, and migrates down cleanly', async () => {
    const { db } = database;
    await migrateToLatest(db, silentLogger);
    const tenant = await db.insertInto('tenants').values({ name: 't' }).returning('id').executeTakeFirstOrThrow();
    const agent = await db.insertInto('agents').values({ tenant_id: tenant.id, name: 'a' }).returning('id').executeTakeFirstOrThrow();
    const link = (id: string) => ({
      id,
      tenant_id: tenant.id,
      agent_id: agent.id,
      token_hash: 'b'.repeat(64),
      title: 'Support',
      description: null,
      welcome_message: null,
      expires_at: null,
      max_sessions: null,
      max_messages_per_session: null,
      session_timeout_minutes: 30,
      rate_limit_per_minute: 10,
      passcode_hash: null,
      deleted_at: null,
    });
    await db.insertInto('public_links').values(link('lnk_aaaaaaaaaaaaaaaa')).execute();
    expect(await db.selectFrom('public_links').selectAll().executeTakeFirstOrThrow()).toMatchObject({
      allowed_origins: [],
      ip_allow: [],
      active: true,
      require_email_verification: false,
    });
    await expect(db.insertInto('public_links').values(link('lnk_bbbbbbbbbbbbbbbb')).execute()).rejects.toMatchObject({ code: '23505' });

    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo('2026112103_hot_turn_updates');
    expect(down.error).toBeUndefined();
    expect(down.results?.map((result) => result.migrationName)).toContain('2026112201_public_links');
    const { rows: columns } = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'text_conversations' AND column_name = 'channel'`.execute(db);
    expect(columns).toEqual([]);
    const { rows } = await sql<{ found: string | null }>`SELECT to_regclass('public_links')::text AS found`.execute(db);
    expect(rows[0]?.found).toBeNull();
  });
});
