import type { LinkAccess } from '@parley/contracts';
import { byPurpose, defaultHandler, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSummaryRequest, type MemoryHarness, startMemoryHarness, systemOf } from './memory-harness.js';

/** A host site's signed-in user has a memory of their own, as a verified email does, on every device they use. */
describe('visitor memory of signed-in users', () => {
  let h: MemoryHarness;

  beforeAll(async () => {
    h = await startMemoryHarness();
    await h.startMemory();
    h.llm.setHandler(byPurpose({ reply: (req) => (isSummaryRequest(req) ? { content: 'Rides a blue road bike.' } : defaultHandler(req)) }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  const memoryOf = async (agentId: string, who: { email: string } | { userId: string; userRealm: string }) =>
    (await h.client.request('memory.get', { agentId, ...who })).summary;
  const rows = (agentId: string) =>
    h.ctx.db.selectFrom('visitor_memories').select(['visitor', 'messages_counted', 'summary']).where('agent_id', '=', agentId).orderBy('visitor').execute();

  it('summarises a user’s messages and tells the agent on their next device; keyed by the user, not by the email the host passed', async () => {
    const link: LinkAccess = await h.seedLink({ verified: false });
    const phone = await h.visitAs(link, { id: 'Rider-7', email: 'rider@example.com' });
    await phone.say('My bike is blue.');
    await phone.say('It is a road bike.');
    const userRealm = phone.realm as string;
    await waitFor(async () => (await memoryOf(link.agentId, { userId: 'Rider-7', userRealm })) !== null, { timeoutMs: 10_000 });

    const before = h.promptRequests().length;
    await h.visitAs(link, { id: 'Rider-7' });
    expect(systemOf(h.promptRequests()[before]!)).toContain('Rides a blue road bike.');

    // User ids keep their case; the unverified email has no memory; another user has none.
    expect(await memoryOf(link.agentId, { userId: 'rider-7', userRealm })).toBeNull();
    expect(await memoryOf(link.agentId, { email: 'rider@example.com' })).toBeNull();
    const stranger = await h.visitAs(link, { id: 'someone-else' });
    const asked = h.promptRequests().length;
    await stranger.say('Hello');
    expect(systemOf(h.promptRequests()[asked]!)).not.toContain('Rides a blue road bike.');
    // Counted as the events arrive: the phone's 5 messages and the second device's greeting; the stranger's 3.
    const expected = [
      { visitor: `user:${userRealm}:Rider-7`, messages_counted: 6, summary: 'Rides a blue road bike.' },
      { visitor: `user:${userRealm}:someone-else`, messages_counted: 3, summary: null },
    ];
    await waitFor(async () => JSON.stringify(await rows(link.agentId)) === JSON.stringify(expected), { timeoutMs: 10_000 });
  });

  it('the same user id signed by another link’s secret is another person: the memory made on one link is not told on the other', async () => {
    const link: LinkAccess = await h.seedLink({ verified: false });
    const other = await h.anotherLinkOf(link);
    const phone = await h.visitAs(link, { id: 'Rider-9' });
    await phone.say('My bike is blue.');
    await phone.say('It is a road bike.');
    const summarised = async () => (await rows(link.agentId)).some((row) => row.summary !== null);
    await waitFor(summarised, { timeoutMs: 10_000 });

    // On the same link the user's next device is told; on the other link the same id is not.
    const before = h.promptRequests().length;
    await h.visitAs(link, { id: 'Rider-9' });
    expect(systemOf(h.promptRequests()[before]!)).toContain('Rides a blue road bike.');
    const elsewhere = h.promptRequests().length;
    const stranger = await h.visitAs(other, { id: 'Rider-9' });
    await stranger.say('Hello');
    for (const request of h.promptRequests().slice(elsewhere)) expect(systemOf(request)).not.toContain('Rides a blue road bike.');
    // Two memories: one per (link identity, user id).
    await waitFor(async () => (await rows(link.agentId)).length === 2, { timeoutMs: 10_000 });

    // The user erases their own conversation on the first link: that realm's memory goes, the
    // other link's person with the same id keeps theirs (as the public self-erasure route asks).
    const erased = await h.client.request('memory.privacy.erase', {
      tenantId: link.tenantId,
      agentId: link.agentId,
      userId: 'Rider-9',
      userRealm: phone.realm as string,
    });
    expect(erased.memories).toBe(1);
    expect((await rows(link.agentId)).map((row) => row.visitor)).toEqual([`user:${stranger.realm}:Rider-9`]);
  });
});
