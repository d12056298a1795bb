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
    expect(mail.html).toContain('Support &lt;desk&gt;');
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

  it('mails a German visitor (Accept-Language: de) in German, and their session keeps the language for later mails', async () => {
    const link = await createLink(h, { title: 'Hilfe', require_email_verification: true });
    const since = inbox.mails.length;
    const german = { 'accept-language': 'de-CH, de;q=0.9, en;q=0.8' };
    expect((await h.inject(visitorPost(`/api/public/verify/${link.token}`, { email: 'greta@example.com' }, { headers: german }))).status).toBe(202);
    const mail = await inbox.next('greta@example.com', since);
    expect(mail.subject).toBe(`Ihr Bestätigungscode: ${mail.code}`);
    expect(mail.headers['content-language']).toBe('de');
    expect(mail.text).toContain('Ihr Bestätigungscode für „Hilfe“ lautet:');
    expect(mail.text).toMatch(/Er gilt bis \d{1,2}\. [A-Z][a-zä]+\.? \d{4}, \d{2}:\d{2} UTC und kann einmal verwendet werden\./);
    expect(mail.html).toContain('<html lang="de" dir="ltr">');
    const confirmed = await h.inject(
      visitorPost(`/api/public/verify/${link.token}/confirm`, { email: 'greta@example.com', code: mail.code }, { headers: german }),
    );
    expect(confirmed.status, confirmed.text).toBe(201);
    const row = await h.ctx.db
      .selectFrom('text_conversations')
      .select('visitor_language')
      .where('credential_hash', '=', sha256Hex(confirmed.body.session))
      .executeTakeFirstOrThrow();
    expect(row.visitor_language).toBe('de');
  });

  it('a link with its own language mails in it, whatever the browser asks for; one the pages do not speak mails English', async () => {
    const french = await createLink(h, { title: 'Aide', require_email_verification: true, locale: 'fr-CA' });
    const since = inbox.mails.length;
    const sent = await h.inject(visitorPost(`/api/public/verify/${french.token}`, { email: 'jean@example.com' }, { headers: { 'accept-language': 'de' } }));
    expect(sent.status, sent.text).toBe(202);
    const mail = await inbox.next('jean@example.com', since);
    expect(mail.subject).toBe(`Votre code de vérification : ${mail.code}`);
    expect(mail.headers['content-language']).toBe('fr');
    expect(mail.text).toContain('Votre code de vérification pour « Aide » est :');

    const portuguese = await createLink(h, { require_email_verification: true, locale: 'pt-BR' });
    const again = inbox.mails.length;
    expect(
      (await h.inject(visitorPost(`/api/public/verify/${portuguese.token}`, { email: 'ana@example.com' }, { headers: { 'accept-language': 'ja' } }))).status,
    ).toBe(202);
    const english = await inbox.next('ana@example.com', again);
    expect(english.subject).toBe(`Your verification code: ${english.code}`);
    expect(english.headers['content-language']).toBe('en');
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
