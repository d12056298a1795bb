import { visitorMailHeaders, visitorMailLanguage } from '@parley/contracts/visitor-mails';
import type { Logger } from '@parley/logger';
import type { MailMetrics } from '@parley/service';
import { createTransport } from 'nodemailer';
import type { LinkMailer } from './types.js';

/**
 * Mails links through the SMTP server of SMTP_URL (smtp:// or smtps://, credentials in the URL).
 * A pooled transport: a bulk send of 1,000 mails goes over 10 connections kept open, not 1,000
 * opened one by one (each mail is four round trips; past about 10 connections, measured on a busy
 * machine, more only cost more). A server that allows fewer, or a relay that takes more, is told
 * so by nodemailer's options in the URL's query (`?maxConnections=5`).
 * Each attempt's own time limit is the distribution's; the socket timeouts here only free a
 * connection a server stopped answering on.
 */
export function smtpLinkMailer(options: { smtpUrl: string; from: string; logger: Logger; metrics?: MailMetrics | undefined }): LinkMailer & { close(): void } {
  const transport = createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: 10,
    maxMessages: 1_000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    // The signal: a mail still queued leaves the pool's queue, one being sent closes its connection.
    async send(mail, sending) {
      const sent = transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        ...(mail.language ? { headers: visitorMailHeaders(visitorMailLanguage(mail.language)) } : {}),
        signal: sending?.signal,
      });
      await (options.metrics ? options.metrics.track('link', sent) : sent);
      // Never the mail itself: it holds the link's URL.
      options.logger.debug({ subject: mail.subject }, 'link mailed');
    },
    close: () => transport.close(),
  };
}

/**
 * The one-process mode without SMTP_URL: each mail's text is printed to stdout (with its URL), so
 * whoever runs the platform on their machine can follow a sent link without a mail server.
 */
export function consoleLinkMailer(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): LinkMailer {
  return {
    async send(mail) {
      write(`mail to ${mail.to}: ${mail.subject}\n${mail.text}`);
    },
  };
}
