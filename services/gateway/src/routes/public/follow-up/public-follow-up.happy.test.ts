import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTranscriptMails } from '../../../config.js';
import { operator, operatorKey, visitor } from '../../management/escalations/escalation.test-kit.js';
import { type FollowUpHarness, followUpLink, mailText, noMail, startFollowUpHarness, visit } from './public-follow-up.test-kit.js';

/**
 * What a visitor leaves to be followed up by email (docs/escalation.md "Leaving a message", "Transcripts
 * by email"), as a loopback SMTP server receives it.
 */
describe('leaving a message, and the transcript by email', () => {
  let f: FollowUpHarness;

  beforeAll(async () => {
    // Every visitor here asks from one address: more transcripts than one address may ask for in
    // 10 minutes (public-follow-up.limits.test.ts holds visitors to that).
    f = await startFollowUpHarness({ transcriptMails: { ...defaultTranscriptMails, perIpPer10Minutes: 100 } });
  });
  afterAll(async () => f?.stop());

  it('a message left offline opens the conversation in the inbox, marked offline; each answer is stored and mailed once', async () => {
    const { h, inbox } = f;
    const { agent, token } = await followUpLink(h);
    const session = await visit(h, token);
    const left = await visitor(h, 'POST', `/api/public/chat/${token}/offline-message`, {
      session,
      email: 'Nina@Example.org',
      content: 'Please call me back about order 12.',
    });
    expect(left.status, left.text).toBe(201);
    expect(left.body).toMatchObject({ message_id: expect.any(String), escalation: { id: expect.stringMatching(/^esc_/), state: 'waiting', position: 1 } });

    const key = await operatorKey(h, agent.tenantId, 'Olga');
    const listed = await operator(h, key, 'GET', '/api/inbox');
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        escalation_id: left.body.escalation.id,
        reason: 'offline message',
        offline: true,
        last_message: 'Please call me back about order 12.',
      }),
    ]);
    const history = await visitor(h, 'GET', `/api/public/history/${token}?session=${session}`);
    expect(history.body.messages.at(-1)).toMatchObject({ id: left.body.message_id, role: 'user', content: 'Please call me back about order 12.' });

    const id = left.body.escalation.id as string;
    expect((await operator(h, key, 'POST', `/api/inbox/${id}/claim`)).status).toBe(200);
    const mails = inbox.mails.length;
    const answer = await operator(h, key, 'POST', `/api/inbox/${id}/messages`, { content: 'Hello Nina, we will call you at 3 pm.' });
    expect(answer.status, answer.text).toBe(201);
    // The address as the visitor typed it, lower-cased.
    const mail = await inbox.next('nina@example.org', mails);
    expect(mail.subject).toContain('Olga');
    expect(mailText(mail.raw)).toContain('Hello Nina, we will call you at 3 pm.');
    const again = await operator(h, key, 'POST', `/api/inbox/${id}/messages`, { content: 'And here is the reference: R-7.' });
    expect(again.status).toBe(201);
    await inbox.next('nina@example.org', mails + 1);
    await noMail(inbox, 'nina@example.org', mails + 2);
    expect(inbox.mails.slice(mails).filter((m) => m.to.includes('nina@example.org'))).toHaveLength(2);
    // The answers are in the conversation as any operator's.
    const after = await visitor(h, 'GET', `/api/public/history/${token}?session=${session}`);
    expect(after.body.messages.filter((m: { role: string }) => m.role === 'operator').map((m: { content: string }) => m.content)).toEqual([
      'Hello Nina, we will call you at 3 pm.',
      'And here is the reference: R-7.',
    ]);
  });

  it('an answer to a message left from a Spanish page is mailed in Spanish, the operator’s words as written', async () => {
    const { h, inbox } = f;
    const { agent, token } = await followUpLink(h);
    const session = await visit(h, token);
    const left = await h.inject({
      method: 'POST',
      url: `/api/public/chat/${token}/offline-message`,
      headers: { 'content-type': 'application/json', 'accept-language': 'es-ES,es;q=0.9' },
      payload: JSON.stringify({ session, email: 'lucia@example.org', content: 'Llámenme, por favor.' }),
    });
    expect(left.status, left.text).toBe(201);
    const key = await operatorKey(h, agent.tenantId, 'Olga');
    const id = left.body.escalation.id as string;
    expect((await operator(h, key, 'POST', `/api/inbox/${id}/claim`)).status).toBe(200);
    const mails = inbox.mails.length;
    expect((await operator(h, key, 'POST', `/api/inbox/${id}/messages`, { content: 'We will call you at 3 pm.' })).status).toBe(201);
    const mail = await inbox.next('lucia@example.org', mails);
    expect(mail.subject).toMatch(/^Olga(, de .+,)? ha respondido a su mensaje$/);
    expect(mail.headers['content-language']).toBe('es');
    expect(mail.text).toBe(
      [
        'Olga ha respondido al mensaje que dejó en el chat:',
        '',
        'We will call you at 3 pm.',
        '',
        'También puede leer la respuesta en el chat, en el dispositivo desde el que dejó su mensaje, mientras la conversación siga abierta.',
      ].join('\n'),
    );
    expect(mail.html).toContain('<html lang="es" dir="ltr">');
  });

  it('a message left while the conversation already waits for a person joins that escalation', async () => {
    const { h } = f;
    const { agent, token } = await followUpLink(h);
    const session = await visit(h, token);
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'Refund' });
    expect(asked.status, asked.text).toBe(201);
    const left = await visitor(h, 'POST', `/api/public/chat/${token}/offline-message`, {
      session,
      email: 'omar@example.org',
      content: 'I have to go; mail me.',
    });
    expect(left.status, left.text).toBe(201);
    expect(left.body.escalation.id).toBe(asked.body.escalation.id);
    const key = await operatorKey(h, agent.tenantId, 'Pia');
    const listed = await operator(h, key, 'GET', '/api/inbox');
    expect(listed.body.items).toEqual([expect.objectContaining({ escalation_id: asked.body.escalation.id, reason: 'Refund', offline: true })]);
  });

  it('the transcript goes to the visitor when the conversation ends, with every message, its names and times, once', async () => {
    const { h, inbox } = f;
    const { token } = await followUpLink(h);
    const session = await visit(h, token, 'billing');
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/transcript`, { session, email: 'tara@example.org' });
    expect(asked.status, asked.text).toBe(202);
    expect(asked.body).toEqual({ email: 'tara@example.org', at: 'end' });
    const mails = inbox.mails.length;
    await noMail(inbox, 'tara@example.org', mails);
    const ended = await visitor(h, 'POST', `/api/public/chat/${token}`, { session, content: 'bye now' });
    expect(ended.body.session_ended).toBe(true);
    const mail = await inbox.next('tara@example.org', mails);
    expect(mail.subject).toMatch(/^Your conversation with /);
    const text = mailText(mail.raw);
    expect(text).toContain('Support desk');
    // Times as the visitor's language writes them (English here: no Accept-Language), in UTC.
    expect(text).toMatch(/\[[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC\] You:\n {2}billing/);
    expect(mail.headers['content-language']).toBe('en');
    expect(text).toContain('Billing it is. Anything else?');
    expect(text).toContain('Goodbye!');
    // Asked again with the same address: it went already, nothing more goes.
    const again = await visitor(h, 'POST', `/api/public/chat/${token}/transcript`, { session, email: 'tara@example.org' });
    expect(again.status, again.text).toBe(202);
    expect(again.body.at).toBe('now');
    await noMail(inbox, 'tara@example.org', mails + 1);
  });

  it('a Japanese visitor’s transcript is in Japanese, its HTML too; the tenant’s copy stays English', async () => {
    const { h, inbox } = f;
    const { agent, token } = await followUpLink(h, { transcript_to_tenant: true });
    expect((await h.admin('PUT', `/api/tenants/${agent.tenantId}`, { operator_email: 'desk@japan.example' })).status).toBe(200);
    const japanese = { 'content-type': 'application/json', 'accept-language': 'ja-JP,ja;q=0.9' };
    const first = await h.inject({ method: 'POST', url: `/api/public/chat/${token}`, headers: japanese, payload: JSON.stringify({ content: 'billing' }) });
    expect(first.status, first.text).toBe(200);
    const session = first.body.session as string;
    const asked = await h.inject({
      method: 'POST',
      url: `/api/public/chat/${token}/transcript`,
      headers: japanese,
      payload: JSON.stringify({ session, email: 'yuki@example.org' }),
    });
    expect(asked.status, asked.text).toBe(202);
    const mails = inbox.mails.length;
    expect((await visitor(h, 'POST', `/api/public/chat/${token}`, { session, content: 'bye' })).body.session_ended).toBe(true);
    const mail = await inbox.next('yuki@example.org', mails);
    expect(mail.subject).toMatch(/との会話$/);
    expect(mail.headers['content-language']).toBe('ja');
    expect(mail.text).toMatch(/^Support desk – .+との会話\n開始：\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2} UTC、終了：/);
    expect(mail.text).toMatch(/\[\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2} UTC\] あなた:\n {2}billing/);
    expect(mail.text).toContain('Billing it is. Anything else?');
    expect(mail.text).toContain('この記録は、チャットでのご依頼によりお送りしています。');
    expect(mail.html).toContain('<html lang="ja" dir="ltr">');
    expect(mail.html).toContain('<strong>あなた</strong>');
    const toTenant = await inbox.next('desk@japan.example', mails);
    expect(toTenant.subject).toBe('Transcript: Support desk');
    expect(toTenant.text).toContain('Visitor:\n  billing');
    expect(toTenant.html).toBe('');
  });

  it('closed by an operator: the transcript names the person; the tenant gets its copy when the link says so', async () => {
    const { h, inbox } = f;
    const { agent, token } = await followUpLink(h, { transcript_to_tenant: true });
    expect((await h.admin('PUT', `/api/tenants/${agent.tenantId}`, { operator_email: 'desk@tenant.example' })).status).toBe(200);
    const session = await visit(h, token);
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'Help' });
    expect((await visitor(h, 'POST', `/api/public/chat/${token}/transcript`, { session, email: 'uma@example.org' })).status).toBe(202);
    const key = await operatorKey(h, agent.tenantId, 'Quentin');
    const id = asked.body.escalation.id as string;
    await operator(h, key, 'POST', `/api/inbox/${id}/claim`);
    await operator(h, key, 'POST', `/api/inbox/${id}/messages`, { content: 'Sorted, have a nice day.' });
    const mails = inbox.mails.length;
    expect((await operator(h, key, 'POST', `/api/inbox/${id}/close`)).status).toBe(200);
    const toVisitor = mailText((await inbox.next('uma@example.org', mails)).raw);
    expect(toVisitor).toContain('Quentin (a person):\n  Sorted, have a nice day.');
    const toTenant = await inbox.next('desk@tenant.example', mails);
    expect(toTenant.subject).toBe('Transcript: Support desk');
    expect(mailText(toTenant.raw)).toContain('Visitor:\n  hello');
    await noMail(inbox, 'uma@example.org', mails + 2);
    expect(inbox.mails.slice(mails)).toHaveLength(2);
  });

  it('ended by its owner, or idle past its timeout: the transcript goes out then too', async () => {
    const { h, inbox } = f;
    const { agent, token, linkId } = await followUpLink(h, { session_timeout_minutes: 1 });
    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'billing' });
    expect((await visitor(h, 'POST', `/api/public/chat/${token}/transcript`, { session: first.body.session, email: 'owner.ended@example.org' })).status).toBe(
      202,
    );
    const mails = inbox.mails.length;
    const ended = await h.admin(
      'POST',
      `/api/agents/${agent.name}/public-links/${linkId}/sessions/${first.body.conversation_id}/end`,
      undefined,
      agent.tenantId,
    );
    expect(ended.status, ended.text).toBe(200);
    expect(mailText((await inbox.next('owner.ended@example.org', mails)).raw)).toContain('Billing it is.');

    const idle = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hello' });
    expect((await visitor(h, 'POST', `/api/public/chat/${token}/transcript`, { session: idle.body.session, email: 'idle@example.org' })).status).toBe(202);
    await sql`UPDATE text_conversations SET updated_at = now() - interval '5 minutes' WHERE id = ${idle.body.conversation_id}`.execute(h.ctx.db);
    expect((await h.bus.request('sessions.abandon-idle', { idleSeconds: 3_600 })).abandoned).toBeGreaterThanOrEqual(1);
    expect(mailText((await inbox.next('idle@example.org', mails)).raw)).toContain('Say billing or bye.');
  });

  it('asked for after the end: mailed at once; a second address gets nothing', async () => {
    const { h, inbox } = f;
    const { token } = await followUpLink(h);
    const session = await visit(h, token, 'bye');
    const mails = inbox.mails.length;
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/transcript`, { session, email: 'vera@example.org' });
    expect(asked.status, asked.text).toBe(202);
    expect(asked.body.at).toBe('now');
    expect(mailText((await inbox.next('vera@example.org', mails)).raw)).toContain('Goodbye!');
    const other = await visitor(h, 'POST', `/api/public/chat/${token}/transcript`, { session, email: 'someone.else@example.org' });
    expect(other.status, other.text).toBe(409);
    expect(other.body.error.details.reason).toBe('transcript_sent');
    await noMail(inbox, 'someone.else@example.org', mails);
  });

  it('a file the visitor sent is named in the transcript, not attached', async () => {
    const { h, inbox } = f;
    const { token } = await followUpLink(h, { uploads: { enabled: true } });
    const session = await visit(h, token);
    const boundary = 'follow-up-boundary';
    const upload = await h.inject({
      method: 'POST',
      url: `/api/public/chat/${token}/uploads?session=${session}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\nmy notes\r\n--${boundary}--\r\n`,
      ),
    });
    expect(upload.status, upload.text).toBe(201);
    const sent = await visitor(h, 'POST', `/api/public/chat/${token}`, { session, content: 'see attached', attachments: [upload.body.upload_id] });
    expect(sent.status, sent.text).toBe(200);
    await visitor(h, 'POST', `/api/public/chat/${token}/transcript`, { session, email: 'wes@example.org' });
    const mails = inbox.mails.length;
    await visitor(h, 'POST', `/api/public/chat/${token}`, { session, content: 'bye' });
    const mail = await inbox.next('wes@example.org', mails);
    expect(mailText(mail.raw)).toContain('(file: notes.txt, text/plain, 8 byte – not attached to this mail)');
    expect(mail.raw).not.toMatch(/Content-Disposition: attachment/i);
  });
});
