import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../../../test/gateway-harness.js';
import { operator, operatorKey } from '../../management/escalations/escalation.test-kit.js';
import { type FollowUpHarness, followUpLink, noMail, startFollowUpHarness } from './public-follow-up.test-kit.js';

/**
 * The addresses visitors leave, and the language their mails are written in (docs/management-api.md
 * "Privacy"): in their export, gone with erasure and with retention.
 */
describe('the addresses of a message left and a transcript asked for, and the language, in export, erasure and retention', () => {
  let f: FollowUpHarness;

  beforeAll(async () => {
    f = await startFollowUpHarness();
  });
  afterAll(async () => f?.stop());

  /** A request from a visitor's page in Spanish. */
  const fromSpanishPage = (url: string, body: unknown) =>
    f.h.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', 'accept-language': 'es-MX,es;q=0.9' }, payload: JSON.stringify(body) });

  /** A conversation whose visitor (a Spanish page) left a message with one address and asked the transcript to another. */
  async function leftBoth(messageTo: string, transcriptTo: string) {
    const { h } = f;
    const link = await followUpLink(h);
    const first = await fromSpanishPage(`/api/public/chat/${link.token}`, { content: 'hello' });
    const { session, conversation_id: conversationId } = first.body as { session: string; conversation_id: string };
    const left = await fromSpanishPage(`/api/public/chat/${link.token}/offline-message`, { session, email: messageTo, content: 'my number is 0170 5550199' });
    expect(left.status, left.text).toBe(201);
    expect((await fromSpanishPage(`/api/public/chat/${link.token}/transcript`, { session, email: transcriptTo })).status).toBe(202);
    return { ...link, session, conversationId, escalationId: left.body.escalation.id as string };
  }

  const addresses = async (conversationId: string) => {
    const { h } = f;
    const conversation = await h.ctx.db
      .selectFrom('text_conversations')
      .select(['transcript_email', 'visitor_language', 'erased_at'])
      .where('id', '=', conversationId)
      .executeTakeFirstOrThrow();
    const escalations = await h.ctx.db.selectFrom('escalations').select('offline_email').where('conversation_id', '=', conversationId).execute();
    return {
      transcript: conversation.transcript_email,
      offline: escalations.map((e) => e.offline_email),
      language: conversation.visitor_language,
      erased: conversation.erased_at !== null,
    };
  };

  it('each address finds the conversation in its export, with both addresses in it', async () => {
    const { h } = f;
    const c = await leftBoth('kim@export.example', 'kim.transcripts@export.example');
    for (const email of ['kim@export.example', 'kim.transcripts@export.example']) {
      const exported = await h.admin('GET', `/api/visitors/${email}/export`, undefined, c.agent.tenantId);
      expect(exported.status, exported.text).toBe(200);
      expect(exported.body.conversations).toHaveLength(1);
      const [conversation] = exported.body.conversations;
      expect(conversation).toMatchObject({
        id: c.conversationId,
        transcript_email: 'kim.transcripts@export.example',
        transcript_sent_at: null,
        visitor_language: 'es',
      });
      expect(conversation.escalations).toEqual([
        expect.objectContaining({ id: c.escalationId, reason: 'offline message', offline_email: 'kim@export.example' }),
      ]);
      expect(JSON.stringify(conversation.messages)).toContain('0170 5550199');
    }
  });

  it('erasing the address erases the conversation, both addresses and the language: no transcript, no answer by mail goes out after', async () => {
    const { h, inbox } = f;
    const c = await leftBoth('lee@erase.example', 'lee.transcripts@erase.example');
    const key = await operatorKey(h, c.agent.tenantId, 'Ola');
    await operator(h, key, 'POST', `/api/inbox/${c.escalationId}/claim`);
    const erased = await h.admin('DELETE', '/api/visitors/lee@erase.example', undefined, c.agent.tenantId);
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body.erased.conversations).toBe(1);
    expect(await addresses(c.conversationId)).toEqual({ transcript: null, offline: [null], language: null, erased: true });
    const mails = inbox.mails.length;
    // The conversation ended with its erasure; an end told again (a redelivery) mails nothing.
    await h.bus.publish('events.session.ended', {
      conversationId: c.conversationId,
      sessionId: 'x',
      tenantId: c.agent.tenantId,
      agentId: c.agent.agentId,
      status: 'abandoned',
      at: new Date().toISOString(),
      totalTurns: 1,
      totalTransitions: 0,
    });
    expectError(await operator(h, key, 'POST', `/api/inbox/${c.escalationId}/messages`, { content: 'too late' }), 409, 'conflict');
    await noMail(inbox, 'lee.transcripts@erase.example', mails);
    await noMail(inbox, 'lee@erase.example', mails, 0);
    expect((await h.admin('GET', '/api/visitors/lee.transcripts@erase.example/export', undefined, c.agent.tenantId)).body.conversations).toEqual([]);
  });

  it('a visitor erasing their own conversation takes the addresses with it', async () => {
    const { h } = f;
    const c = await leftBoth('max@own.example', 'max.transcripts@own.example');
    const erased = await h.inject({ method: 'DELETE', url: `/api/public/chat/${c.token}/session?session=${c.session}` });
    expect(erased.status, erased.text).toBe(200);
    expect(await addresses(c.conversationId)).toEqual({ transcript: null, offline: [null], language: null, erased: true });
  });

  it('retention purges the addresses and the language with the messages', async () => {
    const { h } = f;
    const c = await leftBoth('noa@retention.example', 'noa.transcripts@retention.example');
    // Closed by an operator: ended, and its transcript sent; then past retention.
    const key = await operatorKey(h, c.agent.tenantId, 'Pat');
    await operator(h, key, 'POST', `/api/inbox/${c.escalationId}/close`);
    await f.inbox.next('noa.transcripts@retention.example');
    await sql`UPDATE text_conversations SET ended_at = now() - interval '3 days' WHERE id = ${c.conversationId}`.execute(h.ctx.db);
    await h.purgeEnded([c.conversationId], 2);
    expect(await addresses(c.conversationId)).toEqual({ transcript: null, offline: [null], language: null, erased: false });
  });
});
