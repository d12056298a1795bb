import type { SentimentEvent } from '@parley/contracts';
import { byPurpose, defaultHandler, eventConsumersCaughtUp, type FakeHandler, type RecordedRequest, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sentimentInstructions } from '../src/sentiment/prompt.js';
import { type MemoryHarness, startMemoryHarness } from './memory-harness.js';

/** Asks, answers, ends on "bye": conversations that end without any prompt node's LLM call. */
const deskAgent = (model?: string) => ({
  ...(model ? { llm: { model } } : {}),
  workflow: {
    initial_node: 'ask',
    nodes: [
      {
        id: 'ask',
        name: 'Ask',
        static_text: 'How can I help?',
        transitions: [
          { to: 'done', condition: 'contains:bye' },
          { to: 'ask', condition: 'user_responded' },
        ],
      },
      { id: 'done', name: 'Done', type: 'end', static_text: 'Goodbye.' },
    ],
  },
});

const isSentimentRequest = (req: RecordedRequest) => (req.body.messages ?? []).some((m) => m.role === 'system' && m.content === sentimentInstructions);

/** Each ended conversation classified once: by the agent's LLM, or locally without one; through a stop midway and redeliveries. */
describe('sentiment of ended conversations', () => {
  let h: MemoryHarness;
  const published: SentimentEvent[] = [];

  beforeAll(async () => {
    h = await startMemoryHarness();
    // Everything published, as any consumer of the stream sees it.
    h.client.consume('events.session.sentiment', 'test-sentiment-watch', async (event) => {
      published.push(event);
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const sentimentRequests = () => h.llm.requests.filter(isSentimentRequest);
  const classifiedAs = (llm: FakeHandler): FakeHandler => byPurpose({ reply: (req) => (isSentimentRequest(req) ? llm(req) : defaultHandler(req)) });
  const stored = (conversationId: string) =>
    h.ctx.db
      .selectFrom('text_conversations')
      .select(['sentiment', 'sentiment_label', 'sentiment_method'])
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
  const storedWhen = (conversationId: string) =>
    waitFor(async () => ((await stored(conversationId)).sentiment === null ? false : stored(conversationId)), { timeoutMs: 15_000 });

  it('classifies locally without an LLM: praise positive, complaints negative; a conversation without the visitor’s words not at all', async () => {
    const replica = await h.startMemory({ withLlm: false });
    try {
      const link = await h.seedLink({ config: deskAgent(), verified: false });
      const happy = await h.visit(link);
      await happy.say('Thanks, that was really helpful and great!');
      await happy.say('bye');
      const upset = await h.visit(link);
      await upset.say('This is terrible, the worst service. I am angry.');
      await upset.say('bye');
      const silent = await h.visit(link);
      await h.client.request('sessions.end-link-session', { tenantId: link.tenantId, linkId: link.linkId, conversationId: silent.conversationId });

      expect(await storedWhen(happy.conversationId)).toEqual({ sentiment: expect.any(Number), sentiment_label: 'positive', sentiment_method: 'local' });
      expect(await storedWhen(upset.conversationId)).toEqual({ sentiment: expect.any(Number), sentiment_label: 'negative', sentiment_method: 'local' });
      expect((await stored(happy.conversationId)).sentiment).toBeGreaterThanOrEqual(0.25);
      expect((await stored(upset.conversationId)).sentiment).toBeLessThanOrEqual(-0.25);
      // Every end handled, and every classification published kept: the silent one's would be here now.
      await eventConsumersCaughtUp(h.ctx, 'events.session.ended');
      await eventConsumersCaughtUp(h.ctx, 'events.session.sentiment');
      expect(await stored(silent.conversationId)).toEqual({ sentiment: null, sentiment_label: null, sentiment_method: null });
      expect(published.filter((e) => e.conversationId === silent.conversationId)).toEqual([]);
      expect(sentimentRequests()).toHaveLength(0);
    } finally {
      await replica.stop();
    }
  });

  it('asks the agent version’s model with the fixed prompt and the transcript of what was said, once', async () => {
    h.llm.reset();
    h.llm.setHandler(classifiedAs(() => ({ content: '{"score": -0.6}' })));
    const replica = await h.startMemory();
    try {
      const link = await h.seedLink({ config: deskAgent('gpt-4o-mini'), verified: false });
      const visitor = await h.visit(link);
      await visitor.say('My order never came.');
      await visitor.say('bye');
      expect(await storedWhen(visitor.conversationId)).toEqual({ sentiment: expect.closeTo(-0.6, 5), sentiment_label: 'negative', sentiment_method: 'llm' });
      const [request] = sentimentRequests();
      expect(sentimentRequests()).toHaveLength(1);
      // The agent's model, not the summaries' (MEMORY_MODEL, "fake-model" here).
      expect(request?.body.model).toBe('gpt-4o-mini');
      expect(request?.body.messages?.at(-1)?.content).toBe(
        'Transcript:\nAssistant: How can I help?\nVisitor: My order never came.\nAssistant: How can I help?\nVisitor: bye\nAssistant: Goodbye.',
      );
      expect(published.filter((e) => e.conversationId === visitor.conversationId)).toEqual([
        expect.objectContaining({ tenantId: link.tenantId, agentId: link.agentId, linkId: link.linkId, score: -0.6, label: 'negative', method: 'llm' }),
      ]);
    } finally {
      await replica.stop();
    }
  });

  it('classifies exactly once when the service stops while the LLM thinks, and not again when the end is delivered again', async () => {
    h.llm.reset();
    // The first answer comes late (and would say 0.9); after the restart the LLM answers 0.5 at once.
    let calls = 0;
    h.llm.setHandler(classifiedAs(() => (++calls === 1 ? { content: '{"score": 0.9}', delayMs: 4_000 } : { content: '{"score": 0.5}' })));
    const first = await h.startMemory();
    const link = await h.seedLink({ config: deskAgent(), verified: false });
    const visitor = await h.visit(link);
    await visitor.say('Lovely, thank you.');
    await visitor.say('bye');
    await waitFor(() => sentimentRequests().length === 1, { timeoutMs: 10_000 });
    const stopping = Date.now();
    await first.stop();
    // The stop does not wait for the LLM: the event goes back unacknowledged.
    expect(Date.now() - stopping).toBeLessThan(3_000);
    expect((await stored(visitor.conversationId)).sentiment).toBeNull();

    const second = await h.startMemory();
    try {
      expect(await storedWhen(visitor.conversationId)).toEqual({ sentiment: 0.5, sentiment_label: 'positive', sentiment_method: 'llm' });
      // The late answer of the stopped replica is dropped: the LLM has sent it (no answer is on its
      // way any more), the stopped replica has had a moment to act on it, and nothing more was published.
      await waitFor(() => h.llm.inFlight === 0, { timeoutMs: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      await eventConsumersCaughtUp(h.ctx, 'events.session.sentiment');
      expect((await stored(visitor.conversationId)).sentiment).toBe(0.5);
      expect(sentimentRequests()).toHaveLength(2);
      expect(published.filter((e) => e.conversationId === visitor.conversationId).map((e) => e.score)).toEqual([0.5]);

      // The same end once more (as after a lost ack): nothing asked, nothing published, the score kept.
      await h.client.publish('events.session.ended', {
        conversationId: visitor.conversationId,
        sessionId: 'text_again',
        tenantId: link.tenantId,
        agentId: link.agentId,
        linkId: link.linkId,
        status: 'completed',
        totalTurns: 2,
        totalTransitions: 1,
        at: new Date().toISOString(),
      });
      // The repeat handled, and anything it published kept.
      await eventConsumersCaughtUp(h.ctx, 'events.session.ended');
      await eventConsumersCaughtUp(h.ctx, 'events.session.sentiment');
      expect(sentimentRequests()).toHaveLength(2);
      expect(published.filter((e) => e.conversationId === visitor.conversationId)).toHaveLength(1);
      expect((await stored(visitor.conversationId)).sentiment).toBe(0.5);
    } finally {
      await second.stop();
    }
  });

  it('classifies locally when the LLM answers without a score, and keeps the first of two classifications', async () => {
    h.llm.reset();
    h.llm.setHandler(classifiedAs(() => ({ content: 'I think the visitor was happy.' })));
    const replica = await h.startMemory();
    try {
      const link = await h.seedLink({ config: deskAgent(), verified: false });
      const visitor = await h.visit(link);
      await visitor.say('Great, thanks a lot!');
      await visitor.say('bye');
      expect(await storedWhen(visitor.conversationId)).toEqual({ sentiment: expect.any(Number), sentiment_label: 'positive', sentiment_method: 'local' });
      // A second classification of the same conversation (another replica's, say) changes nothing.
      await h.client.publish('events.session.sentiment', {
        conversationId: visitor.conversationId,
        tenantId: link.tenantId,
        agentId: link.agentId,
        linkId: link.linkId,
        score: -1,
        label: 'negative',
        method: 'llm',
        at: new Date().toISOString(),
      });
      await waitFor(() => published.filter((e) => e.conversationId === visitor.conversationId).length === 2, { timeoutMs: 5_000 });
      // The sessions service has handled it too.
      await eventConsumersCaughtUp(h.ctx, 'events.session.sentiment');
      expect(await stored(visitor.conversationId)).toMatchObject({ sentiment_label: 'positive', sentiment_method: 'local' });
    } finally {
      await replica.stop();
    }
  });
});
