import type { Logger } from '@parley/logger';
import type { MailMetrics } from '@parley/service';
import { createTransport } from 'nodemailer';
import { escapeHtml } from '../edge/html.js';

/** Sends a visitor the code that verifies their email for a link. */
export interface VerificationMailer {
  sendCode(message: { to: string; code: string; linkTitle: string; expiresAt: string }): Promise<void>;
}

/** The mail, as text and as HTML; the code is also the subject's end, for mail clients' previews. */
export function verificationMail(message: { code: string; linkTitle: string; expiresAt: string }) {
  const until = new Date(message.expiresAt).toUTCString();
  const text = [
    `Your verification code for "${message.linkTitle}" is:`,
    '',
    `    ${message.code}`,
    '',
    `Enter it in the chat to continue. It is valid until ${until} and can be used once.`,
    'If you did not ask for it, ignore this mail.',
  ].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    `<p>Your verification code for <strong>${escapeHtml(message.linkTitle)}</strong> is:</p>`,
    `<p style="font-size: 28px; letter-spacing: 6px; font-weight: bold">${message.code}</p>`,
    `<p>Enter it in the chat to continue. It is valid until ${escapeHtml(until)} and can be used once.</p>`,
    '<p style="color: #666">If you did not ask for it, ignore this mail.</p>',
    '</body></html>',
  ].join('\n');
  return { subject: `Your verification code: ${message.code}`, text, html };
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
