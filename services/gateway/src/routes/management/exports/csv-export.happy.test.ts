import { randomUUID } from 'node:crypto';
import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { ADDRESSES, analyticsWhen, frontDeskAgent, visit } from '../analytics/analytics.test-kit.js';
import { csvHeaderOf, csvRecords, textChat } from './csv-export.test-kit.js';

describe('CSV exports: analytics series, the whole audit log, transcripts', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('analytics as CSV: one row per bucket with every figure, then a total row, for a link and an agent', async () => {
    const { tenantId, name } = await h.seedAgent(frontDeskAgent, 'csv-analytics');
    const link = (await h.admin('POST', `/api/agents/${name}/public-links`, { title: 'Front' }, tenantId)).body as { id: string; token: string };
    const first = await visit(h, `/api/public/chat/${link.token}`, { content: 'hello' }, ADDRESSES.us1);
    expect(first.status, first.text).toBe(200);
    expect((await visit(h, `/api/public/chat/${link.token}`, { content: 'bye' }, ADDRESSES.gb)).status).toBe(200);
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const from = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const query = `from=${from}&to=${to}&bucket=day`;
    const report = await analyticsWhen(
      h,
      `/api/links/${link.id}/analytics?${query}`,
      tenantId,
      // Settled: the conversation "bye" ended is counted as completed and its sentiment is in
      // (the memory service classifies it once it ends), so the CSV read next reads the same figures.
      (body) =>
        body.sessions.started === 2 &&
        body.messages.assistant >= 4 &&
        body.sessions.completed === 1 &&
        body.sentiment.positive + body.sentiment.neutral + body.sentiment.negative === 1,
    );

    const answer = await h.admin('GET', `/api/links/${link.id}/analytics?${query}&format=csv`, undefined, tenantId);
    expect(csvHeaderOf(answer)).toEqual(['at', 'sessions', 'messages', 'tokens', 'ended', 'resolved', 'resolution_rate', 'sentiment', 'cost_usd']);
    const rows = csvRecords(answer, /analytics-link-[\w-]+-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv/);
    expect(rows.map((row) => row.at)).toEqual([...report.series.map((point) => point.at), 'total']);
    report.series.forEach((point, i) => {
      expect(rows[i]).toEqual({
        at: point.at,
        sessions: String(point.sessions),
        messages: String(point.messages),
        tokens: String(point.tokens),
        ended: String(point.ended),
        resolved: String(point.resolved),
        resolution_rate: point.ended === 0 ? '' : String(Math.round((point.resolved / point.ended) * 10_000) / 10_000),
        sentiment: point.sentiment === null ? '' : String(point.sentiment),
        // No LLM here: nothing to pay (what a priced turn adds: analytics-cost.happy.test.ts).
        cost_usd: String(point.cost?.usd),
      });
    });
    const sum = (figure: 'sessions' | 'messages' | 'tokens' | 'ended') => String(report.series.reduce((total, point) => total + point[figure], 0));
    expect(rows.at(-1)).toEqual({
      at: 'total',
      sessions: sum('sessions'),
      messages: sum('messages'),
      tokens: sum('tokens'),
      ended: sum('ended'),
      resolved: String(report.sessions.resolved),
      resolution_rate: String(report.resolution_rate),
      sentiment: report.sentiment.average === null ? '' : String(report.sentiment.average),
      cost_usd: String(report.cost?.usd),
    });
    expect(rows.at(-1)!.sessions).toBe('2');

    // The agent's route answers the same way; `Accept: text/csv` asks for it as `?format=csv` does.
    const byAccept = await h.inject({
      method: 'GET',
      url: `/api/agents/${name}/analytics?${query}`,
      headers: { authorization: 'Bearer gateway-admin-key-0123456789abcdef', 'x-tenant-id': tenantId, accept: 'text/csv' },
    });
    const agentRows = csvRecords(byAccept, /analytics-agent-csv-analytics-[\d-]+\.csv/);
    expect(agentRows.at(-1)).toMatchObject({ at: 'total', sessions: '2' });
    // JSON stays the default, and `?format=json` wins over `Accept`.
    expect((await h.admin('GET', `/api/agents/${name}/analytics?${query}`, undefined, tenantId)).body.series).toEqual(expect.any(Array));
    const json = await h.inject({
      method: 'GET',
      url: `/api/agents/${name}/analytics?${query}&format=json`,
      headers: { authorization: 'Bearer gateway-admin-key-0123456789abcdef', 'x-tenant-id': tenantId, accept: 'text/csv' },
    });
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body.sessions.started).toBe(2);
  });

  it('the audit log as CSV: every matching entry across pages, newest first, filters applied', async () => {
    const { tenantId, key } = await h.seedTenant('csv-audit');
    // 205 changes: more than one page of the links service's (200).
    for (let i = 0; i < 205; i += 1) {
      const made = await h.withKey(key, 'POST', '/api/agents', { name: `agent-${i}`, config: echoAgent });
      expect(made.status, made.text).toBe(201);
    }
    let total = 0;
    await waitFor(
      async () => {
        const page = await h.withKey(key, 'GET', '/api/audit?action=agent.create&limit=200');
        total = page.body.entries.length + (page.body.next_cursor ? 1 : 0);
        return page.body.next_cursor !== null;
      },
      { timeoutMs: 15_000 },
    );
    expect(total).toBeGreaterThan(200);
    await waitFor(
      async () => {
        const all = await h.withKey(key, 'GET', '/api/audit?action=agent.create&format=csv');
        return csvRecords(all, /audit-\d{4}-\d\d-\d\d\.csv/).length === 205;
      },
      { timeoutMs: 15_000 },
    );
    const all = await h.withKey(key, 'GET', '/api/audit?action=agent.create&format=csv');
    expect(csvHeaderOf(all)).toEqual([
      'id',
      'at',
      'tenant_id',
      'actor_kind',
      'actor_id',
      'actor_key_id',
      'actor_name',
      'action',
      'target_kind',
      'target_id',
      'ip',
      'details',
    ]);
    const rows = csvRecords(all, /audit-\d{4}-\d\d-\d\d\.csv/);
    expect(rows.map((row) => row.target_id)).toEqual(Array.from({ length: 205 }, (_, i) => `agent-${204 - i}`));
    expect(new Set(rows.map((row) => row.id)).size).toBe(205);
    expect(rows[0]).toMatchObject({ tenant_id: tenantId, actor_kind: 'key', action: 'agent.create', target_kind: 'agent', ip: '127.0.0.1' });
    expect(JSON.parse(rows[0]!.details ?? '')).toEqual(expect.any(Object));
    // The JSON list is still one page.
    expect((await h.withKey(key, 'GET', '/api/audit?action=agent.create')).body.entries).toHaveLength(50);
  });

  it('transcripts as CSV: one row per message with its conversation, operator names, in order; erased conversations have none', async () => {
    const agent = await h.seedAgent(frontDeskAgent, 'csv-transcripts');
    const { tenantId, name } = agent;
    const first = await textChat(h, agent, ['hello', 'a "quoted", comma\nnext line', '=HYPERLINK("https://evil.example")', 'x;=1+1']);
    const erased = await textChat(h, agent, ['I will be forgotten'], { user_id: 'forget-me' });
    const link = (await h.admin('POST', `/api/agents/${name}/public-links`, { title: 'Front' }, tenantId)).body as { id: string; token: string };
    const handed = await visit(h, `/api/public/chat/${link.token}`, { content: 'a human please' }, ADDRESSES.us1);
    expect(handed.status, handed.text).toBe(200);
    const escalation = handed.body.escalation.id as string;
    expect((await h.admin('POST', `/api/inbox/${escalation}/claim`, undefined, tenantId)).status).toBe(200);
    expect((await h.admin('POST', `/api/inbox/${escalation}/messages`, { content: 'Here I am.' }, tenantId)).status).toBe(201);
    expect((await h.admin('DELETE', '/api/visitors/users/forget-me', undefined, tenantId)).status).toBe(200);

    const answer = await h.admin('GET', `/api/agents/${name}/conversations/export`, undefined, tenantId);
    expect(csvHeaderOf(answer)).toEqual([
      'conversation_id',
      'session_id',
      'channel',
      'link_id',
      'agent_version',
      'conversation_started_at',
      'conversation_ended_at',
      'seq',
      'role',
      'operator_name',
      'content',
      'created_at',
    ]);
    const rows = csvRecords(answer, /transcripts-csv-transcripts-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv/);
    expect(rows.some((row) => row.session_id === erased)).toBe(false);
    const text = rows.filter((row) => row.session_id === first);
    // Quotes, commas and line breaks come back as written; a formula is kept from running, also
    // where a spreadsheet splitting at `;` would start a cell.
    expect(text.map((row) => [row.seq, row.role, row.content])).toEqual([
      ['0', 'assistant', 'How can I help?'],
      ['1', 'user', 'hello'],
      ['2', 'assistant', 'How can I help?'],
      ['3', 'user', 'a "quoted", comma\nnext line'],
      ['4', 'assistant', 'How can I help?'],
      ['5', 'user', `'=HYPERLINK("https://evil.example")`],
      ['6', 'assistant', 'How can I help?'],
      ['7', 'user', `x;'=1+1`],
      ['8', 'assistant', 'How can I help?'],
    ]);
    expect(text[0]).toMatchObject({ channel: 'api', link_id: '', agent_version: '1', conversation_ended_at: '' });
    const onLink = rows.filter((row) => row.link_id === link.id);
    expect(onLink.map((row) => [row.seq, row.role, row.operator_name, row.content])).toEqual([
      ['0', 'assistant', '', 'How can I help?'],
      ['1', 'user', '', 'a human please'],
      ['2', 'assistant', '', 'Let me get a colleague.'],
      ['3', 'operator', 'Support', 'Here I am.'],
    ]);
    expect(onLink[0]).toMatchObject({ channel: 'link', session_id: expect.stringMatching(/^ses_/) });
    // Conversations come one after another, each's messages by sequence.
    const order = rows.map((row) => `${row.conversation_started_at} ${row.conversation_id} ${String(row.seq).padStart(6, '0')}`);
    expect(order).toEqual([...order].sort());

    // `link_id` keeps one link's; a window before them all has only the header.
    const linkOnly = csvRecords(
      await h.admin('GET', `/api/agents/${name}/conversations/export?link_id=${link.id}&format=csv`, undefined, tenantId),
      /transcripts-[\w-]+\.csv/,
    );
    expect(linkOnly).toEqual(onLink);
    const before = await h.admin('GET', `/api/agents/${name}/conversations/export?from=2020-01-01T00:00:00Z&to=2020-06-01T00:00:00Z`, undefined, tenantId);
    expect(before.text).toBe(`${csvHeaderOf(before)!.join(',')}\r\n`);
    // Each export is in the audit log: the agent by its id, the window and the link asked for.
    let exports: Array<{ target: unknown; details: Record<string, unknown> }> = [];
    await waitFor(
      async () => {
        exports = (await h.admin('GET', '/api/audit?action=conversations.export', undefined, tenantId)).body.entries;
        return exports.length >= 3;
      },
      { timeoutMs: 5_000 },
    );
    expect(exports.map((entry) => entry.target)).toEqual(Array(3).fill({ kind: 'agent', id: agent.agentId }));
    expect(exports[0]!.details).toEqual({ from: '2020-01-01T00:00:00.000Z', to: '2020-06-01T00:00:00.000Z', link_id: null });
    expect(exports[1]!.details).toMatchObject({ link_id: link.id });
  });

  it('a purged conversation has no messages to export', async () => {
    const agent = await h.seedAgent(echoAgent, 'csv-purged');
    const kept = await textChat(h, agent, ['keep me']);
    const gone = await textChat(h, agent, ['stop']);
    await sql`UPDATE text_conversations SET ended_at = now() - interval '3 days' WHERE session_id = ${gone}`.execute(h.ctx.db);
    // The purge skips a row another writer holds at that moment (the end's own consumers): again until it is done.
    let purged = 0;
    await waitFor(
      async () => {
        purged += (await h.bus.request('sessions.purge-ended', { olderThanDays: 2, limit: 100 })).conversations;
        return purged >= 1;
      },
      { timeoutMs: 10_000 },
    );
    const rows = csvRecords(await h.admin('GET', `/api/agents/${agent.name}/conversations/export`, undefined, agent.tenantId), /transcripts-[\w-]+\.csv/);
    expect(new Set(rows.map((row) => row.session_id))).toEqual(new Set([kept]));
  });

  it('a large export (3,000 messages over several pages) streams completely and in order', async () => {
    const agent = await h.seedAgent(echoAgent, 'csv-large');
    const session = await textChat(h, agent, ['first']);
    const [{ id: conversationId, message_count }] = (await h.ctx.db
      .selectFrom('text_conversations')
      .select(['id', 'message_count'])
      .where('session_id', '=', session)
      .execute()) as [{ id: string; message_count: number }];
    // The history of a long conversation, written as the store writes messages.
    const extra = 3_000 - message_count;
    const values = Array.from({ length: extra }, (_, i) => ({
      id: randomUUID(),
      conversation_id: conversationId,
      sequence: message_count + i,
      role: (i % 2 === 0 ? 'user' : 'assistant') as 'user' | 'assistant',
      content: `message ${message_count + i}, with a comma`,
      node_id: 'echo',
    }));
    for (let i = 0; i < values.length; i += 500)
      await h.ctx.db
        .insertInto('text_conversation_messages')
        .values(values.slice(i, i + 500))
        .execute();
    await sql`UPDATE text_conversations SET message_count = 3000 WHERE id = ${conversationId}`.execute(h.ctx.db);

    const answer = await h.admin('GET', `/api/agents/${agent.name}/conversations/export`, undefined, agent.tenantId);
    const rows = csvRecords(answer, /transcripts-csv-large-[\d-]+\.csv/);
    expect(rows).toHaveLength(3_000);
    expect(rows.map((row) => Number(row.seq))).toEqual(Array.from({ length: 3_000 }, (_, i) => i));
    expect(rows.at(-1)!.content).toBe('message 2999, with a comma');
  });
});
