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
    // English unless told, and said so.
    expect(mail.headers).toEqual({ 'Content-Language': 'en' });
    expect(mail.html).toContain('<html lang="en" dir="ltr">');
  });

  it('write a German visitor in German, the date as German writes it', () => {
    const mail = verificationMail({ code: '042137', linkTitle: 'Hilfe', expiresAt: '2030-01-01T09:30:00.000Z', language: 'de' });
    expect(mail.subject).toBe('Ihr Bestätigungscode: 042137');
    expect(mail.text).toBe(
      [
        'Ihr Bestätigungscode für „Hilfe“ lautet:',
        '',
        '    042137',
        '',
        'Geben Sie ihn im Chat ein, um fortzufahren. Er gilt bis 1. Jan. 2030, 09:30 UTC und kann einmal verwendet werden.',
        'Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail.',
      ].join('\n'),
    );
    expect(mail.html).toContain('<html lang="de" dir="ltr">');
    expect(mail.html).toContain('Ihr Bestätigungscode für „<strong>Hilfe</strong>“ lautet:');
    expect(mail.headers).toEqual({ 'Content-Language': 'de' });
  });

  it('write an Arabic visitor right to left, the code still left to right', () => {
    const mail = verificationMail({ code: '042137', linkTitle: 'المساعدة', expiresAt: '2030-01-01T09:30:00.000Z', language: 'ar' });
    expect(mail.subject).toBe('رمز التحقق الخاص بك: 042137');
    expect(mail.text).toContain('رمز التحقق الخاص بك لـ«المساعدة» هو:');
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.html).toContain('<body dir="rtl"');
    expect(mail.html).toContain('<p dir="ltr" style="font-size: 28px; letter-spacing: 6px; font-weight: bold">042137</p>');
    expect(mail.headers).toEqual({ 'Content-Language': 'ar' });
  });
});
