import { type FakeLlm, greetThenAskLlmAgent, replyWith, startFakeLlm } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { ADDRESSES, signedUser, visit } from '../analytics/analytics.test-kit.js';

/** What the per-visitor budgets keep (docs/management-api.md "Cost guards"): hashes and numbers, erased with the visitor, purged with the day. */
describe('token counts of visitors: erasure and retention', () => {
  let h: GatewayHarness;
  let llm: FakeLlm;

  beforeAll(async () => {
    llm = await startFakeLlm({ handler: replyWith({ content: 'Answered.', usage: { prompt: 7, completion: 3 } }) });
    h = await startGatewayHarness({}, { llmBaseUrl: llm.url });
  });
  afterAll(async () => {
    await h?.stop();
    await llm?.close();
  });

  const rowsOf = async (tenantId: string) =>
    (
      await sql<{
        link_id: string;
        visitor: string;
        tokens: number;
      }>`SELECT link_id, visitor, tokens FROM token_usage_daily WHERE tenant_id = ${tenantId}`.execute(h.ctx.db)
    ).rows;

  it("a signed-in visitor is counted under a hash of their user id, and erasing the user erases their count (the link's stays)", async () => {
    const { tenantId, name } = await h.seedAgent(greetThenAskLlmAgent('Hi.'), 'signed');
    const links = `/api/agents/${name}/public-links`;
    const link = (await h.admin('POST', links, { title: 'Members', budget: { tokens_per_visitor_per_day: 1_000 } }, tenantId)).body as {
      id: string;
      token: string;
    };
    const secret = (await h.admin('POST', `${links}/${link.id}/identity-secret`, undefined, tenantId)).body.secret as string;
    // The same user from two addresses is one visitor; an anonymous visitor is another.
    const first = await visit(h, `/api/public/chat/${link.token}`, { content: 'hello', user: signedUser(secret, 'user-42') }, ADDRESSES.us1);
    expect(first.status, first.text).toBe(200);
    const again = await visit(h, `/api/public/chat/${link.token}`, { content: 'hello again', user: signedUser(secret, 'user-42') }, ADDRESSES.gb);
    expect(again.status, again.text).toBe(200);
    expect((await visit(h, `/api/public/chat/${link.token}`, { content: 'anonymous' }, ADDRESSES.de)).status).toBe(200);
    const visitors = (await rowsOf(tenantId)).filter((r) => r.visitor !== '');
    expect(visitors.map((r) => Number(r.tokens)).sort()).toEqual([10, 20]);
    for (const { visitor } of visitors) expect(visitor).not.toContain('user-42');

    const erased = await h.admin('DELETE', '/api/visitors/users/user-42', undefined, tenantId);
    expect(erased.status, erased.text).toBe(200);
    const left = await rowsOf(tenantId);
    expect(left.filter((r) => r.visitor !== '').map((r) => Number(r.tokens))).toEqual([10]);
    expect(left.filter((r) => r.link_id === link.id && r.visitor === '').map((r) => Number(r.tokens))).toEqual([30]);
  });

  it('the retention sweep drops the days before yesterday, and keeps yesterday and today', async () => {
    const { tenantId } = await h.seedTenant('Old days');
    await sql`
      INSERT INTO token_usage_daily (tenant_id, day, tokens) VALUES
        (${tenantId}, current_date, 1), (${tenantId}, current_date - 1, 2), (${tenantId}, current_date - 2, 3), (${tenantId}, current_date - 30, 4)`.execute(
      h.ctx.db,
    );
    await h.bus.request('sessions.purge-ended', { olderThanDays: 30, limit: 100 });
    expect((await rowsOf(tenantId)).map((r) => Number(r.tokens)).sort()).toEqual([1, 2]);
  });
});
