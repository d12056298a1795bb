import { describe, expect, it } from 'vitest';
import { consoleLinkMailer } from './link-mailer.js';
import { renderMail } from './messages.js';

describe('the console link mailer (one-process mode without SMTP_URL)', () => {
  it('prints the recipient, the subject and the text with its URL', async () => {
    const lines: string[] = [];
    const item = {
      tenantId: 't',
      linkId: 'lnk_1',
      url: 'http://127.0.0.1:8080/c/abc',
      title: 'Check-in',
      variables: { name: 'Ada <Lovelace>' },
      recipient: { email: 'ada@example.com', name: 'Ada <Lovelace>' },
    };
    const mail = renderMail(item, { channels: [{ type: 'email' }], message: 'See you, {{name}}!' }, 'ada@example.com');
    await consoleLinkMailer((line) => lines.push(line)).send(mail);
    expect(lines).toEqual([`mail to ada@example.com: Check-in\n${mail.text}`]);
    expect(mail.text).toContain('Hello Ada <Lovelace>,\n\nSee you, Ada <Lovelace>!');
    expect(mail.text).toContain('http://127.0.0.1:8080/c/abc');
    // In HTML, a name is text, never markup.
    expect(mail.html).toContain('Hello Ada &lt;Lovelace&gt;,');
    expect(mail.html).toContain('See you, Ada &lt;Lovelace&gt;!');
    expect(mail.html).not.toContain('<Lovelace>');
  });
});
