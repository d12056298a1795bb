import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { ADDRESSES, analyticsWhen, frontDeskAgent, signedUser, visit } from './analytics.test-kit.js';

/** Every column of the tables analytics keeps (rollups, visitors, countries, applied keys, security events) that holds one of `needles`, as `table.column`. */
async function analyticsColumnsHolding(h: GatewayHarness, needles: string[]): Promise<string[]> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
    WHERE c.table_schema = 'public' AND (c.table_name LIKE 'analytics%' OR c.table_name = 'security_events') ORDER BY 1, 2`.execute(h.ctx.db);
  expect(columns.map((c) => c.table_name)).toEqual(
    expect.arrayContaining(['analytics_hourly', 'analytics_visitors', 'analytics_countries', 'security_events']),
  );
  const found: string[] = [];
  for (const { table_name, column_name } of columns) {
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM ${sql.table(table_name)} WHERE ${sql.ref(column_name)}::text LIKE ANY(${needles.map((n) => `%${n}%`)}::text[])`.execute(
      h.ctx.db,
    );
    if (Number(rows[0]!.n) > 0) found.push(`${table_name}.${column_name}`);
  }
  return found;
}

describe('analytics of a link and of an agent match a scripted history exactly', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('counts sessions by outcome, messages by role, visitors, countries, escalations and refusals', async () => {
    const { tenantId, name } = await h.seedAgent(frontDeskAgent, 'front-desk');
    const links = `/api/agents/${name}/public-links`;
    const create = async (settings: Record<string, unknown>) => {
      const made = await h.admin('POST', links, { title: 'Link', ...settings }, tenantId);
      expect(made.status, made.text).toBe(201);
      return made.body as { id: string; token: string };
    };
    const front = await create({ allowed_origins: ['https://shop.example'], ip_deny: ['203.0.113.0/24'] });
    const small = await create({ max_sessions: 1 });
    const slow = await create({ rate_limit_per_link_per_minute: 1 });
    const secret = (await h.admin('POST', `${links}/${front.id}/identity-secret`, undefined, tenantId)).body.secret as string;
    const chat = (link: { token: string }, from: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
      visit(h, `/api/public/chat/${link.token}`, body, from, headers);
    const ok = async (reply: Promise<{ status: number; text: string; body: any }>) => {
      const answer = await reply;
      expect(answer.status, answer.text).toBe(200);
      return answer.body;
    };

    // Front door: five sessions from four addresses in three countries.
    const one = await ok(chat(front, ADDRESSES.us1, { content: 'hello' })); // greeting, user, answer
    await ok(chat(front, ADDRESSES.us1, { content: 'still there?', session: one.session })); // user, answer
    const two = await ok(chat(front, ADDRESSES.us2, { content: 'hi' }));
    const three = await ok(chat(front, ADDRESSES.gb, { content: 'a human please' })); // greeting, user, handoff text
    expect(three.escalation?.id).toEqual(expect.any(String));
    await ok(chat(front, ADDRESSES.gb, { content: 'anyone?', session: three.session })); // user, stored for a person
    expect((await h.admin('POST', `/api/inbox/${three.escalation.id}/claim`, undefined, tenantId)).status).toBe(200);
    expect((await h.admin('POST', `/api/inbox/${three.escalation.id}/messages`, { content: 'Here I am.' }, tenantId)).status).toBe(201);
    await ok(chat(front, ADDRESSES.de, { content: 'bye' })); // greeting, user, "Bye." – completed
    // The first visitor again, signed in this time: the same visitor of the day, now verified.
    await ok(chat(front, ADDRESSES.us1, { content: 'me again', user: signedUser(secret, 'user-7') }));
    // A signed-in user whose hash is wrong, twice: refused, no session.
    for (const forged of [signedUser('not the secret', 'user-8'), { user_id: 'user-9', user_hash: 'ab'.repeat(32) }]) {
      expect((await chat(front, ADDRESSES.us2, { content: 'let me in', user: forged })).status).toBe(401);
    }
    // Tokens of no link – unknown, malformed – are refused (404) and recorded, but belong to no link's figures.
    for (const token of ['A'.repeat(32), 'not-a-token'])
      expect((await visit(h, `/api/public/chat/${token}`, { content: 'x' }, ADDRESSES.us2)).status).toBe(404);
    // Its owner ends the second one: abandoned.
    const ended = await h.admin('POST', `${links}/${front.id}/sessions/${two.conversation_id}/end`, undefined, tenantId);
    expect(ended.status, ended.text).toBe(200);

    // Refusals on the front door: a foreign origin, a denied address.
    expect((await chat(front, ADDRESSES.us2, { content: 'x' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await chat(front, ADDRESSES.denied, { content: 'x' })).status).toBe(403);
    // One session allowed on `small`; one message a minute on `slow` – the same Japanese visitor on both.
    await ok(chat(small, ADDRESSES.jp, { content: 'hello' }));
    expect((await chat(small, ADDRESSES.jp2, { content: 'hello' })).status).toBe(429);
    await ok(chat(slow, ADDRESSES.jp, { content: 'hello' }));
    expect((await chat(slow, ADDRESSES.jp, { content: 'again' })).status).toBe(429);

    // The front door closes: its three sessions still open end as expired.
    expect((await h.admin('PUT', `${links}/${front.id}`, { active: false }, tenantId)).status).toBe(200);

    const frontAnalytics = await analyticsWhen(
      h,
      `/api/links/${front.id}/analytics?bucket=hour&from=${new Date(Date.now() - 3_600_000).toISOString()}`,
      tenantId,
      (b) =>
        b.sessions.expired === 3 &&
        b.security_events.forbidden_ip === 1 &&
        b.security_events.forbidden_origin === 1 &&
        b.security_events.verification_failed === 2 &&
        b.messages.operator === 1 &&
        b.sessions.escalated === 1,
    );
    expect(frontAnalytics).toMatchObject({
      sessions: { started: 5, completed: 1, abandoned: 1, expired: 3, escalated: 1 },
      // Assistant: 5 greetings, 4 answers, the handoff text, "Bye."; user: 7, one of them stored for the person.
      messages: { user: 7, assistant: 11, operator: 1 },
      visitors: { unique: 4, verified: 1 },
      countries: [
        { country: 'US', sessions: 3 },
        { country: 'DE', sessions: 1 },
        { country: 'GB', sessions: 1 },
      ],
      security_events: { rate_limited: 0, quota_exceeded: 0, forbidden_origin: 1, forbidden_ip: 1, invalid_token: 0, verification_failed: 2 },
      engagement: { avg_messages_per_session: 3.8, completion_rate: 0.2 },
    });
    expect(frontAnalytics.response_ms.p50).toBeGreaterThan(0);
    expect(frontAnalytics.response_ms.p95).toBeGreaterThanOrEqual(frontAnalytics.response_ms.p50 ?? 0);
    expect(frontAnalytics.engagement.median_session_seconds).toBeGreaterThan(0);
    const hours = frontAnalytics.series as { sessions: number; messages: number }[];
    expect(hours.reduce((sum, p) => sum + p.sessions, 0)).toBe(5);
    expect(hours.reduce((sum, p) => sum + p.messages, 0)).toBe(19);

    const agentAnalytics = await analyticsWhen(
      h,
      `/api/agents/${name}/analytics`,
      tenantId,
      (b) =>
        b.security_events.rate_limited === 1 &&
        b.security_events.quota_exceeded === 1 &&
        b.security_events.verification_failed === 2 &&
        b.sessions.started === 7,
    );
    expect(agentAnalytics).toMatchObject({
      sessions: { started: 7, completed: 1, abandoned: 1, expired: 3, escalated: 1 },
      messages: { user: 9, assistant: 15, operator: 1 },
      // The Japanese visitor on two links is one visitor of the agent.
      visitors: { unique: 5, verified: 1 },
      countries: [
        { country: 'US', sessions: 3 },
        { country: 'JP', sessions: 2 },
        { country: 'DE', sessions: 1 },
        { country: 'GB', sessions: 1 },
      ],
      security_events: { rate_limited: 1, quota_exceeded: 1, forbidden_origin: 1, forbidden_ip: 1, invalid_token: 0, verification_failed: 2 },
    });
    // Its workflow calls no tool and has no knowledge: an agent's report says so; a link's has neither of its own.
    expect(agentAnalytics.tools).toEqual([]);
    expect(frontAnalytics).not.toHaveProperty('tools');
    expect(agentAnalytics.knowledge).toEqual({ answers: 0, with_sources: 0, without_match: 0 });
    expect(frontAnalytics).not.toHaveProperty('knowledge');
    // The default window, the last 30 days by day: 31 UTC days touched (the first and today in part).
    expect(agentAnalytics.series).toHaveLength(31);
    expect(agentAnalytics.series.at(-1)).toMatchObject({ sessions: 7, messages: 25 });

    const smallAnalytics = await analyticsWhen(h, `/api/links/${small.id}/analytics`, tenantId, (b) => b.security_events.quota_exceeded === 1);
    expect(smallAnalytics).toMatchObject({
      sessions: { started: 1 },
      messages: { user: 1, assistant: 2 },
      visitors: { unique: 1, verified: 0 },
      countries: [{ country: 'JP', sessions: 1 }],
    });

    // Seven addresses came; analytics counted them as visitors, countries and refusals, and holds none of them.
    expect(await analyticsColumnsHolding(h, Object.values(ADDRESSES))).toEqual([]);
    // The search finds what is there: the visitors' hashes are in the visitors table.
    const { visitor_hash } = await h.ctx.db.selectFrom('analytics_visitors').select('visitor_hash').limit(1).executeTakeFirstOrThrow();
    expect(await analyticsColumnsHolding(h, [visitor_hash])).toEqual(['analytics_visitors.visitor_hash']);
  });
});
