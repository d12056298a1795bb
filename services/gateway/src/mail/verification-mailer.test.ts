import { createLogger } from '@parley/logger';
import { describe, expect, it } from 'vitest';
import { consoleMailer, verificationMail, verificationMailerFor } from './verification-mailer.js';

const logger = createLogger({ service: 'mailer-test', level: 'silent' });

describe('verification mailers', () => {
  it('print the code in the one-process mode without SMTP, and give a gateway process none', async () => {
    const lines: string[] = [];
    await consoleMailer((line) => lines.push(line)).sendCode({
      to: 'ann@example.com',
      code: '042137',
      linkTitle: 'Help',
      expiresAt: '2030-01-01T00:00:00.000Z',
    });
    expect(lines).toEqual(['verification code for ann@example.com on "Help": 042137 (valid until 2030-01-01T00:00:00.000Z)']);
    expect(verificationMailerFor({ smtpUrl: undefined, from: 'x@y.z' }, logger, 'none')).toBeUndefined();
    expect(verificationMailerFor({ smtpUrl: undefined, from: 'x@y.z' }, logger, 'console')).toBeDefined();
  });

  it('write the code in both the text and the HTML, with the link title escaped in HTML', () => {
    const mail = verificationMail({ code: '042137', linkTitle: '<b>Help</b>', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(mail.subject).toBe('Your verification code: 042137');
    expect(mail.text).toContain('042137');
    expect(mail.html).toContain('042137');
    expect(mail.html).toContain('&lt;b&gt;Help&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>Help</b>');
  });
});
