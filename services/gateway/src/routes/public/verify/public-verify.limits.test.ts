import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayHarness } from '../../../../test/gateway-harness.js';
import { type MailHarness, startGatewayWithInbox } from '../../../../test/mail-harness.js';
import { createLink, visitorPost } from '../../../../test/public-link-fixtures.js';
import type { SmtpInbox } from '../../../../test/smtp-inbox.js';

describe('the per-email limit of verified visitors', () => {
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let mail: MailHarness;
  const base = { perIpPerMinute: 1_000, perSessionPerMinute: 1_000, perEmailPerMinute: 3, invalidTokensPerIpPerMinute: 1_000 };

  beforeAll(async () => {
    mail = await startGatewayWithInbox({ publicLimits: base });
    ({ h, inbox } = mail);
  });
  afterAll(async () => mail?.stop());

  /** A session bound to `email`, from a mailed code. */
  async function verifiedSession(token: string, email: string): Promise<string> {
    const since = inbox.mails.length;
    expect((await h.inject(visitorPost(`/api/public/verify/${token}`, { email }))).status).toBe(202);
    const { code } = await inbox.next(email, since);
    const confirmed = await h.inject(visitorPost(`/api/public/verify/${token}/confirm`, { email, code }));
    expect(confirmed.status, confirmed.text).toBe(201);
    return confirmed.body.session;
  }

  it('counts the messages of every session of one email together, also a new conversation', async () => {
    const link = await createLink(h, { require_email_verification: true, rate_limit_per_minute: 1_000 });
    const first = await verifiedSession(link.token, 'carol@example.com');
    const second = await verifiedSession(link.token, 'Carol@Example.com');
    const send = (session: string, content: string, path = `/api/public/chat/${link.token}`) => h.inject(visitorPost(path, { content, session }));
    expect((await send(first, 'one')).status).toBe(200);
    expect((await send(second, 'two')).status).toBe(200);
    // A new conversation carries the email over, and its limit with it.
    const fresh = await send(first, 'three', `/api/public/chat/${link.token}/new`);
    expect(fresh.status, fresh.text).toBe(200);
    const refused = await send(fresh.body.session, 'four');
    expect(refused.status, refused.text).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', details: { limit: 'email' } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another email is not affected.
    const other = await verifiedSession(link.token, 'dave@example.com');
    expect((await send(other, 'hello')).status).toBe(200);
  });
});
