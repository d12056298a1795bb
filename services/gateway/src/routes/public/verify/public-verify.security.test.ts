import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, type InjectResult } from '../../../../test/gateway-harness.js';
import { type MailHarness, startGatewayWithInbox } from '../../../../test/mail-harness.js';
import { createLink, visitorPost } from '../../../../test/public-link-fixtures.js';
import type { SmtpInbox } from '../../../../test/smtp-inbox.js';
import { CODE_LINK_TRIES } from '../../../limits/link-guard.js';
import { analyticsWhen } from '../../management/analytics/analytics.test-kit.js';

const count = (answers: InjectResult[], status: number) => answers.filter((answer) => answer.status === status).length;
const otherCode = (code: string, by = 1) => String((Number(code) + by) % 1_000_000).padStart(6, '0');

let addresses = 0;
/** Another client address, not used by any other test of the file. */
const freshAddress = () => `198.18.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`;

/**
 * Mails received for these addresses. A code is mailed before its request is answered 202 (the
 * inbox has accepted it by then), and a refused request mails nothing: once the answers are in,
 * every mail is.
 */
async function mailsTo(inbox: SmtpInbox, emails: string[]): Promise<number> {
  return inbox.mails.filter((mail) => mail.to.some((to) => emails.includes(to.toLowerCase()))).length;
}

describe('verification codes against guessing, verification mail against spamming', () => {
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let mail: MailHarness;

  beforeAll(async () => {
    mail = await startGatewayWithInbox({ verificationMails: { perIpPer10Minutes: 5, perLinkPerHour: 8, perHour: 1_000 } });
    ({ h, inbox } = mail);
  });
  afterAll(async () => mail?.stop());

  const start = (token: string, email: string, remoteAddress = freshAddress()) =>
    h.inject(visitorPost(`/api/public/verify/${token}`, { email }, { remoteAddress }));
  const confirm = (token: string, email: string, code: string, remoteAddress = freshAddress()) =>
    h.inject(visitorPost(`/api/public/verify/${token}/confirm`, { email, code }, { remoteAddress }));

  it('mails at most 5 codes per client address in 10 minutes, whatever the emails; the rest get 429 before any code is made', async () => {
    const link = await createLink(h, { require_email_verification: true });
    const address = freshAddress();
    const emails = Array.from({ length: 12 }, (_, i) => `spam-target-${i}@example.com`);
    const answers = await Promise.all(emails.map((email) => start(link.token, email, address)));
    expect(count(answers, 202), answers.map((answer) => answer.status).join()).toBe(5);
    for (const refused of answers.filter((answer) => answer.status !== 202)) {
      expectError(refused, 429, 'rate_limited', /verification mails from this address/);
      expect(refused.body.error.details).toEqual({ limit: 'mail_address' });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(500);
      expect(retryAfter).toBeLessThanOrEqual(600);
    }
    expect(await mailsTo(inbox, emails)).toBe(5);
    // No code was even issued for a refused email.
    const issued = await h.ctx.db.selectFrom('email_verifications').select('email').where('link_id', '=', link.id).execute();
    expect(issued).toHaveLength(5);
    // Another address still gets its mail.
    expect((await start(link.token, 'someone-else@example.com')).status).toBe(202);
  });

  it('mails at most the link’s hourly ceiling of codes, whatever the addresses', async () => {
    const link = await createLink(h, { require_email_verification: true });
    const emails = Array.from({ length: 10 }, (_, i) => `link-target-${i}@example.com`);
    const answers = [];
    for (const email of emails) answers.push(await start(link.token, email));
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 202, 202, 202, 202, 202, 429, 429]);
    expectError(answers[8]!, 429, 'rate_limited', /verification mails for this link/);
    expect(answers[8]!.body.error.details).toEqual({ limit: 'mail_link' });
    expect(Number(answers[8]!.headers['retry-after'])).toBeGreaterThan(3_000);
    expect(await mailsTo(inbox, emails)).toBe(8);
    // Another link is not held back.
    const other = await createLink(h, { require_email_verification: true });
    expect((await start(other.token, 'link-target-9@example.com')).status).toBe(202);
  });

  it('evaluates at most 5 of a burst of wrong codes for one email; the right code after them does not verify', async () => {
    const link = await createLink(h, { require_email_verification: true });
    const since = inbox.mails.length;
    expect((await start(link.token, 'burst@example.com')).status).toBe(202);
    const { code } = await inbox.next('burst@example.com', since);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => confirm(link.token, 'burst@example.com', otherCode(code, i + 1))));
    expect(count(answers, 401)).toBe(20);
    const evaluated = answers.filter((answer) => answer.body.error.details.attempts_left > 0 || answer.body.error.details.reason === 'wrong_code');
    expect(evaluated).toHaveLength(4);
    const row = await h.ctx.db.selectFrom('email_verifications').select('attempts').where('link_id', '=', link.id).executeTakeFirstOrThrow();
    expect(row.attempts).toBe(5);
    const right = await confirm(link.token, 'burst@example.com', code);
    expectError(right, 401, 'unauthorized', /too many wrong codes/);
  });

  it('locks a link’s code check for everyone after its budget of wrong codes from many addresses and emails', async () => {
    const link = await createLink(h, { require_email_verification: true });
    const since = inbox.mails.length;
    expect((await start(link.token, 'patient@example.com')).status).toBe(202);
    const { code } = await inbox.next('patient@example.com', since);

    // Wrong codes for many emails from many addresses: each within its own limits, together the link's budget and more.
    const answers = await Promise.all(Array.from({ length: CODE_LINK_TRIES + 10 }, (_, i) => confirm(link.token, `guess-${i}@example.com`, '000000')));
    expect(count(answers, 401)).toBe(CODE_LINK_TRIES);
    expect(count(answers, 429)).toBe(10);

    const locked = await confirm(link.token, 'patient@example.com', code);
    expectError(locked, 429, 'rate_limited', /wrong verification codes on this link/);
    expect(locked.body.error.details).toEqual({ limit: 'verification_link' });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(500);
    // The refused confirmation was not checked: the code is untouched.
    const row = await h.ctx.db.selectFrom('email_verifications').select(['attempts', 'consumed_at']).where('link_id', '=', link.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ attempts: 0, consumed_at: null });

    const lockouts = await waitFor(async () => {
      const rows = await h.ctx.db
        .selectFrom('security_events')
        .select('kind')
        .where('link_id', '=', link.id)
        .where('kind', '=', 'verification_lockout')
        .execute();
      return rows.length > 0 ? rows : false;
    });
    expect(lockouts).toHaveLength(1);
    await analyticsWhen(h, `/api/links/${link.id}/analytics`, link.tenantId, (body) => body.security_events.verification_lockout === 1);

    // Another link's codes still verify.
    const other = await createLink(h, { require_email_verification: true });
    const again = inbox.mails.length;
    expect((await start(other.token, 'patient@example.com')).status).toBe(202);
    const fresh = await inbox.next('patient@example.com', again);
    expect((await confirm(other.token, 'patient@example.com', fresh.code)).status).toBe(201);
  });
});

describe('the platform-wide ceiling of verification mail', () => {
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let mail: MailHarness;

  beforeAll(async () => {
    mail = await startGatewayWithInbox({ verificationMails: { perIpPer10Minutes: 100, perLinkPerHour: 100, perHour: 3 } });
    ({ h, inbox } = mail);
  });
  afterAll(async () => mail?.stop());

  it('mails at most the platform’s hourly ceiling of codes across links and addresses', async () => {
    const links = [await createLink(h, { require_email_verification: true }), await createLink(h, { require_email_verification: true })];
    const emails = Array.from({ length: 5 }, (_, i) => `platform-${i}@example.com`);
    const answers = [];
    for (const [i, email] of emails.entries()) {
      answers.push(await h.inject(visitorPost(`/api/public/verify/${links[i % 2]!.token}`, { email }, { remoteAddress: freshAddress() })));
    }
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 429, 429]);
    expectError(answers[3]!, 429, 'rate_limited', /verification mails on this server/);
    expect(answers[3]!.body.error.details).toEqual({ limit: 'mail_platform' });
    expect(Number(answers[3]!.headers['retry-after'])).toBeGreaterThan(3_000);
    expect(await mailsTo(inbox, emails)).toBe(3);
  });
});
