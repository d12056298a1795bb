import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { ADDRESSES, analyticsWhen, frontDeskAgent, visit } from './analytics.test-kit.js';

/**
 * `engagement.median_session_seconds`: the median length of the sessions that ended in the window,
 * from their start to their end, answered as the upper bound of its histogram bucket.
 */
describe('analytics: median session length', () => {
  let h: GatewayHarness;
  let tenantId: string;
  let agentId: string;
  let agentName: string;

  beforeAll(async () => {
    h = await startGatewayHarness();
    const agent = await h.seedAgent(frontDeskAgent, 'lengths');
    ({ tenantId, agentId, name: agentName } = agent);
  });
  afterAll(async () => h?.stop());

  const newLink = async (title: string) => {
    const made = await h.admin('POST', `/api/agents/${agentName}/public-links`, { title }, tenantId);
    expect(made.status, made.text).toBe(201);
    return made.body as { id: string; token: string };
  };
  const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString();

  /** A session on `linkId` that started `seconds` before it ended (a minute ago), as the sessions service announces it. */
  async function sessionLasting(linkId: string, seconds: number, status = 'completed'): Promise<void> {
    const conversationId = randomUUID();
    const endedAt = Date.now() - 60_000;
    const startedAt = new Date(endedAt - seconds * 1000).toISOString();
    const base = { conversationId, sessionId: `pub_${conversationId.slice(0, 8)}`, tenantId, agentId, linkId };
    await h.bus.publish('events.session.created', { ...base, status: 'active', at: startedAt });
    await h.bus.publish('events.session.ended', { ...base, status, at: new Date(endedAt).toISOString(), totalTurns: 1, totalTransitions: 1, startedAt });
  }

  it('sessions of known lengths: the median falls in its bucket (20, 40, 100, 200, 700 s → 100 s, answered as 120)', async () => {
    const link = await newLink('Known lengths');
    for (const seconds of [20, 40, 100, 200, 700]) await sessionLasting(link.id, seconds);
    const report = await analyticsWhen(h, `/api/links/${link.id}/analytics?bucket=hour&from=${hourAgo()}`, tenantId, (b) => b.sessions.completed === 5);
    expect(report.sessions).toMatchObject({ completed: 5 });
    // 100 s lies in the (90, 120] bucket.
    expect(report.engagement.median_session_seconds).toBe(120);
  });

  it('abandoned and expired sessions count too; an even count takes the lower middle', async () => {
    const link = await newLink('Mixed endings');
    await sessionLasting(link.id, 3, 'abandoned');
    await sessionLasting(link.id, 8, 'completed');
    await sessionLasting(link.id, 50, 'abandoned');
    await sessionLasting(link.id, 4_000, 'completed');
    const report = await analyticsWhen(
      h,
      `/api/links/${link.id}/analytics?bucket=hour&from=${hourAgo()}`,
      tenantId,
      (b) => b.sessions.completed + b.sessions.abandoned === 4,
    );
    // Ranks 3, 8, 50, 4000: the second (8 s) is the median, in the (5, 10] bucket.
    expect(report.engagement.median_session_seconds).toBe(10);
  });

  it('a real visitor session ended by its owner 20 seconds in: measured from its start', async () => {
    const link = await newLink('Real session');
    const started = await visit(h, `/api/public/chat/${link.token}`, { content: 'hello' }, ADDRESSES.de);
    expect(started.status, started.text).toBe(200);
    // It began 20 s ago: its start moved to the past rather than waited for.
    await sql`UPDATE text_conversations SET created_at = created_at - interval '20 seconds' WHERE id = ${started.body.conversation_id}`.execute(h.db);
    const ended = await h.admin('POST', `/api/agents/${agentName}/public-links/${link.id}/sessions/${started.body.conversation_id}/end`, undefined, tenantId);
    expect(ended.status, ended.text).toBe(200);
    const report = await analyticsWhen(h, `/api/links/${link.id}/analytics?bucket=hour&from=${hourAgo()}`, tenantId, (b) => b.sessions.abandoned === 1);
    // 20 s and the moments the requests took: the (15, 30] bucket.
    expect(report.engagement.median_session_seconds).toBe(30);
  });

  it('no session ended: null, for a link and for an agent with none', async () => {
    const link = await newLink('Unused');
    const report = await analyticsWhen(h, `/api/links/${link.id}/analytics`, tenantId, () => true);
    expect(report.engagement).toEqual({ avg_messages_per_session: 0, median_session_seconds: null, completion_rate: 0 });
    // A session that started and has not ended yet has no length.
    const open = await newLink('Open');
    expect((await visit(h, `/api/public/chat/${open.token}`, { content: 'hello' }, ADDRESSES.gb)).status).toBe(200);
    const openReport = await analyticsWhen(h, `/api/links/${open.id}/analytics`, tenantId, (b) => b.sessions.started === 1);
    expect(openReport.engagement.median_session_seconds).toBeNull();
    const other = await h.seedAgent(frontDeskAgent, 'idle');
    const agentReport = await analyticsWhen(h, `/api/agents/${other.name}/analytics`, other.tenantId, () => true);
    expect(agentReport.engagement.median_session_seconds).toBeNull();
  });

  it("an agent's median covers all its links' sessions", async () => {
    const report = await analyticsWhen(
      h,
      `/api/agents/${agentName}/analytics?bucket=hour&from=${hourAgo()}`,
      tenantId,
      (b) => b.sessions.completed + b.sessions.abandoned >= 10,
    );
    // 3, 8, 20, 40, 50, 100, 200, 700, 4000 and the ~1 s real one: the fifth of ten (40 s) is in (30, 45].
    expect(report.engagement.median_session_seconds).toBe(45);
  });
});
