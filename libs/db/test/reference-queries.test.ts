import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrateToLatest, openDatabase } from '../src/index.js';
import { createScratchDatabase, type ScratchDatabase, silentLogger } from './scratch-database.js';

// The two examples of "Querying Conversations" in the Text Chat API reference (004), verbatim.
const conversationWithMessages = `SELECT
    c.session_id,
    c.status,
    c.total_turns,
    c.collected_data,
    m.role,
    m.content,
    m.created_at
FROM text_conversations c
JOIN text_conversation_messages m ON m.conversation_id = c.id
WHERE c.session_id = 'text_abc123'
ORDER BY m.sequence;`;

const messagesPerDay = `SELECT
    DATE(created_at) as date,
    COUNT(*) as messages
FROM text_conversation_messages
WHERE created_at >= NOW() - INTERVAL '7 days'
GROUP BY DATE(created_at)
ORDER BY date;`;

describe('the reference SQL runs unchanged against the schema', () => {
  let scratch: ScratchDatabase;
  let database: Database;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase({ url: scratch.url, logger: silentLogger });
    await migrateToLatest(database.db, silentLogger);

    const { db } = database;
    const tenant = await db.insertInto('tenants').values({ name: 'Acme' }).returning('id').executeTakeFirstOrThrow();
    const agent = await db.insertInto('agents').values({ tenant_id: tenant.id, name: 'Support' }).returning('id').executeTakeFirstOrThrow();
    await db
      .insertInto('agent_versions')
      .values({ agent_id: agent.id, version: 1, config: JSON.stringify({ nodes: [] }) })
      .execute();
    const conversationId = randomUUID();
    await db
      .insertInto('text_conversations')
      .values({
        id: conversationId,
        session_id: 'text_abc123',
        tenant_id: tenant.id,
        agent_id: agent.id,
        agent_version: 1,
        is_active_version: true,
        status: 'active',
        current_node_id: 'greeting',
        total_turns: 1,
        collected_data: JSON.stringify({ name: 'Ada' }),
        message_count: 3,
      })
      .execute();
    // Inserted out of order to show the query orders by sequence.
    await db
      .insertInto('text_conversation_messages')
      .values([
        { id: randomUUID(), conversation_id: conversationId, sequence: 2, role: 'assistant', content: 'Hello Ada!' },
        { id: randomUUID(), conversation_id: conversationId, sequence: 0, role: 'assistant', content: 'Your name?' },
        { id: randomUUID(), conversation_id: conversationId, sequence: 1, role: 'user', content: 'Ada', turn_number: 1 },
      ])
      .execute();
  });
  afterAll(async () => {
    await database.close();
    await scratch.drop();
  });

  it('gets a conversation with its messages', async () => {
    const { rows } = await database.pool.query(conversationWithMessages);
    expect(rows).toHaveLength(3);
    expect(rows.map((row) => [row.role, row.content])).toEqual([
      ['assistant', 'Your name?'],
      ['user', 'Ada'],
      ['assistant', 'Hello Ada!'],
    ]);
    expect(rows[0]).toMatchObject({ session_id: 'text_abc123', status: 'active', total_turns: 1 });
    expect(rows[0].collected_data).toEqual({ name: 'Ada' });
    expect(rows[0].created_at).toBeInstanceOf(Date);
  });

  it('counts messages per day', async () => {
    const { rows } = await database.pool.query(messagesPerDay);
    expect(rows).toHaveLength(1);
    expect(rows[0].messages).toBe(3);
  });
});
