import { type VisitorLanguage, visitorMailHeaders, visitorMailHtml, visitorMailWords } from '@parley/contracts/visitor-mails';
import type { Logger } from '@parley/logger';
import type { MailMetrics } from '@parley/service';
import { createTransport } from 'nodemailer';

/** What a verification code's mail says: the code, the link it is for, until when, and the visitor's language. */
export interface VerificationCode {
  to: string;
  code: string;
  linkTitle: string;
  expiresAt: string;
  /** The language the visitor's page speaks (docs/public-chat-api.md "Visitors' language and look"); English when absent. */
  language?: VisitorLanguage | undefined;
}

/** Sends a visitor the code that verifies their email for a link. */
export interface VerificationMailer {
  sendCode(message: VerificationCode): Promise<void>;
}

/**
 * The mail, as text and as HTML, in the visitor's language (the HTML says it in `lang`, and runs
 * right to left for Arabic); the code is also the subject's end, for mail clients' previews.
 */
export function verificationMail(message: Omit<VerificationCode, 'to'>) {
  const t = visitorMailWords(message.language ?? 'en');
  const until = t.date(new Date(message.expiresAt));
  const text = [
    t.text('verification.intro', { title: message.linkTitle }),
    '',
    `    ${message.code}`,
    '',
    t.text('verification.use', { until }),
    t.text('verification.ignore'),
  ].join('\n');
  const html = visitorMailHtml(
    t.language,
    [
      `<p>${t.html('verification.intro', { title: message.linkTitle }, (title) => `<strong>${title}</strong>`)}</p>`,
      // The code reads left to right in every language.
      `<p dir="ltr" style="font-size: 28px; letter-spacing: 6px; font-weight: bold">${message.code}</p>`,
      `<p>${t.html('verification.use', { until })}</p>`,
      `<p style="color: #666">${t.html('verification.ignore')}</p>`,
    ].join('\n'),
  );
  return { subject: t.text('verification.subject', { code: message.code }), text, html, headers: visitorMailHeaders(t.language) };
}

/** Mails codes through the SMTP server of SMTP_URL (smtp:// or smtps://, credentials in the URL), counted in `metrics`. */
export function smtpMailer(options: {
  smtpUrl: string;
  from: string;
  logger: Logger;
  metrics?: MailMetrics | undefined;
}): VerificationMailer & { close(): void } {
  const transport = createTransport(options.smtpUrl);
  return {
    async sendCode(message) {
      const mail = verificationMail(message);
      const sending = transport.sendMail({ from: options.from, to: message.to, ...mail });
      await (options.metrics ? options.metrics.track('verification_code', sending) : sending);
      options.logger.debug({ linkTitle: message.linkTitle }, 'verification code mailed');
    },
    close: () => transport.close(),
  };
}

/**
 * The one-process mode without SMTP_URL: each code is printed to stdout, so whoever runs the
 * platform on their machine can verify an address without a mail server.
 */
export function consoleMailer(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): VerificationMailer {
  return {
    async sendCode(message) {
      write(`verification code for ${message.to} on "${message.linkTitle}": ${message.code} (valid until ${message.expiresAt})`);
    },
  };
}

/**
 * The mailer a deployment gets: SMTP when SMTP_URL is set; otherwise the console in the
 * one-process mode (someone at the terminal reads the code) and none for a gateway process
 * (links that need verification are then refused rather than never delivering a code).
 */
export function verificationMailerFor(
  mail: { smtpUrl: string | undefined; from: string },
  logger: Logger,
  withoutSmtp: 'console' | 'none',
  metrics?: MailMetrics,
): VerificationMailer | undefined {
  if (mail.smtpUrl) return smtpMailer({ smtpUrl: mail.smtpUrl, from: mail.from, logger, metrics });
  return withoutSmtp === 'console' ? consoleMailer() : undefined;
}
