import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { visitor } from '../../management/escalations/escalation.test-kit.js';
import { type FollowUpHarness, followUpLink, noMail, startFollowUpHarness, visit } from './public-follow-up.test-kit.js';

/** Bad requests to the follow-up routes: each a clear 4xx (or 503 when the platform cannot mail), and nothing stored or mailed. */
describe('leaving a message and the transcript: refusals', () => {
  let f: FollowUpHarness;
  let h: GatewayHarness;

  beforeAll(async () => {
    f = await startFollowUpHarness();
    h = f.h;
  });
  afterAll(async () => f?.stop());

  const offline = (token: string, body: unknown) => visitor(h, 'POST', `/api/public/chat/${token}/offline-message`, body);
  const transcript = (token: string, body: unknown) => visitor(h, 'POST', `/api/public/chat/${token}/transcript`, body);

  it('bad bodies are 400 invalid, naming the field', async () => {
    const { token } = await followUpLink(h);
    const session = await visit(h, token);
    const cases: Array<[unknown, string]> = [
      [{ session, email: 'not-an-address', content: 'hi' }, 'email'],
      [{ session, email: 'a@example.org', content: '' }, 'content'],
      [{ session, email: 'a@example.org', content: 'x'.repeat(4_001) }, 'content'],
      [{ session, content: 'hi' }, 'email'],
      [{ session, email: 'a@example.org', content: 'hi', extra: 1 }, ''],
      [{ email: 'a@example.org', content: 'hi' }, 'session'],
    ];
    for (const [body, field] of cases) {
      const answer = await offline(token, body);
      expectError(answer, 400, 'invalid');
      expect(JSON.stringify(answer.body.error.details)).toContain(field);
    }
    expectError(await transcript(token, { session, email: 'nope' }), 400, 'invalid');
    expectError(await transcript(token, { session }), 400, 'invalid');
    // Nothing of it reached the conversation.
    const history = await visitor(h, 'GET', `/api/public/history/${token}?session=${session}`);
    expect(history.body.messages.filter((m: { role: string }) => m.role === 'user')).toHaveLength(1);
  });

  it('an unknown session is 401; an ended conversation takes no message (410)', async () => {
    const { token } = await followUpLink(h);
    const unknown = `pcs_${'A'.repeat(32)}`;
    const refused = await offline(token, { session: unknown, email: 'a@example.org', content: 'hi' });
    expectError(refused, 401, 'unauthorized');
    expect(refused.body.error.details).toMatchObject({ reason: 'unknown_session' });
    expectError(await transcript(token, { session: unknown, email: 'a@example.org' }), 401, 'unauthorized');
    const session = await visit(h, token, 'bye');
    expectError(await offline(token, { session, email: 'a@example.org', content: 'hi' }), 410, 'gone');
  });

  it('a message left counts against the conversation’s message quota', async () => {
    const { token } = await followUpLink(h, { max_messages_per_session: 1 });
    const session = await visit(h, token);
    const refused = await offline(token, { session, email: 'a@example.org', content: 'one more' });
    expectError(refused, 429, 'quota_exceeded');
    expect(refused.body.error.details).toMatchObject({ quota: 'messages' });
  });

  it('the link’s content rules apply to a message left: a blocked one is 422 and stored nowhere', async () => {
    const { agent, token } = await followUpLink(h, { content_rules: { block_patterns: ['secret-word'] } });
    const session = await visit(h, token);
    expectError(await offline(token, { session, email: 'a@example.org', content: 'the secret-word is here' }), 422, 'content_blocked');
    const open = await h.admin('GET', '/api/inbox', undefined, agent.tenantId);
    expect(open.body.items).toEqual([]);
  });

  it('a conversation past retention has no transcript to send (410)', async () => {
    const { token } = await followUpLink(h);
    const ended = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'bye' });
    const { session, conversation_id: id } = ended.body as { session: string; conversation_id: string };
    await sql`UPDATE text_conversations SET ended_at = now() - interval '3 days' WHERE id = ${id}`.execute(h.ctx.db);
    await h.purgeEnded([id], 2);
    const mails = f.inbox.mails.length;
    const refused = await transcript(token, { session, email: 'late@example.org' });
    expectError(refused, 410, 'gone');
    expect(refused.body.error.details).toMatchObject({ reason: 'purged' });
    await noMail(f.inbox, 'late@example.org', mails);
  });
});

describe('transcripts without mail', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({}, { live: {} });
  });
  afterAll(async () => h?.stop());

  it('are not offered, and a request is 503 unavailable (mail_unavailable); a message can still be left', async () => {
    const { token } = await followUpLink(h);
    expect((await visitor(h, 'GET', `/api/public/links/${token}`)).body.transcript_by_email).toBe(false);
    const session = await visit(h, token);
    const refused = await visitor(h, 'POST', `/api/public/chat/${token}/transcript`, { session, email: 'a@example.org' });
    expectError(refused, 503, 'unavailable');
    expect(refused.body.error.details).toMatchObject({ reason: 'mail_unavailable' });
    const left = await visitor(h, 'POST', `/api/public/chat/${token}/offline-message`, { session, email: 'a@example.org', content: 'call me' });
    expect(left.status, left.text).toBe(201);
  });
});
