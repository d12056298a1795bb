import { type VisitorLanguage, visitorMailHeaders } from '@parley/contracts/visitor-mails';
import type { Logger } from '@parley/logger';
import type { MailMetrics } from '@parley/service';
import { createTransport } from 'nodemailer';

export interface Notice {
  to: string;
  subject: string;
  text: string;
  /** The same words as HTML: what a visitor's mail has besides its text, in their language and its direction. */
  html?: string | undefined;
  /** A visitor's mail's language, said in its Content-Language (docs/public-chat-api.md "Visitors' language and look"). */
  language?: VisitorLanguage | undefined;
}

/** Sends the sessions service's mails: escalation notices to operators and verified visitors, operators' answers to offline messages, and transcripts. */
export interface NoticeMailer {
  send(notice: Notice): Promise<void>;
  close?(): void;
}

/** Through the SMTP server of SMTP_URL, counted in `metrics`. */
export function smtpNoticeMailer(options: { smtpUrl: string; from: string; logger: Logger; metrics?: MailMetrics | undefined }): NoticeMailer {
  const transport = createTransport(options.smtpUrl);
  return {
    async send(notice) {
      const sending = transport.sendMail({
        from: options.from,
        to: notice.to,
        subject: notice.subject,
        text: notice.text,
        ...(notice.html === undefined ? {} : { html: notice.html }),
        ...(notice.language === undefined ? {} : { headers: visitorMailHeaders(notice.language) }),
      });
      await (options.metrics ? options.metrics.track('escalation_notice', sending) : sending);
      options.logger.debug({ subject: notice.subject }, 'notice mailed');
    },
    close: () => transport.close(),
  };
}

/** The one-process mode without SMTP_URL: notices are printed, as verification codes are. */
export function consoleNoticeMailer(write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): NoticeMailer {
  return {
    async send(notice) {
      write(`mail to ${notice.to}: ${notice.subject}\n${notice.text}`);
    },
  };
}
