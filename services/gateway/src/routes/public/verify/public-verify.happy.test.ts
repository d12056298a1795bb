import { sha256Hex } from '@parley/auth';
import { sessionCredentialPattern } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';
import { type MailHarness, startGatewayWithInbox } from '../../../../test/mail-harness.js';
import { createLink, visitorPost } from '../../../../test/public-link-fixtures.js';
import type { SmtpInbox } from '../../../../test/smtp-inbox.js';

describe('email verification of a link’s visitors', () => {
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let mail: MailHarness;

  beforeAll(async () => {
    mail = await startGatewayWithInbox();
    ({ h, inbox } = mail);
  });
  afterAll(async () => mail?.stop());

  it('mails a 6-digit code that, confirmed, starts a session bound to the email', async () => {
    const link = await createLink(h, { title: 'Support <desk>', require_email_verification: true });
    const before = Date.now();
    const sent = await h.inject(visitorPost(`/api/public/verify/${link.token}`, { email: 'Ann@Example.com' }));
    expect(sent.status, sent.text).toBe(202);
    const expiresIn = Date.parse(sent.body.expires_at) - before;
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000 + 2_000);

    const mail = await inbox.next('Ann@Example.com');
    expect(mail.code).toMatch(/^\d{6}$/);
    expect(mail.raw).toMatch(/^From: Parley <no-reply@parley\.test>/m);
    // Readable as text and as HTML, the title escaped in the HTML.
    expect(mail.raw).toContain('text/plain');
    expect(mail.raw).toContain('text/html');
    expect(mail.raw).toContain('Support &lt;desk&gt;');
    // Only a hash of the code is stored.
    const row = await h.ctx.db.selectFrom('email_verifications').selectAll().where('link_id', '=', link.id).executeTakeFirstOrThrow();
    expect(row.email).toBe('ann@example.com');
    expect(JSON.stringify(row)).not.toContain(mail.code);

    const confirmed = await h.inject(visitorPost(`/api/public/verify/${link.token}/confirm`, { email: 'ann@example.com', code: mail.code }));
    expect(confirmed.status, confirmed.text).toBe(201);
    expect(confirmed.body.session).toMatch(sessionCredentialPattern);
    expect(typeof confirmed.body.conversation_id).toBe('string');
    const conversation = await h.ctx.db
      .selectFrom('text_conversations')
      .select(['visitor_email', 'link_id', 'channel'])
      .where('credential_hash', '=', sha256Hex(confirmed.body.session))
      .executeTakeFirstOrThrow();
    expect(conversation).toEqual({ visitor_email: 'ann@example.com', link_id: link.id, channel: 'link' });

    // A code starts one session.
    const again = await h.inject(visitorPost(`/api/public/verify/${link.token}/confirm`, { email: 'ann@example.com', code: mail.code }));
    expect(again.status).toBe(401);
    expect(again.body.error.details).toEqual({ reason: 'no_code', attempts_left: 0 });
  });

  it('takes the passcode of a link that has one along with the code', async () => {
    const link = await createLink(h, { require_email_verification: true, passcode: 'open sesame' });
    const since = inbox.mails.length;
    expect((await h.inject(visitorPost(`/api/public/verify/${link.token}`, { email: 'bob@example.com' }))).status).toBe(202);
    const { code } = await inbox.next('bob@example.com', since);
    const confirmed = await h.inject(visitorPost(`/api/public/verify/${link.token}/confirm`, { email: 'bob@example.com', code, passcode: 'open sesame' }));
    expect(confirmed.status, confirmed.text).toBe(201);
  });
});
