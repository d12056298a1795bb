import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** The subject as a mail client shows it (RFC 2047 words decoded, folded lines joined). */
  subject: string;
  /** The 6-digit code, read from the mail as a visitor would. */
  code: string;
  /** Its headers, unfolded, by lower-case name (the first of each). */
  headers: Record<string, string>;
  /** Its text/plain part decoded; '' when it has none. */
  text: string;
  /** Its text/html part decoded; '' when it has none. */
  html: string;
}

export interface SmtpInbox {
  url: string;
  mails: ReceivedMail[];
  /** The next mail to `to` that arrives after `since` mails were in the inbox. */
  next(to: string, since?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** A header block as name → value, continuation lines joined (the first of each name). */
function headersOf(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers[name] ??= line.slice(colon + 1).trim();
  }
  return headers;
}

/** `=?UTF-8?B?…?=` and `=?UTF-8?Q?…?=` words as text; the space between two such words is not the text's. */
function decodeWords(value: string): string {
  return value.replace(/(\?=)\s+(=\?)/g, '$1$2').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_whole, _charset: string, encoding: string, data: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(
          data.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_hex, code: string) => String.fromCharCode(Number.parseInt(code, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** A part's body as text, by its Content-Transfer-Encoding. */
function decodeBody(body: string, encoding: string | undefined): string {
  switch (encoding?.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return Buffer.from(
        body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_hex, code: string) => String.fromCharCode(Number.parseInt(code, 16))),
        'latin1',
      )
        .toString('utf8')
        .replace(/\r\n/g, '\n');
    default:
      return body.replace(/\r\n/g, '\n');
  }
}

/** The text and HTML parts of a mail (one level of multipart/alternative or mixed, or a single part). */
function partsOf(headers: Record<string, string>, body: string): { text: string; html: string } {
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!type.toLowerCase().startsWith('multipart/') || !boundary) {
    const decoded = decodeBody(body, headers['content-transfer-encoding']);
    return type.toLowerCase().startsWith('text/html') ? { text: '', html: decoded } : { text: decoded, html: '' };
  }
  const found = { text: '', html: '' };
  for (const part of body.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const inner = partsOf(headersOf(part.slice(0, split)), part.slice(split + 4).replace(/\r\n$/, ''));
    found.text ||= inner.text;
    found.html ||= inner.html;
  }
  return found;
}

/** What a mail client shows of a raw mail: its headers, subject, and text and HTML parts decoded. */
export function readMail(raw: string): Pick<ReceivedMail, 'headers' | 'subject' | 'text' | 'html'> {
  const split = raw.indexOf('\r\n\r\n');
  const headers = headersOf(split < 0 ? raw : raw.slice(0, split));
  return { headers, subject: decodeWords(headers.subject ?? ''), ...partsOf(headers, split < 0 ? '' : raw.slice(split + 4)) };
}

/** A real SMTP server on loopback (smtp-server) that keeps every mail it receives. */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const read = readMail(raw);
        const code = /(\d{6})\s*$/.exec(read.subject)?.[1] ?? '';
        mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, code, ...read });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async next(to, since = 0) {
      const deadline = Date.now() + 5_000;
      for (;;) {
        const mail = mails.slice(since).find((candidate) => candidate.to.some((address) => address.toLowerCase() === to.toLowerCase()));
        if (mail) return mail;
        if (Date.now() > deadline) throw new Error(`no mail to ${to}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
