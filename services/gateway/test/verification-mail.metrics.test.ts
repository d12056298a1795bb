import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from './gateway-harness.js';
import { type MailHarness, startGatewayWithInbox } from './mail-harness.js';
import { createLink, visitorPost } from './public-link-fixtures.js';

/** The sum of a counter's series with these labels in a /metrics text. */
function counted(text: string, name: string, labels: Record<string, string>): number {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

describe('the verification mails in the metrics', () => {
  let mail: MailHarness;

  beforeAll(async () => {
    mail = await startGatewayWithInbox();
  });
  afterAll(async () => mail?.stop());

  it('counts a code the SMTP server took as sent, and one it could not take as failed', async () => {
    const { h, inbox, registry } = mail;
    const link = await createLink(h, { require_email_verification: true });
    const sent = await h.inject(visitorPost(`/api/public/verify/${link.token}`, { email: 'ann@example.com' }));
    expect(sent.status, sent.text).toBe(202);
    await inbox.next('ann@example.com');
    let text = await registry.metrics();
    expect(counted(text, 'parley_mail_deliveries_total', { kind: 'verification_code', outcome: 'sent' })).toBe(1);
    expect(counted(text, 'parley_mail_deliveries_total', { kind: 'verification_code', outcome: 'failed' })).toBe(0);

    // The mail server goes away: the visitor is told to retry, and the mail is counted as failed.
    await inbox.close();
    const refused = await h.inject(visitorPost(`/api/public/verify/${link.token}`, { email: 'bob@example.com' }));
    expectError(refused, 503, 'unavailable', /could not be sent/);
    text = await registry.metrics();
    expect(counted(text, 'parley_mail_deliveries_total', { kind: 'verification_code', outcome: 'sent' })).toBe(1);
    expect(counted(text, 'parley_mail_deliveries_total', { kind: 'verification_code', outcome: 'failed' })).toBe(1);
    // Nothing of the mail's address or link is a label.
    expect(text).not.toContain('example.com');
    expect(text).not.toContain(link.token);
  });
});
