import { inboxLogKey } from '@parley/stores';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { operator, visitor } from './escalation.test-kit.js';
import { desk, escalatedVisitor, generousPublicLimits } from './inbox-conversation.test-kit.js';

/** The inbox as a conversation (docs/escalation.md "The inbox"): who the visitor is, what they said last, what is unread, notes, labels, search. */
describe('the inbox as a conversation', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({ publicLimits: generousPublicLimits }, { live: {} });
  });
  afterAll(async () => h?.stop());

  const itemOf = async (key: string, escalationId: string) => {
    const listed = await operator(h, key, 'GET', '/api/inbox?state=all');
    expect(listed.status, listed.text).toBe(200);
    return listed.body.items.find((item: { escalation_id: string }) => item.escalation_id === escalationId);
  };

  it('lists each conversation with the visitor the workflow collected, their last message as its preview, and what each operator has not read', async () => {
    const d = await desk(h);
    const c = await escalatedVisitor(h, d.token, 'hi', ['My parcel never arrived in Lisbon', `${'Still waiting. '.repeat(20)}Please help.`]);
    const item = await itemOf(d.dana, c.escalationId);
    expect(item.visitor).toEqual({ name: 'Ana Lima', email: 'ana@example.com' });
    // The visitor's last message, on one line and cut to 140 characters.
    expect([...item.preview]).toHaveLength(140);
    expect(item.preview).toMatch(/^Still waiting\. Still waiting\..*…$/);
    // Both messages since the escalation opened are unread to either operator; what came before it was the agent's.
    expect(item.unread).toBe(2);
    expect(item.labels).toEqual([]);

    // Reading the conversation marks it read for that operator only.
    const read = await operator(h, d.dana, 'GET', `/api/conversations/${c.conversationId}`);
    expect(read.status, read.text).toBe(200);
    expect(read.body.visitor).toEqual({ name: 'Ana Lima', email: 'ana@example.com' });
    expect((await itemOf(d.dana, c.escalationId)).unread).toBe(0);
    expect((await itemOf(d.erin, c.escalationId)).unread).toBe(2);
    await visitor(h, 'POST', `/api/public/chat/${d.token}`, { content: 'Hello? Anyone?', session: c.session });
    expect((await itemOf(d.dana, c.escalationId)).unread).toBe(1);
    expect((await itemOf(d.erin, c.escalationId)).unread).toBe(3);

    // An operator's answer is the conversation's last message; the preview stays the visitor's.
    expect((await operator(h, d.dana, 'POST', `/api/inbox/${c.escalationId}/claim`)).body.item.unread).toBe(1);
    expect((await operator(h, d.dana, 'POST', `/api/inbox/${c.escalationId}/messages`, { content: 'Dana here: **on it**.' })).status).toBe(201);
    const answered = await itemOf(d.dana, c.escalationId);
    expect(answered).toMatchObject({ last_message: 'Dana here: **on it**.', preview: 'Hello? Anyone?' });
  });

  it('keeps internal notes for the operators: in the conversation and the inbox stream, recorded in the audit log without their words', async () => {
    const d = await desk(h);
    const c = await escalatedVisitor(h, d.token, 'hi', ['Where is my refund?']);
    const noted = await operator(h, d.erin, 'POST', `/api/inbox/${c.escalationId}/notes`, { text: '  Refund agreed by phone; check on Monday.  ' });
    expect(noted.status, noted.text).toBe(201);
    expect(noted.body).toEqual({
      id: expect.stringMatching(/^note_[A-Za-z0-9_-]{16}$/),
      escalation_id: c.escalationId,
      text: 'Refund agreed by phone; check on Monday.',
      author_name: 'Erin',
      created_at: expect.any(String),
    });
    // Anyone who may see the escalation notes it, claimed or not.
    await operator(h, d.dana, 'POST', `/api/inbox/${c.escalationId}/claim`);
    expect((await operator(h, d.dana, 'POST', `/api/inbox/${c.escalationId}/notes`, { text: 'Calling them now.' })).status).toBe(201);
    const view = await operator(h, d.erin, 'GET', `/api/conversations/${c.conversationId}`);
    expect(view.body.notes.map((n: { author_name: string; text: string }) => `${n.author_name}: ${n.text}`)).toEqual([
      'Erin: Refund agreed by phone; check on Monday.',
      'Dana: Calling them now.',
    ]);
    // A note is no message of the conversation.
    expect(JSON.stringify(view.body.messages)).not.toContain('Refund agreed');

    let entries: Array<{ target: { id: string }; details: object }> = [];
    await waitFor(async () => {
      entries = (await h.admin('GET', '/api/audit?action=escalation.note', undefined, d.tenantId)).body.entries;
      return entries.length >= 2;
    });
    expect(entries.map((entry) => [entry.target.id, entry.details])).toEqual([
      [c.escalationId, { note_id: expect.stringMatching(/^note_/) }],
      [c.escalationId, { note_id: noted.body.id }],
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/Refund agreed|Calling them/);
    // The inbox's live log carries it to the operators.
    const logged = await h.live?.readAfter(inboxLogKey(d.tenantId), undefined, 1_000);
    expect(logged?.events.filter((e) => e.event === 'note').map((e) => (e.data as { text: string }).text)).toEqual([
      'Refund agreed by phone; check on Monday.',
      'Calling them now.',
    ]);
  });

  it('labels a conversation (lower-cased, each once): shown on its inbox item and in its view, filterable, and audited with the labels', async () => {
    const d = await desk(h);
    const c = await escalatedVisitor(h, d.token, 'hi', ['billing question']);
    const labelled = await h.withKey(d.dana, 'PUT', `/api/conversations/${c.conversationId}/labels`, { labels: ['Billing', 'follow-up', 'billing'] });
    expect(labelled.status, labelled.text).toBe(200);
    expect(labelled.body).toEqual({ labels: ['billing', 'follow-up'] });
    expect((await itemOf(d.dana, c.escalationId)).labels).toEqual(['billing', 'follow-up']);
    expect((await operator(h, d.erin, 'GET', `/api/conversations/${c.conversationId}`)).body.labels).toEqual(['billing', 'follow-up']);
    const other = await escalatedVisitor(h, d.token, 'hello', ['a question about shipping']);
    const found = await operator(h, d.dana, 'GET', '/api/conversations?label=billing');
    expect(found.body.conversations.map((x: { conversation_id: string }) => x.conversation_id)).toEqual([c.conversationId]);
    expect(found.body.conversations[0]).toMatchObject({ labels: ['billing', 'follow-up'], escalation: { id: c.escalationId, state: 'waiting' } });
    // The whole list each time: an empty one removes them.
    expect((await h.withKey(d.dana, 'PUT', `/api/conversations/${c.conversationId}/labels`, { labels: [] })).body.labels).toEqual([]);
    expect((await operator(h, d.dana, 'GET', '/api/conversations?label=billing')).body.conversations).toEqual([]);
    expect((await operator(h, d.dana, 'GET', `/api/conversations/${other.conversationId}`)).body.labels).toEqual([]);

    let entries: Array<{ action: string; target: { kind: string; id: string }; details: object }> = [];
    await waitFor(async () => {
      entries = (await h.admin('GET', `/api/audit?target=${c.conversationId}`, undefined, d.tenantId)).body.entries;
      return entries.length >= 2;
    });
    expect(entries.map((entry) => [entry.action, entry.target.kind, entry.details])).toEqual([
      ['conversation.labels', 'conversation', { labels: [] }],
      ['conversation.labels', 'conversation', { labels: ['billing', 'follow-up'] }],
    ]);
  });

  it('searches the words of the messages: a word of a visitor’s message finds its conversation, with words around the match, newest first in pages', async () => {
    const d = await desk(h, { name: 'Bruno Costa', email: 'bruno@example.com' });
    const parcel = await escalatedVisitor(h, d.token, 'hi', [
      `${'I ordered a bicycle pump and a bell some weeks ago and paid by card. '.repeat(3)}The courier says the parcel was left at the depot in Porto.`,
    ]);
    const refund = await escalatedVisitor(h, d.token, 'hello', ['I want a REFUND for the parcel']);
    await escalatedVisitor(h, d.token, 'good day', ['my bell rings too quietly']);

    const byWord = await operator(h, d.dana, 'GET', '/api/conversations?q=depot');
    expect(byWord.status, byWord.text).toBe(200);
    expect(byWord.body.next_cursor).toBeNull();
    expect(byWord.body.conversations).toHaveLength(1);
    const [hit] = byWord.body.conversations;
    expect(hit).toMatchObject({
      conversation_id: parcel.conversationId,
      agent: d.agentName,
      channel: 'link',
      status: 'active',
      visitor: { name: 'Bruno Costa', email: 'bruno@example.com' },
      escalation: { id: parcel.escalationId, state: 'waiting' },
      unread: 1,
      labels: [],
    });
    expect(hit.match).toMatch(/^….*depot in Porto\.$/);
    expect(hit.preview).toMatch(/^I ordered a bicycle pump.*…$/);

    // Any case; every word must occur; newest first.
    const both = await operator(h, d.dana, 'GET', '/api/conversations?q=PARCEL');
    expect(both.body.conversations.map((x: { conversation_id: string }) => x.conversation_id)).toEqual([refund.conversationId, parcel.conversationId]);
    expect(both.body.conversations[0].match).toBe('I want a REFUND for the parcel');
    const narrowed = await operator(h, d.dana, 'GET', `/api/conversations?q=${encodeURIComponent('parcel refund')}`);
    expect(narrowed.body.conversations.map((x: { conversation_id: string }) => x.conversation_id)).toEqual([refund.conversationId]);
    expect((await operator(h, d.dana, 'GET', '/api/conversations?q=unicycle')).body.conversations).toEqual([]);

    // Pages of `limit`, the next by its cursor.
    const first = await operator(h, d.dana, 'GET', '/api/conversations?limit=2');
    expect(first.body.conversations).toHaveLength(2);
    const second = await operator(h, d.dana, 'GET', `/api/conversations?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.conversations.map((x: { conversation_id: string }) => x.conversation_id)).toEqual([parcel.conversationId]);
    expect(second.body.next_cursor).toBeNull();
    // By agent and status.
    expect((await operator(h, d.dana, 'GET', `/api/conversations?agent=${d.agentName}&status=active`)).body.conversations).toHaveLength(3);
    expect((await operator(h, d.dana, 'GET', '/api/conversations?status=completed')).body.conversations).toEqual([]);
  });
});
