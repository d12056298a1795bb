import { byPurpose, defaultHandler, eventConsumersCaughtUp, type FakeHandler, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSummaryRequest, type MemoryHarness, startMemoryHarness } from './memory-harness.js';

/** No summary lost or made twice: across a stop of the memory service, a failed LLM call and events delivered again. */
describe('visitor memory under redelivery', () => {
  let h: MemoryHarness;

  beforeAll(async () => {
    h = await startMemoryHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Summaries answer `text`; prompt nodes echo. */
  const summariesSay = (summary: FakeHandler): FakeHandler => byPurpose({ reply: (req) => (isSummaryRequest(req) ? summary(req) : defaultHandler(req)) });

  const memoryRow = (agentId: string) =>
    h.ctx.db.selectFrom('visitor_memories').select(['messages_counted', 'summary', 'summarising_until']).where('agent_id', '=', agentId).executeTakeFirst();
  const countedMessages = (agentId: string) =>
    h.ctx.db
      .selectFrom('visitor_memory_messages')
      .select(['message_id', 'conversation_id', 'visitor', 'role', 'sent_at', 'summarised_at'])
      .where('agent_id', '=', agentId)
      .execute();

  it('makes exactly one summary of messages sent while the service was stopped, with two replicas starting at once', async () => {
    h.llm.reset();
    // A slow summary: every replica that sees the batch due meanwhile tries to make it too.
    h.llm.setHandler(summariesSay(() => ({ content: 'Likes maps.', delayMs: 400 })));
    const link = await h.seedLink();

    // Stopped: the events wait in the stream, and turns go on without a memory.
    const visitor = await h.visit(link, 'lin@example.com');
    await visitor.say('I like maps.');
    await visitor.say('Old ones.');
    await visitor.say('From Lisbon.');
    expect(await memoryRow(link.agentId)).toBeUndefined();

    // Two replicas take the 7 waiting events at once: more than one handler finds 5 or more
    // messages due, but only one of them summarises.
    const replicas = await Promise.all([h.startMemory(), h.startMemory()]);
    try {
      await waitFor(async () => (await memoryRow(link.agentId))?.summary === 'Likes maps.', { timeoutMs: 15_000 });
      // Both replicas done with every event, and no summary still being written: a second one would show now.
      await eventConsumersCaughtUp(h.ctx, 'events.message.stored');
      await waitFor(() => h.llm.inFlight === 0);
      expect(h.summaryRequests()).toHaveLength(1);
      expect(await memoryRow(link.agentId)).toEqual({ messages_counted: 7, summary: 'Likes maps.', summarising_until: null });
      const messages = await countedMessages(link.agentId);
      expect(messages).toHaveLength(7);
      // The summary covered the 5 due, and any counted before it read them; fewer than 5 wait for the next.
      const covered = messages.filter((m) => m.summarised_at !== null).length;
      expect(covered).toBeGreaterThanOrEqual(5);
      const transcript = String(h.summaryRequests()[0]?.body.messages?.at(-1)?.content);
      expect(transcript.match(/^(Visitor|Assistant): /gm)).toHaveLength(covered);

      // The same events once more (as after lost acks): nothing counted twice, no new summary.
      for (const m of messages) {
        await h.client.publish('events.message.stored', {
          conversationId: m.conversation_id,
          tenantId: link.tenantId,
          agentId: link.agentId,
          linkId: link.linkId,
          email: m.visitor.replace(/^email:/, ''),
          messages: [{ messageId: m.message_id, role: m.role as 'user' | 'assistant' }],
          at: new Date(m.sent_at).toISOString(),
        });
      }
      // Handled, each of them: one counted twice, or a summary asked again, would show now.
      await eventConsumersCaughtUp(h.ctx, 'events.message.stored');
      await waitFor(() => h.llm.inFlight === 0);
      expect(await memoryRow(link.agentId)).toMatchObject({ messages_counted: 7, summary: 'Likes maps.' });
      expect(h.summaryRequests()).toHaveLength(1);
    } finally {
      for (const replica of replicas) await replica.stop();
    }
  });

  it('redelivers the event whose summary failed and counts its message once', async () => {
    h.llm.reset();
    let calls = 0;
    // The first summary fails (the client does not retry here): the event is naked and comes back.
    h.llm.setHandler(summariesSay(() => (++calls === 1 ? { status: 500 } : { content: 'Asks about tides.' })));
    const replica = await h.startMemory();
    try {
      const link = await h.seedLink();
      const visitor = await h.visit(link, 'kai@example.com');
      await visitor.say('When is high tide?');
      await visitor.say('And low tide?');
      await waitFor(async () => (await memoryRow(link.agentId))?.summary === 'Asks about tides.', { timeoutMs: 15_000 });
      expect(h.summaryRequests()).toHaveLength(2);
      // Both attempts read the same five messages; the failed one left nothing behind.
      const [failed, done] = h.summaryRequests().map((req) => JSON.stringify(req.body.messages));
      expect(failed).toBe(done);
      expect(await memoryRow(link.agentId)).toEqual({ messages_counted: 5, summary: 'Asks about tides.', summarising_until: null });
      expect(await countedMessages(link.agentId)).toHaveLength(5);

      // The next 5 messages build on the summary.
      await visitor.say('Is the beach open?');
      await visitor.say('Thanks.');
      await visitor.say('Bye.');
      await waitFor(() => h.summaryRequests().length === 3, { timeoutMs: 15_000 });
      expect(JSON.stringify(h.summaryRequests()[2]?.body.messages)).toContain('Previous memory:\\nAsks about tides.');
      await waitFor(async () => (await memoryRow(link.agentId))?.messages_counted === 11, { timeoutMs: 10_000 });
    } finally {
      await replica.stop();
    }
  });
});
