import { sha256Hex } from '@parley/auth';
import { createLogger } from '@parley/logger';
import { smtpNoticeMailer } from '@parley/sessions';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { type SmtpInbox, startSmtpInbox } from '../../../../test/smtp-inbox.js';
import { smtpMailer } from '../../../mail/verification-mailer.js';
import { listen, seedLink } from '../../public/live/public-events.test-kit.js';
import { deskAgent, follow, operatorKey, visitor } from './escalation.test-kit.js';

describe('nobody there: waiting escalations are noticed once, by mail and in the conversation', () => {
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let mailer: ReturnType<typeof smtpNoticeMailer>;
  let codes: ReturnType<typeof smtpMailer>;
  let base: string;
  /** How far the sessions service's clock is ahead of the system's: a test moves it past the notice delay instead of waiting. */
  let ahead = 0;
  const clock = () => new Date(Date.now() + ahead);

  beforeAll(async () => {
    inbox = await startSmtpInbox();
    mailer = smtpNoticeMailer({ smtpUrl: inbox.url, from: 'Parley <no-reply@parley.test>', logger: createLogger({ service: 'mail', level: 'silent' }) });
    codes = smtpMailer({ smtpUrl: inbox.url, from: 'Parley <no-reply@parley.test>', logger: createLogger({ service: 'mail', level: 'silent' }) });
    h = await startGatewayHarness({}, { live: {}, mailer: codes, escalations: { notifyAfterSeconds: 60, mailer }, routing: { clock } });
    base = await listen(h.app);
  });
  beforeEach(() => {
    ahead = 0;
  });
  afterAll(async () => {
    await h?.stop();
    mailer?.close?.();
    codes?.close();
    await inbox?.close();
  });

  /** A tenant with an operator address and a link; a visitor of it who asks for a person. */
  async function escalated(operatorEmail: string) {
    const { agent, token, link } = await seedLink(h, deskAgent);
    expect((await h.admin('PUT', `/api/tenants/${agent.tenantId}`, { operator_email: operatorEmail })).status).toBe(200);
    const first = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hello' });
    const session = first.body.session as string;
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session, reason: 'Refund for order 77' });
    expect(asked.status, asked.text).toBe(201);
    return { agent, token, link, session, id: asked.body.escalation.id as string };
  }

  it('with no operator online: the operator address is mailed and the visitor told, once, however many passes run at once', async () => {
    const c = await escalated('desk@refunds.example');
    const live = follow(`${base}/api/public/events/${c.token}?session=${c.session}`, ['message']);
    await live.opened;
    const mails = inbox.mails.length;
    const passes = await Promise.all([h.notices.runOnce(), h.notices.runOnce(), h.notices.runOnce()]);
    expect(passes.reduce((a, b) => a + b, 0)).toBe(1);
    const mail = await inbox.next('desk@refunds.example', mails);
    expect(mail.subject).toBe('A conversation is waiting for a person: Refund for order 77');
    expect(mail.raw).toContain(`http://console.test/console/inbox/${c.id}`);
    const history = await visitor(h, 'GET', `/api/public/history/${c.token}?session=${c.session}`);
    const told = {
      role: 'system',
      content: 'Nobody is available right now. A person will answer here as soon as they can.',
      // Its code, which the pages show in the visitor's language (docs/public-chat-api.md "Notices").
      notice: 'nobody_available',
    };
    expect(history.body.messages.at(-1)).toMatchObject(told);
    // The visitor watching is told live, with the same code.
    expect(await waitFor(() => live.received.find((e) => e.data.role === 'system'))).toMatchObject({ event: 'message', data: told });
    live.source.close();
    expect(await h.notices.runOnce()).toBe(0);
    expect(inbox.mails.filter((m) => m.to.includes('desk@refunds.example'))).toHaveLength(1);
  });

  it('with an operator online: no notice until the escalation has waited past ESCALATION_NOTIFY_AFTER_SECONDS', async () => {
    const c = await escalated('desk@online.example');
    const key = await operatorKey(h, c.agent.tenantId, 'Olga');
    const open = follow(`${base}/api/inbox/events`, ['escalation'], { authorization: `Bearer ${key}` });
    await open.opened;
    expect(await h.notices.runOnce()).toBe(0);
    ahead += 61_000;
    const mails = inbox.mails.length;
    expect(await h.notices.runOnce()).toBe(1);
    const mail = await inbox.next('desk@online.example', mails);
    // Quoted-printable folds long lines with a soft break (=CRLF).
    expect(mail.raw.replace(/=\r\n/g, '')).toContain('nobody has claimed it yet');
    open.source.close();
  });

  it("with the admin key's inbox open: nobody is told that nobody is there – a long wait is told as busy, beside the place in line", async () => {
    const c = await escalated('desk@admin-watch.example');
    const open = follow(`${base}/api/inbox/events`, ['escalation', 'message'], { authorization: `Bearer ${ADMIN_KEY}`, 'x-tenant-id': c.agent.tenantId });
    await open.opened;
    // A second visitor asks while the admin watches: a place in line and no "nobody online" offer.
    const second = await visitor(h, 'POST', `/api/public/chat/${c.token}`, { content: 'hello' });
    const asked = await visitor(h, 'POST', `/api/public/chat/${c.token}/escalate`, { session: second.body.session, reason: 'Where is my parcel' });
    expect(asked.status, asked.text).toBe(201);
    expect(asked.body.escalation.position).toBeGreaterThan(0);
    expect(asked.body.offline).toBeUndefined();
    expect(await h.notices.runOnce()).toBe(0);
    ahead += 61_000;
    expect(await h.notices.runOnce()).toBe(2);
    for (const session of [c.session, second.body.session as string]) {
      const history = await visitor(h, 'GET', `/api/public/history/${c.token}?session=${session}`);
      const last = history.body.messages.at(-1);
      expect(last).toMatchObject({
        role: 'system',
        content: 'Everyone is busy right now. You keep your place in line, and a person will answer here as soon as they can.',
        notice: 'everyone_busy',
      });
    }
    // The inbox is told of the notice as the visitor is, its code with it.
    const toInbox = await waitFor(() => {
      const told = open.received.filter((e) => e.event === 'message' && e.data.role === 'system');
      return told.length === 2 && told;
    });
    for (const e of toInbox) expect(e.data).toMatchObject({ notice: 'everyone_busy', escalation_id: expect.any(String) });
    open.source.close();
  });

  it('a verified visitor is also told by mail; a claimed escalation is never noticed', async () => {
    const { agent, token, link } = await seedLink(h, deskAgent);
    expect((await h.admin('PUT', `/api/tenants/${agent.tenantId}`, { operator_email: 'desk@verified.example' })).status).toBe(200);
    // A session bound to a verified email, as confirming a code starts one.
    const started = await h.bus.request('sessions.public-start', { link, email: 'ann@visitor.example' });
    const asked = await h.bus.request('sessions.escalations.create', {
      target: { linkId: link.linkId, credentialHash: sha256Hex(started.session) },
      reason: 'Invoice',
      source: 'visitor',
    });
    const mails = inbox.mails.length;
    expect(await h.notices.runOnce()).toBe(1);
    const toVisitor = await inbox.next('ann@visitor.example', mails);
    expect(toVisitor.subject).toBe('A person will answer you soon');
    const history = await visitor(h, 'GET', `/api/public/history/${token}?session=${started.session}`);
    expect(history.body.messages.at(-1).content).toContain('We will also tell you by email.');
    expect(history.body.messages.at(-1).notice).toBe('nobody_available_email');

    const other = await visitor(h, 'POST', `/api/public/chat/${token}`, { content: 'hi' });
    const second = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session: other.body.session, reason: 'Claimed fast' });
    const key = await operatorKey(h, agent.tenantId, 'Quick');
    expect((await h.withKey(key, 'POST', `/api/inbox/${second.body.escalation.id}/claim`)).status).toBe(200);
    expect(await h.notices.runOnce()).toBe(0);
    expect(asked.escalation.state).toBe('waiting');
  });

  it('the mail to a visitor is in the language of the page they started from: Arabic, right to left; the operators’ stays English', async () => {
    const { agent, token } = await seedLink(h, deskAgent, { require_email_verification: true });
    expect((await h.admin('PUT', `/api/tenants/${agent.tenantId}`, { operator_email: 'desk@arabic.example' })).status).toBe(200);
    const arabic = { 'content-type': 'application/json', 'accept-language': 'ar-EG,ar;q=0.9,en;q=0.5' };
    const since = inbox.mails.length;
    const sent = await h.inject({
      method: 'POST',
      url: `/api/public/verify/${token}`,
      headers: arabic,
      payload: JSON.stringify({ email: 'layla@visitor.example' }),
    });
    expect(sent.status, sent.text).toBe(202);
    const { code } = await inbox.next('layla@visitor.example', since);
    const confirmed = await h.inject({
      method: 'POST',
      url: `/api/public/verify/${token}/confirm`,
      headers: arabic,
      payload: JSON.stringify({ email: 'layla@visitor.example', code }),
    });
    expect(confirmed.status, confirmed.text).toBe(201);
    const asked = await visitor(h, 'POST', `/api/public/chat/${token}/escalate`, { session: confirmed.body.session, reason: 'Invoice' });
    expect(asked.status, asked.text).toBe(201);
    const mails = inbox.mails.length;
    expect(await h.notices.runOnce()).toBe(1);
    const toVisitor = await inbox.next('layla@visitor.example', mails);
    expect(toVisitor.subject).toBe('سيرد عليك أحد الموظفين قريبًا');
    expect(toVisitor.headers['content-language']).toBe('ar');
    expect(toVisitor.text).toContain('طلبتَ التحدث إلى شخص. لا يوجد أحد متاح الآن');
    expect(toVisitor.html).toContain('<html lang="ar" dir="rtl">');
    const toDesk = await inbox.next('desk@arabic.example', mails);
    expect(toDesk.subject).toBe('A conversation is waiting for a person: Invoice');
    expect(toDesk.headers['content-language']).toBeUndefined();
  });
});
