import { createHash, randomUUID } from 'node:crypto';
import { sha256Hex } from '@parley/auth';
import { eventConsumersCaughtUp, waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeWordAgent, startTestPlatform, TEST_ADMIN_KEY, type TestPlatform } from './platform-harness.js';

/** Echoes and extracts a `code <word>` the visitor says: messages, transitions and variables for every turn. */
/** Every text and JSON column of every table (partitions included): where personal data could be. */
async function textColumns(h: TestPlatform) {
  const { rows } = await sql<{ table_name: string; column_name: string }>`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
    WHERE c.table_schema = 'public' AND (c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json') OR c.data_type = 'ARRAY')
    ORDER BY 1, 2`.execute(h.ctx.db);
  return rows;
}

/** Where any of the needles is found, as `table.column`. */
async function findAnywhere(h: TestPlatform, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const { table_name, column_name } of await textColumns(h)) {
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM ${sql.table(table_name)}
      WHERE ${sql.ref(column_name)}::text ILIKE ANY(${needles.map((n) => `%${n}%`)}::text[])`.execute(h.ctx.db);
    if (Number(rows[0]!.n) > 0) found.push(`${table_name}.${column_name}`);
  }
  return found;
}

describe('privacy: export and erasure of a visitor, a visitor erasing their own conversation', () => {
  let h: TestPlatform;
  let tenantId: string;
  let agent: string;
  const admin = (method: string, path: string, body?: unknown) => h.admin(method, path, body, tenantId);
  const visitor = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${h.platform.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, text, body: text ? JSON.parse(text) : undefined };
  };

  beforeAll(async () => {
    h = await startTestPlatform();
    ({ tenantId, name: agent } = await h.seedAgent(codeWordAgent, 'privacy-agent'));
  });
  afterAll(async () => h?.stop());

  const newLink = async (title: string) => {
    const link = await admin('POST', `/api/agents/${agent}/public-links`, { title });
    expect(link.status).toBe(201);
    return link.body as { id: string; token: string };
  };

  /** A session bound to the email, as confirming a mailed code makes one: the code asked and confirmed on the links service. */
  const verifiedSession = async (link: { id: string; token: string }, email: string) => {
    const { code } = await h.platform.bus.request('links.verification.start', { linkId: link.id, email: email.toLowerCase() });
    expect((await h.platform.bus.request('links.verification.confirm', { linkId: link.id, email: email.toLowerCase(), code })).verified).toBe(true);
    const access = await h.platform.bus.request('links.links.resolve', { tokenHash: sha256Hex(link.token) });
    const started = await h.platform.bus.request('sessions.public-start', { link: access, email: email.toLowerCase() });
    return { session: started.session, conversationId: started.conversation_id };
  };
  const say = async (link: { token: string }, session: string, content: string) => {
    const reply = await visitor('POST', `/api/public/chat/${link.token}`, { content, session });
    expect(reply.status, reply.text).toBe(200);
  };
  /** One fixed window, so two reports differ only if the counts do. */
  const window = `from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 86_400_000).toISOString()}`;
  const analyticsOf = async (linkId: string) => (await admin('GET', `/api/links/${linkId}/analytics?${window}`)).body;

  it('exports everything of an email on two links and a memory; erasure leaves none of it in any route or table, counts unchanged', async () => {
    const email = `Privacy.Person+${randomUUID().slice(0, 8)}@Example.com`;
    const lower = email.toLowerCase();
    const marks = [`alpha${randomUUID().slice(0, 8)}`, `bravo${randomUUID().slice(0, 8)}`, `charlie${randomUUID().slice(0, 8)}`];
    const reasonMark = `reason${randomUUID().slice(0, 8)}`;
    const [first, second] = [await newLink('First'), await newLink('Second')];
    const a = await verifiedSession(first, email);
    const b = await verifiedSession(second, email);
    await say(first, a.session, `code ${marks[0]} please`);
    await say(first, a.session, `and ${marks[1]} too`);
    await say(second, b.session, `code ${marks[2]} here`);
    const escalated = await visitor('POST', `/api/public/chat/${second.token}/escalate`, {
      session: b.session,
      reason: `call ${lower} ${reasonMark}`,
      metadata: { note: reasonMark },
    });
    expect(escalated.status, escalated.text).toBe(201);
    // Nobody has the inbox open: within a notice pass the visitor is told so in the conversation (a system message).
    await waitFor(
      async () =>
        (await h.ctx.db
          .selectFrom('text_conversation_messages')
          .select('id')
          .where('conversation_id', '=', b.conversationId)
          .where('role', '=', 'system')
          .executeTakeFirst()) !== undefined,
      { timeoutMs: 15_000 },
    );
    // The memory counts every message of both conversations (3 + 2 each side's opening and replies).
    const memory = await waitFor(
      async () => {
        const row = await h.ctx.db.selectFrom('visitor_memories').selectAll().where('visitor', '=', `email:${lower}`).executeTakeFirst();
        return row && row.messages_counted >= 8 ? row : false;
      },
      { timeoutMs: 15_000 },
    );
    expect(memory.tenant_id).toBe(tenantId);
    // Someone else of the tenant, and another tenant's visitor of the same email: both kept.
    const other = await verifiedSession(first, `someone.else.${randomUUID().slice(0, 6)}@example.com`);
    await say(first, other.session, 'unrelated words');
    const stranger = await h.seedAgent(codeWordAgent, 'stranger-agent');
    const strangerLink = await h.admin('POST', '/api/agents/stranger-agent/public-links', { title: 'Theirs' }, stranger.tenantId);
    const strangers = await verifiedSession(strangerLink.body, email);
    await say(strangerLink.body, strangers.session, 'the same email at another tenant');

    // Export: streamed JSON with all of it.
    const response = await fetch(`${h.platform.url}/api/visitors/${encodeURIComponent(email)}/export`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'x-tenant-id': tenantId },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    const exported: any = await response.json();
    expect(exported).toMatchObject({ email: lower, tenant_id: tenantId });
    expect(exported.conversations.map((c: { id: string }) => c.id).sort()).toEqual([a.conversationId, b.conversationId].sort());
    const byId = Object.fromEntries(exported.conversations.map((c: { id: string }) => [c.id, c]));
    expect(byId[a.conversationId]).toMatchObject({ link_id: first.id, visitor_email: lower, channel: 'link' });
    expect(byId[a.conversationId].messages.map((m: { content: string }) => m.content)).toEqual([
      'Say something.',
      `code ${marks[0]} please`,
      'Noted.',
      `and ${marks[1]} too`,
      'Noted.',
    ]);
    expect(byId[a.conversationId].transitions.length).toBeGreaterThanOrEqual(2);
    expect(byId[a.conversationId].variables).toEqual([expect.objectContaining({ name: 'code_word', value: marks[0] })]);
    expect(byId[b.conversationId].escalations).toEqual([
      expect.objectContaining({ reason: `call ${lower} ${reasonMark}`, metadata: { note: reasonMark }, state: 'waiting' }),
    ]);
    expect(exported.memories).toEqual([expect.objectContaining({ visitor: `email:${lower}`, messages_counted: memory.messages_counted })]);
    expect(exported.verifications.map((v: { link_id: string }) => v.link_id).sort()).toEqual([first.id, second.id].sort());
    expect(JSON.stringify(exported)).not.toContain('unrelated words');
    expect(JSON.stringify(exported)).not.toContain('another tenant');

    // Analytics have counted everything before the erasure; they must not move after it.
    await waitFor(async () => (await analyticsOf(first.id)).messages?.user === 3 && (await analyticsOf(second.id)).messages?.user === 1, { timeoutMs: 15_000 });
    const before = [await analyticsOf(first.id), await analyticsOf(second.id)];

    // The search finds what is there: before the erasure, the email and the words are in these columns.
    expect(await findAnywhere(h, [email, lower, ...marks, reasonMark])).toEqual(
      expect.arrayContaining([
        'email_verifications.email',
        'escalations.metadata',
        'escalations.reason',
        'text_conversation_messages.content',
        'text_conversation_variables.value',
        'text_conversations.collected_data',
        'text_conversations.visitor_email',
        'visitor_memories.summary',
        'visitor_memories.visitor',
        'visitor_memory_messages.visitor',
      ]),
    );

    const erased = await admin('DELETE', `/api/visitors/${encodeURIComponent(email)}`);
    expect(erased.status, JSON.stringify(erased.body)).toBe(200);
    // Five messages of the first conversation; four of the second (the notice among them).
    expect(erased.body).toEqual({ erased: { conversations: 2, messages: 9, memories: 1 } });

    // No route shows any of it.
    const after = await admin('GET', `/api/visitors/${encodeURIComponent(lower)}/export`);
    expect(after.body).toMatchObject({ memories: [], verifications: [], conversations: [] });
    expect((await visitor('GET', `/api/public/history/${first.token}?session=${a.session}`)).status).toBe(401);
    expect((await visitor('POST', `/api/public/chat/${second.token}`, { content: 'back?', session: b.session })).status).toBe(401);
    for (const id of [a.conversationId, b.conversationId]) {
      const conversation = await admin('GET', `/api/conversations/${id}`);
      expect(conversation.status).toBe(200);
      const text = JSON.stringify(conversation.body);
      for (const needle of [lower, ...marks, reasonMark]) expect(text).not.toContain(needle);
    }
    const sessions = await admin('GET', `/api/agents/${agent}/public-links/${first.id}/sessions`);
    expect(JSON.stringify(sessions.body)).not.toContain(lower);
    const inbox = await admin('GET', '/api/inbox?state=all');
    expect(JSON.stringify(inbox.body)).not.toContain(reasonMark);

    // Nor any table: every text and JSON column of the schema, searched for the email and the words.
    expect(await findAnywhere(h, [email, lower, ...marks, reasonMark])).toEqual(
      // The other tenant's conversation of the same email is theirs: only it is found, nowhere else.
      ['email_verifications.email', 'text_conversations.visitor_email', 'visitor_memories.visitor', 'visitor_memory_messages.visitor'],
    );
    const leftover = await h.ctx.db.selectFrom('text_conversations').select('tenant_id').where('visitor_email', '=', lower).execute();
    expect(leftover.map((r) => r.tenant_id)).toEqual([stranger.tenantId]);
    // The anonymous rows keep their counts.
    const rows = await h.ctx.db
      .selectFrom('text_conversations')
      .select(['id', 'total_turns', 'user_messages', 'erased_at', 'credential_hash'])
      .where('id', 'in', [a.conversationId, b.conversationId])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.id, r.total_turns, r.user_messages, r.credential_hash])).toEqual(
      [
        [a.conversationId, 2, 2, null],
        [b.conversationId, 1, 1, null],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(rows.every((r) => r.erased_at instanceof Date)).toBe(true);
    // The other visitor of the tenant is untouched.
    expect((await visitor('GET', `/api/public/history/${first.token}?session=${other.session}`)).body.messages).toHaveLength(3);

    // Analytics: the same counts, once every event published up to now (the erasure's among them) is handled.
    await eventConsumersCaughtUp(h.ctx, undefined, { timeoutMs: 15_000 });
    expect([await analyticsOf(first.id), await analyticsOf(second.id)]).toEqual(before);

    // The audit log has both, under one id for the visitor that the platform alone can make from
    // the email: asked for by the address itself (in any case), never holding it.
    const entries = await waitFor(
      async () => {
        const listed = (await admin('GET', `/api/audit?target=${encodeURIComponent(email)}`)).body.entries ?? [];
        const actions = listed.map((e: { action: string }) => e.action);
        return actions.includes('visitor.erase') && actions.includes('visitor.export') ? listed : false;
      },
      { timeoutMs: 10_000 },
    );
    // Exported as `Privacy.Person+…@Example.com`, erased, exported again lower-cased: one visitor.
    expect(entries.map((e: { action: string }) => e.action).reverse()).toEqual(['visitor.export', 'visitor.erase', 'visitor.export']);
    const visitorId = entries[0].target.id as string;
    expect(new Set(entries.map((e: { target: unknown }) => JSON.stringify(e.target)))).toEqual(new Set([JSON.stringify({ kind: 'visitor', id: visitorId })]));
    expect(visitorId).toMatch(/^[0-9a-f]{64}$/);
    expect((await admin('GET', `/api/audit?target=${encodeURIComponent(lower)}`)).body.entries).toEqual(entries);
    expect((await admin('GET', `/api/audit?target=${visitorId}`)).body.entries).toEqual(entries);
    expect(entries.find((e: { action: string }) => e.action === 'visitor.erase').details).toEqual({ erased: { conversations: 2, messages: 9, memories: 1 } });
    expect(JSON.stringify(entries)).not.toContain(lower);
    // A list of candidate addresses, hashed without the platform's key, does not find the visitor.
    const candidates = [email, lower, email.trim(), `${lower}\n`];
    const plain = candidates.flatMap((candidate) =>
      ['sha256', 'sha512', 'sha1', 'md5'].map((algorithm) => createHash(algorithm).update(candidate).digest('hex')),
    );
    expect(plain).not.toContain(visitorId);
    for (const digest of plain) expect((await admin('GET', `/api/audit?target=${digest}`)).body.entries, digest).toEqual([]);
    // Another address is another visitor.
    expect((await admin('GET', `/api/audit?target=${encodeURIComponent(`other.${lower}`)}`)).body.entries).toEqual([]);

    // Erasing again finds nothing.
    expect((await admin('DELETE', `/api/visitors/${encodeURIComponent(email)}`)).body).toEqual({ erased: { conversations: 0, messages: 0, memories: 0 } });
  }, 90_000);

  it('lets a visitor erase their own conversation: its credential is refused after', async () => {
    const link = await newLink('Self-service');
    const email = `self.${randomUUID().slice(0, 8)}@example.com`;
    const mark = `delta${randomUUID().slice(0, 8)}`;
    const own = await verifiedSession(link, email);
    await say(link, own.session, `code ${mark}`);
    await waitFor(
      async () =>
        (await h.ctx.db.selectFrom('visitor_memories').select('messages_counted').where('visitor', '=', `email:${email}`).executeTakeFirst())
          ?.messages_counted === 3,
      {
        timeoutMs: 15_000,
      },
    );
    const anonymous = await visitor('POST', `/api/public/chat/${link.token}`, { content: 'just asking' });
    expect(anonymous.status).toBe(200);

    const erased = await visitor('DELETE', `/api/public/chat/${link.token}/session?session=${own.session}`);
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body).toEqual({ erased: { conversations: 1, messages: 3, memories: 1 } });
    expect((await visitor('GET', `/api/public/history/${link.token}?session=${own.session}`)).status).toBe(401);
    expect((await visitor('POST', `/api/public/chat/${link.token}`, { content: 'hello again', session: own.session })).status).toBe(401);
    expect((await visitor('DELETE', `/api/public/chat/${link.token}/session?session=${own.session}`)).status).toBe(401);
    expect(await findAnywhere(h, [mark, email])).toEqual(['email_verifications.email']);

    // Anonymous visitors too; another link's token does not reach the session.
    const otherLink = await newLink('Elsewhere');
    expect((await visitor('DELETE', `/api/public/chat/${otherLink.token}/session?session=${anonymous.body.session}`)).status).toBe(401);
    const mine = await visitor('DELETE', `/api/public/chat/${link.token}/session?session=${anonymous.body.session}`);
    expect(mine.body).toEqual({ erased: { conversations: 1, messages: 3, memories: 0 } });
    expect((await visitor('DELETE', `/api/public/chat/${link.token}/session?session=garbage`)).status).toBe(401);
    expect((await visitor('DELETE', `/api/public/chat/${link.token}/session`)).status).toBe(400);
  });

  it('refuses a bad email (400) and a missing key (401); an unknown email is an empty export and zero counts; tenants are apart', async () => {
    expect((await admin('GET', '/api/visitors/not-an-email/export')).status).toBe(400);
    expect((await admin('DELETE', '/api/visitors/not-an-email')).status).toBe(400);
    expect((await fetch(`${h.platform.url}/api/visitors/a%40example.com/export`)).status).toBe(401);
    expect((await fetch(`${h.platform.url}/api/visitors/a%40example.com`, { method: 'DELETE' })).status).toBe(401);
    const unknown = await admin('GET', `/api/visitors/${encodeURIComponent('nobody@example.com')}/export`);
    expect(unknown.status).toBe(200);
    expect(unknown.body).toMatchObject({ email: 'nobody@example.com', memories: [], verifications: [], conversations: [] });
    expect((await admin('DELETE', '/api/visitors/nobody%40example.com')).body).toEqual({ erased: { conversations: 0, messages: 0, memories: 0 } });

    // A tenant's key sees and erases only its own tenant's visitor.
    const link = await newLink('Isolation');
    const email = `isolated.${randomUUID().slice(0, 8)}@example.com`;
    const own = await verifiedSession(link, email);
    const other = await h.admin('POST', '/api/tenants', { name: 'Another' });
    const key = await h.admin('POST', `/api/tenants/${other.body.id}/keys`, {});
    const theirs = await fetch(`${h.platform.url}/api/visitors/${encodeURIComponent(email)}/export`, { headers: { authorization: `Bearer ${key.body.key}` } });
    expect(((await theirs.json()) as { conversations: unknown[] }).conversations).toEqual([]);
    const theirErase = await fetch(`${h.platform.url}/api/visitors/${encodeURIComponent(email)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${key.body.key}` },
    });
    expect(await theirErase.json()).toEqual({ erased: { conversations: 0, messages: 0, memories: 0 } });
    expect((await visitor('GET', `/api/public/history/${link.token}?session=${own.session}`)).status).toBe(200);
  });

  it('streams the export of a long history page by page', async () => {
    const link = await newLink('Long');
    const email = `long.${randomUUID().slice(0, 8)}@example.com`;
    const own = await verifiedSession(link, email);
    // 2,400 messages more, written as the turn path writes them (two pages of conversations' messages would be 500 each).
    await sql`
      INSERT INTO text_conversation_messages (id, conversation_id, sequence, role, content, created_at)
      SELECT gen_random_uuid(), ${own.conversationId}, 100 + n, CASE WHEN n % 2 = 0 THEN 'user' ELSE 'assistant' END, 'line ' || n || ' ' || repeat('x', 200), now()
      FROM generate_series(1, 2400) AS n`.execute(h.ctx.db);
    const response = await fetch(`${h.platform.url}/api/visitors/${encodeURIComponent(email)}/export`, {
      headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, 'x-tenant-id': tenantId },
    });
    expect(response.status).toBe(200);
    let chunks = 0;
    let text = '';
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      chunks += 1;
      text += decoder.decode(chunk, { stream: true });
    }
    expect(chunks).toBeGreaterThan(1);
    const exported = JSON.parse(text);
    const messages = exported.conversations[0].messages as { sequence: number; content: string }[];
    expect(messages).toHaveLength(2401);
    expect(messages.map((m) => m.sequence)).toEqual([...messages.map((m) => m.sequence)].sort((x, y) => x - y));
    expect(messages.at(-1)!.content).toMatch(/^line 2400 /);
  });
});
