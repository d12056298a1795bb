import { describe, expect, it } from 'vitest';
import { answerMail, waitingMail } from './visitor-mails.js';

describe('visitor mails of the sessions service', () => {
  it('"a person will answer you soon" in Arabic, right to left', () => {
    const mail = waitingMail('ann@example.com', 'ar', false);
    expect(mail).toMatchObject({ to: 'ann@example.com', subject: 'سيرد عليك أحد الموظفين قريبًا', language: 'ar' });
    expect(mail.text).toBe(
      'طلبتَ التحدث إلى شخص. لا يوجد أحد متاح الآن، لكن محادثتك في قائمة الانتظار.\nسيرد عليك أحد الموظفين في المحادثة نفسها في أقرب وقت ممكن: افتحها مجددًا لقراءة الرد.',
    );
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
  });

  it('in English when no language was kept, or one the pages do not speak', () => {
    expect(waitingMail('ann@example.com', null, true)).toMatchObject({ subject: 'A person will answer you soon', language: 'en' });
    expect(waitingMail('ann@example.com', 'pt', true).text).toContain('Everyone is busy right now');
  });

  it('an operator’s answer in German, their words as written and escaped in the HTML', () => {
    const mail = answerMail('nina@example.org', 'de', { operator: 'Olga', tenant: 'Acme', content: 'Hello <Nina>,\nsee you.' });
    expect(mail.subject).toBe('Olga von Acme hat auf Ihre Nachricht geantwortet');
    expect(mail.text).toBe(
      [
        'Olga hat auf die Nachricht geantwortet, die Sie im Chat hinterlassen haben:',
        '',
        'Hello <Nina>,\nsee you.',
        '',
        'Sie können die Antwort auch im Chat lesen, auf dem Gerät, auf dem Sie Ihre Nachricht hinterlassen haben, solange das Gespräch offen ist.',
      ].join('\n'),
    );
    expect(mail.html).toContain('<html lang="de" dir="ltr">');
    expect(mail.html).toContain('<strong>Olga</strong> hat auf die Nachricht geantwortet');
    expect(mail.html).toContain('Hello &lt;Nina&gt;,<br>see you.');
    expect(answerMail('nina@example.org', 'de', { operator: 'Olga', tenant: undefined, content: 'x' }).subject).toBe('Olga hat auf Ihre Nachricht geantwortet');
  });
});
