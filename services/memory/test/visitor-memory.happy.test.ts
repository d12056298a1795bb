import type { LinkAccess } from '@parley/contracts';
import { byPurpose, defaultHandler, eventConsumersCaughtUp, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSummaryRequest, type MemoryHarness, startMemoryHarness, systemOf, type Visitor } from './memory-harness.js';

const remembered = 'What you remember about this visitor';

/** A verified visitor's memory is summarised every 5 messages and told to the agent's prompt nodes afterwards. */
describe('visitor memory', () => {
  let h: MemoryHarness;
  let summaries = 0;

  beforeAll(async () => {
    h = await startMemoryHarness();
    await h.startMemory();
    h.llm.setHandler(
      byPurpose({
        reply: (req) => (isSummaryRequest(req) ? { content: `Collects Roman coins (summary ${++summaries}).` } : defaultHandler(req)),
      }),
    );
  });
  afterAll(async () => {
    await h?.stop();
  });

  const memoryOf = async (agentId: string, email: string) => (await h.client.request('memory.get', { agentId, email })).summary;
  const counted = (agentId: string) =>
    h.ctx.db.selectFrom('visitor_memories').select(['visitor', 'messages_counted', 'summary']).where('agent_id', '=', agentId).orderBy('visitor').execute();

  /** A verified visitor's first 5 messages (the start turn says 1, each exchange 2), until their summary is kept. */
  async function fiveMessages(link: LinkAccess, email: string, said: [string, string]): Promise<Visitor> {
    const visitor = await h.visit(link, email);
    for (const content of said) await visitor.say(content);
    await waitFor(async () => (await memoryOf(link.agentId, email)) !== null, { timeoutMs: 10_000 });
    return visitor;
  }

  it('summarises after 5 messages and puts the summary in the next prompt, on every device of the same email', async () => {
    const link = await h.seedLink();
    const ada = await fiveMessages(link, 'Ada@Example.com', ['I collect Roman coins.', 'I come on Sundays.']);

    expect(await memoryOf(link.agentId, 'ADA@example.com')).toBe('Collects Roman coins (summary 1).');
    const [summary, ...more] = h.summaryRequests();
    expect(more).toHaveLength(0);
    const asked = JSON.stringify(summary?.body.messages);
    expect(asked).toContain('Previous memory:\\n(none yet)');
    expect(asked).toContain('Visitor: I collect Roman coins.');
    expect(asked).toContain('Visitor: I come on Sundays.');
    // The prompts before the summary knew nothing yet.
    expect(h.promptRequests().map(systemOf)).toEqual(Array(3).fill('You help visitors of the museum.'));

    // The same session's next prompt knows it.
    await ada.say('Anything new for me?');
    expect(systemOf(h.promptRequests().at(-1)!)).toBe(
      `You help visitors of the museum.\n\n${remembered} from earlier conversations:\nCollects Roman coins (summary 1).`,
    );

    // Another device: a new session of the same email greets with the memory already.
    const before = h.promptRequests().length;
    await h.visit(link, 'ada@example.com');
    const greeting = h.promptRequests()[before];
    expect(systemOf(greeting!)).toContain('Collects Roman coins (summary 1).');

    // Every message of the email counts: the first session's 7 and the new device's greeting. They
    // are counted by the consumer of the stored-message events, so the last may still be on its way.
    const expected = [{ visitor: 'email:ada@example.com', messages_counted: 8, summary: 'Collects Roman coins (summary 1).' }];
    await waitFor(async () => JSON.stringify(await counted(link.agentId)) === JSON.stringify(expected), { timeoutMs: 10_000 }).catch(() => undefined);
    expect(await counted(link.agentId)).toEqual(expected);
  });

  it("keeps each agent's and each email's memory apart, and keeps none for unverified visitors", async () => {
    const link = await h.seedLink();
    await fiveMessages(link, 'grace@example.com', ['I study ships.', 'Tell me about boats.']);

    // Another email on the same agent.
    const bob = await h.visit(link, 'bob@example.com');
    await bob.say('Hello');
    // The same email on another agent.
    const other = await h.seedLink();
    const graceElsewhere = await h.visit(other, 'grace@example.com');
    await graceElsewhere.say('Hello again');
    const theirs = h.promptRequests().slice(-4);
    expect(theirs).toHaveLength(4);
    for (const req of theirs) expect(systemOf(req)).toBe('You help visitors of the museum.');
    expect(await memoryOf(link.agentId, 'bob@example.com')).toBeNull();
    expect(await memoryOf(other.agentId, 'grace@example.com')).toBeNull();

    // A visitor without a verified email is not remembered at all.
    const open = await h.seedLink({ verified: false });
    const anonymous = await h.visit(open);
    await anonymous.say('one');
    await anonymous.say('two');
    await anonymous.say('three');
    // Events of the verified visitors above were counted meanwhile; the anonymous ones never are.
    await waitFor(async () => (await counted(other.agentId)).length === 1, { timeoutMs: 10_000 });
    // Every stored message's event handled: the anonymous visitor's would be counted now.
    await eventConsumersCaughtUp(h.ctx, 'events.message.stored');
    expect(await counted(open.agentId)).toEqual([]);
    expect(await counted(link.agentId)).toEqual([
      { visitor: 'email:bob@example.com', messages_counted: 3, summary: null },
      { visitor: 'email:grace@example.com', messages_counted: 5, summary: expect.stringMatching(/^Collects Roman coins/) },
    ]);
  });
});
