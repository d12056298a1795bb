import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, migrateToLatest, openDatabase } from '../src/index.js';
import { migrations } from '../src/migrations/index.js';
import { createScratchDatabase, type ScratchDatabase, silentLogger } from './scratch-database.js';

describe('migration 2026112402_identity_realms', () => {
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

  it('puts each link’s verified sessions and their memories in the link’s own realm, and drops a memory that mixed two', async () => {
    const { db } = database;
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026112402'));
    expect((await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest()).error).toBeUndefined();

    const tenant = (await sql<{ id: string }>`INSERT INTO tenants (name) VALUES ('t') RETURNING id`.execute(db)).rows[0]!.id;
    const agent = (await sql<{ id: string }>`INSERT INTO agents (tenant_id, name) VALUES (${tenant}, 'a') RETURNING id`.execute(db)).rows[0]!.id;
    const link = async (id: string, secret: string | null) => {
      await sql`
        INSERT INTO public_links (id, tenant_id, agent_id, token_hash, title, session_timeout_minutes, rate_limit_per_minute, identity_secret)
        VALUES (${id}, ${tenant}, ${agent}, ${id.padEnd(64, '0')}, 'Support', 30, 10, ${secret})`.execute(db);
    };
    await link('lnk_first', 'a'.repeat(64));
    await link('lnk_second', 'b'.repeat(64));
    await link('lnk_plain', null);
    const conversation = async (n: number, channel: 'api' | 'link', linkId: string | null, userId: string | null) => {
      const id = `${n}0000000-0000-4000-8000-000000000000`;
      await sql`
        INSERT INTO text_conversations (id, session_id, tenant_id, agent_id, agent_version, is_active_version, status, current_node_id, channel, link_id, user_id)
        VALUES (${id}, ${`ses_${n}`}, ${tenant}, ${agent}, 1, true, 'active', 'start', ${channel}, ${linkId}, ${userId})`.execute(db);
      return id;
    };
    const onFirst = await conversation(1, 'link', 'lnk_first', 'dana');
    const onSecond = await conversation(2, 'link', 'lnk_second', 'dana');
    const viaApi = await conversation(3, 'api', null, 'dana');
    const anonymous = await conversation(4, 'link', 'lnk_plain', null);
    const solo = await conversation(5, 'link', 'lnk_first', 'solo');
    const memory = async (visitor: string, conversations: string[]) => {
      await sql`INSERT INTO visitor_memories (agent_id, visitor, tenant_id, summary) VALUES (${agent}, ${visitor}, ${tenant}, 'known')`.execute(db);
      for (const conversationId of conversations) {
        await sql`
          INSERT INTO visitor_memory_messages (agent_id, visitor, message_id, conversation_id, role, sent_at)
          VALUES (${agent}, ${visitor}, ${randomUUID()}, ${conversationId}, 'user', now())`.execute(db);
      }
    };
    await memory('user:dana', [onFirst, onSecond]);
    await memory('user:solo', [solo]);
    await memory('email:ada@example.com', [anonymous]);

    await migrateToLatest(db, silentLogger);
    const links = Object.fromEntries(
      (await db.selectFrom('public_links').select(['id', 'identity_realm', 'identity_token_required']).execute()).map((l) => [l.id, l]),
    );
    expect(links.lnk_first?.identity_realm).toMatch(/^[0-9a-f-]{36}$/);
    expect(links.lnk_second?.identity_realm).toMatch(/^[0-9a-f-]{36}$/);
    expect(links.lnk_second?.identity_realm).not.toBe(links.lnk_first?.identity_realm);
    expect(links.lnk_plain).toMatchObject({ identity_realm: null, identity_token_required: false });

    const realmOf = async (id: string) =>
      (await db.selectFrom('text_conversations').select('user_realm').where('id', '=', id).executeTakeFirstOrThrow()).user_realm;
    expect(await realmOf(onFirst)).toBe(links.lnk_first?.identity_realm);
    expect(await realmOf(onSecond)).toBe(links.lnk_second?.identity_realm);
    // Text Chat API users stay in their own namespace; anonymous visitors have no realm.
    expect(await realmOf(viaApi)).toBeNull();
    expect(await realmOf(anonymous)).toBeNull();

    const memories = await db.selectFrom('visitor_memories').select(['visitor', 'user_id']).orderBy('visitor').execute();
    expect(memories).toEqual([
      { visitor: 'email:ada@example.com', user_id: null },
      { visitor: `user:${links.lnk_first?.identity_realm}:solo`, user_id: 'solo' },
    ]);
    const counted = await db.selectFrom('visitor_memory_messages').select('visitor').orderBy('visitor').execute();
    expect(counted.map((m) => m.visitor)).toEqual(['email:ada@example.com', `user:${links.lnk_first?.identity_realm}:solo`]);
  });
});
