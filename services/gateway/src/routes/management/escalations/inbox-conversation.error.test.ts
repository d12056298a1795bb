import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { desk, escalatedVisitor, generousPublicLimits } from './inbox-conversation.test-kit.js';

/** What the notes, labels and search routes refuse, and how they say it. */
describe('the inbox as a conversation: refusals', () => {
  let h: GatewayHarness;
  let d: Awaited<ReturnType<typeof desk>>;
  let c: Awaited<ReturnType<typeof escalatedVisitor>>;

  beforeAll(async () => {
    h = await startGatewayHarness({ publicLimits: generousPublicLimits }, { live: {} });
    d = await desk(h);
    c = await escalatedVisitor(h, d.token, 'hi', ['help me']);
  });
  afterAll(async () => h?.stop());

  const noteRows = () => h.ctx.db.selectFrom('conversation_notes').select('text').where('conversation_id', '=', c.conversationId).execute();

  it('refuses a note without words, one too long or with other fields (400, naming the field), and one on an escalation that is not there (404)', async () => {
    for (const body of [{}, { text: '' }, { text: '   ' }, { text: 'x'.repeat(4_001) }, { text: 7 }, { text: 'ok', visible: true }]) {
      const refused = await h.withKey(d.dana, 'POST', `/api/inbox/${c.escalationId}/notes`, body);
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details), JSON.stringify(body)).toMatch(/text|visible/);
    }
    expectError(await h.withKey(d.dana, 'POST', '/api/inbox/esc_AAAAAAAAAAAAAAAA/notes', { text: 'lost' }), 404, 'not_found');
    expectError(await h.withKey(d.dana, 'POST', '/api/inbox/not-an-id/notes', { text: 'lost' }), 404, 'not_found');
    expect(await noteRows()).toEqual([]);
    // The longest note is taken whole.
    expect((await h.withKey(d.dana, 'POST', `/api/inbox/${c.escalationId}/notes`, { text: 'y'.repeat(4_000) })).status).toBe(201);
  });

  it('refuses labels that are not lower-case words joined by hyphens, longer than 32 characters or more than 10, and an unknown conversation', async () => {
    const url = `/api/conversations/${c.conversationId}/labels`;
    for (const labels of [
      ['two words'],
      ['under_score'],
      ['-dash'],
      ['dash-'],
      [''],
      ['x'.repeat(33)],
      Array.from({ length: 11 }, (_, i) => `l${i}`),
      ['ok', 5],
      'billing',
    ]) {
      const refused = await h.withKey(d.dana, 'PUT', url, { labels });
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details), JSON.stringify(labels)).toContain('labels');
    }
    expectError(await h.withKey(d.dana, 'PUT', url, {}), 400, 'invalid');
    expectError(await h.withKey(d.dana, 'PUT', url, { labels: [], extra: 1 }), 400, 'invalid');
    expectError(await h.withKey(d.dana, 'PUT', '/api/conversations/00000000-0000-4000-8000-000000000000/labels', { labels: ['a'] }), 404, 'not_found');
    expectError(await h.withKey(d.dana, 'PUT', '/api/conversations/not-a-uuid/labels', { labels: ['a'] }), 404, 'not_found');
    // Words of other scripts and digits are labels too; ten of them at most, 32 characters each.
    const kept = await h.withKey(d.dana, 'PUT', url, { labels: ['Réclamation', 'vip-2026', 'x'.repeat(32), ...Array.from({ length: 7 }, (_, i) => `l${i}`)] });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.body.labels.slice(0, 3)).toEqual(['réclamation', 'vip-2026', 'x'.repeat(32)]);
  });

  it('refuses a search with an unknown status, an empty or overlong query, a bad label, limit or cursor (400), and an agent the tenant does not have (404)', async () => {
    for (const query of ['status=open', 'q=', `q=${'a'.repeat(201)}`, 'label=Two%20Words', 'limit=0', 'limit=101', 'cursor=nonsense', 'sort=asc']) {
      const refused = await h.withKey(d.dana, 'GET', `/api/conversations?${query}`);
      expectError(refused, 400, 'invalid');
    }
    expectError(await h.withKey(d.dana, 'GET', '/api/conversations?agent=nobody'), 404, 'not_found');
    // A query of no words finds nothing rather than failing.
    const punctuation = await h.withKey(d.dana, 'GET', `/api/conversations?q=${encodeURIComponent('!!! ???')}`);
    expect(punctuation.status, punctuation.text).toBe(200);
    expect(punctuation.body.conversations).toEqual([]);
  });
});
