import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { type MailHarness, startGatewayWithInbox } from '../../../../test/mail-harness.js';
import { createLink, visitorPost } from '../../../../test/public-link-fixtures.js';
import type { SmtpInbox } from '../../../../test/smtp-inbox.js';

describe('email verification refusals', () => {
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let mail: MailHarness;

  beforeAll(async () => {
    // Every mail comes from one client address here: the gateway's mail ceilings are another test's (public-verify.security).
    mail = await startGatewayWithInbox({ verificationMails: { perIpPer10Minutes: 100, perLinkPerHour: 100, perHour: 1_000 } });
    ({ h, inbox } = mail);
  });
  afterAll(async () => mail?.stop());

  const start = (token: string, email: string) => h.inject(visitorPost(`/api/public/verify/${token}`, { email }));
  const confirm = (token: string, email: string, code: string) => h.inject(visitorPost(`/api/public/verify/${token}/confirm`, { email, code }));
  const otherCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

  it('refuses a wrong code with the attempts left, and kills the code after 5 wrong ones', async () => {
    const link = await createLink(h, { require_email_verification: true });
    const since = inbox.mails.length;
    expect((await start(link.token, 'cat@example.com')).status).toBe(202);
    const { code } = await inbox.next('cat@example.com', since);
    for (let attempt = 1; attempt <= 4; attempt++) {
      const wrong = await confirm(link.token, 'cat@example.com', otherCode(code));
      expectError(wrong, 401, 'unauthorized', /code is wrong/);
      expect(wrong.body.error.details).toEqual({ reason: 'wrong_code', attempts_left: 5 - attempt });
    }
    const fifth = await confirm(link.token, 'cat@example.com', otherCode(code));
    expectError(fifth, 401, 'unauthorized', /too many wrong codes/);
    expect(fifth.body.error.details).toEqual({ reason: 'too_many_attempts', attempts_left: 0 });
    // The right code no longer works either; a new code does.
    const dead = await confirm(link.token, 'cat@example.com', code);
    expectError(dead, 401, 'unauthorized', /too many wrong codes/);
    const again = inbox.mails.length;
    expect((await start(link.token, 'cat@example.com')).status).toBe(202);
    const fresh = await inbox.next('cat@example.com', again);
    expect((await confirm(link.token, 'cat@example.com', fresh.code)).status).toBe(201);

    const failures = await waitFor(async () => {
      const rows = await h.ctx.db
        .selectFrom('security_events')
        .select(['kind', 'count'])
        .where('link_id', '=', link.id)
        .where('kind', '=', 'verification_failed')
        .execute();
      // Failures that went out in one batch are one row with their count.
      return rows.reduce((sum, row) => sum + row.count, 0) === 6 ? rows : false;
    });
    expect(failures.reduce((sum, row) => sum + row.count, 0)).toBe(6);
  });

  it('sends at most 3 codes per address per 10 minutes (429 with Retry-After)', async () => {
    const link = await createLink(h, { require_email_verification: true });
    for (let send = 0; send < 3; send++) expect((await start(link.token, 'dan@example.com')).status).toBe(202);
    const limited = await start(link.token, 'DAN@example.com');
    expectError(limited, 429, 'rate_limited', /at most 3 codes/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Another address is not held back.
    expect((await start(link.token, 'eve@example.com')).status).toBe(202);
  });

  it('refuses a code that was never sent, a link without verification, and links that are gone', async () => {
    const link = await createLink(h, { require_email_verification: true });
    const never = await confirm(link.token, 'fay@example.com', '123456');
    expectError(never, 401, 'unauthorized', /no valid code/);
    expect(never.body.error.details).toEqual({ reason: 'no_code', attempts_left: 0 });

    const plain = await createLink(h);
    const notNeeded = await start(plain.token, 'fay@example.com');
    expectError(notNeeded, 409, 'conflict', /does not use email verification/);

    const inactive = await createLink(h, { require_email_verification: true, active: false });
    expectError(await start(inactive.token, 'fay@example.com'), 410, 'gone');
    expectError(await start('not-a-token', 'fay@example.com'), 404, 'not_found');
    const invalid = await h.inject(visitorPost(`/api/public/verify/${link.token}`, { email: 'not an email' }));
    expectError(invalid, 400, 'invalid');
    const badCode = await h.inject(visitorPost(`/api/public/verify/${link.token}/confirm`, { email: 'fay@example.com', code: '12ab56' }));
    expectError(badCode, 400, 'invalid');
  });
});

describe('email verification without a mail setup', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('answers 503 instead of pretending to send', async () => {
    const link = await createLink(h, { require_email_verification: true });
    const response = await h.inject(visitorPost(`/api/public/verify/${link.token}`, { email: 'gus@example.com' }));
    expectError(response, 503, 'unavailable', /not set up/);
  });
});
