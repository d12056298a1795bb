import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, migrateToLatest, openDatabase } from '../src/index.js';
import { migrations } from '../src/migrations/index.js';
import { createScratchDatabase, recordingLogger, type ScratchDatabase, silentLogger } from './scratch-database.js';

const tables = [
  'agent_test_runs',
  'agent_tests',
  'agent_versions',
  'agents',
  'analytics_applied',
  'analytics_countries',
  'analytics_hourly',
  'analytics_visitors',
  'audit_entries',
  'audit_legacy_prefix',
  'canned_replies',
  'chat_api_secrets',
  'cleanup_job_runs',
  'console_sessions',
  'conversation_notes',
  'conversation_ratings',
  'conversation_reads',
  'email_verifications',
  'escalation_assignments',
  'escalation_transfers',
  'escalations',
  'event_outbox',
  'knowledge_bases',
  'knowledge_chunks',
  'knowledge_documents',
  'knowledge_gaps',
  'knowledge_terms',
  'link_deliveries',
  'link_schedule_runs',
  'link_schedules',
  'link_session_counts',
  'link_templates',
  'members',
  'message_feedback',
  'public_links',
  'resumed_credentials',
  'security_events',
  'team_members',
  'teams',
  'tenant_api_keys',
  'tenant_secrets',
  'tenants',
  'text_conversation_messages',
  'text_conversation_transitions',
  'text_conversation_turns',
  'text_conversation_variables',
  'text_conversations',
  'token_usage_daily',
  'turn_traces',
  'unfinished_uploads',
  'uploads',
  'visitor_memories',
  'visitor_memory_messages',
  'webhook_deliveries',
  'webhook_delivery_attempts',
  'webhooks',
];

describe('migrateToLatest', () => {
  let scratch: ScratchDatabase;
  const opened: Database[] = [];
  const open = async () => {
    const database = await openDatabase({ url: scratch.url, logger: silentLogger, poolSize: 2 });
    opened.push(database);
    return database;
  };

  beforeEach(async () => {
    scratch = await createScratchDatabase();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((database) => database.close()));
    await scratch.drop();
  });

  it('creates the schema from scratch and does nothing the second time', async () => {
    const { db } = await open();
    const first = recordingLogger();
    await migrateToLatest(db, first.logger);
    expect(first.messages().filter((msg) => msg === 'migration applied')).toHaveLength(Object.keys(migrations).length);

    const { rows } = await sql<{ table_name: string }>`
      SELECT relname AS table_name FROM pg_class
      WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition
        AND relname NOT LIKE 'kysely%'
      ORDER BY relname
    `.execute(db);
    expect(rows.map((row) => row.table_name)).toEqual(tables);

    const second = recordingLogger();
    await migrateToLatest(db, second.logger);
    expect(second.messages()).not.toContain('migration applied');
  });

  it('migrates once when two replicas start at the same time', async () => {
    const [a, b] = [await open(), await open()];
    const log = recordingLogger();
    await Promise.all([migrateToLatest(a.db, log.logger), migrateToLatest(b.db, log.logger)]);
    expect(log.messages().filter((msg) => msg === 'migration applied')).toHaveLength(Object.keys(migrations).length);
    const { rows } = await sql<{ count: number }>`SELECT count(*) AS count FROM kysely_migration`.execute(a.db);
    expect(rows[0]?.count).toBe(Object.keys(migrations).length);
  });

  it('names the migration that failed and leaves nothing half applied', async () => {
    const { db } = await open();
    await sql`CREATE TABLE agents (id int)`.execute(db);
    await expect(migrateToLatest(db, silentLogger)).rejects.toThrow(/^migration 2026112101_init failed: relation "agents" already exists/);
    const { rows } = await sql<{ found: string | null }>`SELECT to_regclass('tenants')::text AS found`.execute(db);
    expect(rows[0]?.found).toBeNull();
  });
});
