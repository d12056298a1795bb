import { byPurpose, defaultHandler, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSummaryRequest, type MemoryHarness, startMemoryHarness } from './memory-harness.js';

/** Without an LLM the memory service keeps counting; once one is configured, what waited is summarised. */
describe('visitor memory without an LLM', () => {
  let h: MemoryHarness;

  beforeAll(async () => {
    h = await startMemoryHarness();
    h.llm.setHandler(byPurpose({ reply: (req) => (isSummaryRequest(req) ? { content: 'Plans a trip.' } : defaultHandler(req)) }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  const memoryRow = (agentId: string) =>
    h.ctx.db.selectFrom('visitor_memories').select(['messages_counted', 'summary']).where('agent_id', '=', agentId).executeTakeFirst();

  it('counts without summarising, then summarises the whole backlog at the next message once an LLM is there', async () => {
    const withoutLlm = await h.startMemory({ withLlm: false });
    const link = await h.seedLink();
    const visitor = await h.visit(link, 'eve@example.com');
    await visitor.say('A trip to Rome.');
    await visitor.say('In May.');
    await visitor.say('For two.');
    await waitFor(async () => (await memoryRow(link.agentId))?.messages_counted === 7, { timeoutMs: 10_000 });
    expect(await memoryRow(link.agentId)).toEqual({ messages_counted: 7, summary: null });
    expect(h.summaryRequests()).toHaveLength(0);
    await withoutLlm.stop();

    const withLlm = await h.startMemory();
    try {
      await visitor.say('Any tips?');
      await waitFor(async () => (await memoryRow(link.agentId))?.summary === 'Plans a trip.', { timeoutMs: 10_000 });
      expect(h.summaryRequests()).toHaveLength(1);
      const transcript = String(h.summaryRequests()[0]?.body.messages?.at(-1)?.content);
      for (const said of ['A trip to Rome.', 'In May.', 'For two.']) expect(transcript).toContain(`Visitor: ${said}`);
    } finally {
      await withLlm.stop();
    }
  });
});
