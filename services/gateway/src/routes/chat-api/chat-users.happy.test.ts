import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

describe("Text Chat API: a user's conversations", () => {
  let h: GatewayHarness;
  let agent: { tenantId: string; agentId: string };

  beforeAll(async () => {
    h = await startGatewayHarness();
    agent = await h.seedAgent();
  });
  afterAll(async () => h?.stop());

  const create = async (metadata: Record<string, unknown>, owner = agent) => {
    const created = await h.signed('POST', '/api/chat/sessions', { tenant_id: owner.tenantId, agent_id: owner.agentId, metadata });
    expect(created.status, created.text).toBe(201);
    return created.body as { session_id: string; conversation_id: string };
  };
  const list = (userId: string, query = '') => h.signed('GET', `/api/chat/users/${encodeURIComponent(userId)}/conversations${query}`);

  it('answers the sessions created with metadata.user_id, newest first, with their status, turns and last message', async () => {
    const older = await create({ user_id: 'cust-1', plan: 'gold' });
    await h.signed('POST', `/api/chat/sessions/${older.session_id}/messages`, { content: 'hello' });
    await h.signed('POST', `/api/chat/sessions/${older.session_id}/messages`, { content: 'stop' });
    const newer = await create({ user_id: 'cust-1' });
    await create({ user_id: 'cust-2' });
    await create({});

    const listed = await list('cust-1');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body).toEqual({
      conversations: [
        {
          session_id: newer.session_id,
          conversation_id: newer.conversation_id,
          status: 'active',
          created_at: expect.any(String),
          last_message_at: expect.any(String),
          turns: 0,
          tenant_id: agent.tenantId,
          agent_id: agent.agentId,
        },
        {
          session_id: older.session_id,
          conversation_id: older.conversation_id,
          status: 'completed',
          created_at: expect.any(String),
          last_message_at: expect.any(String),
          turns: 2,
          tenant_id: agent.tenantId,
          agent_id: agent.agentId,
        },
      ],
      next_cursor: null,
    });
    const [first, second] = listed.body.conversations;
    expect(Date.parse(first.created_at)).toBeGreaterThanOrEqual(Date.parse(second.created_at));
    expect(Date.parse(second.last_message_at)).toBeGreaterThan(Date.parse(second.created_at));
    expect((await list('nobody-at-all')).body).toEqual({ conversations: [], next_cursor: null });
  });

  it('pages across many sessions with the cursor: each once, newest first, the last page saying so', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await create({ user_id: 'pager' })).session_id);
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const page = await list('pager', `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status, page.text).toBe(200);
      sizes.push(page.body.conversations.length);
      seen.push(...page.body.conversations.map((c: { session_id: string }) => c.session_id));
      cursor = page.body.next_cursor;
    } while (cursor !== null);
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual([...made].reverse());
    // A session created while paging does not shift the pages that follow.
    const firstPage = await list('pager', '?limit=3');
    await create({ user_id: 'pager' });
    const secondPage = await list('pager', `?limit=3&cursor=${firstPage.body.next_cursor}`);
    expect(secondPage.body.conversations.map((c: { session_id: string }) => c.session_id)).toEqual(seen.slice(3, 6));
    expect((await list('pager')).body.conversations).toHaveLength(8);
  });

  it('takes an integer user_id as its digits, any text as it is, and tenant_id narrows the list to one tenant', async () => {
    const numeric = await create({ user_id: 1042 });
    expect((await list('1042')).body.conversations.map((c: { session_id: string }) => c.session_id)).toEqual([numeric.session_id]);
    const unicode = await create({ user_id: 'ünïcode/ü 1' });
    expect((await list('ünïcode/ü 1')).body.conversations.map((c: { session_id: string }) => c.session_id)).toEqual([unicode.session_id]);

    const otherTenant = await h.seedAgent(undefined, 'elsewhere');
    const here = await create({ user_id: 'shared-id' });
    const there = await create({ user_id: 'shared-id' }, otherTenant);
    expect((await list('shared-id')).body.conversations.map((c: { session_id: string }) => c.session_id)).toEqual([there.session_id, here.session_id]);
    const narrowed = await list('shared-id', `?tenant_id=${agent.tenantId}`);
    expect(narrowed.body.conversations.map((c: { session_id: string }) => c.session_id)).toEqual([here.session_id]);
  });
});
