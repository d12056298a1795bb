import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request to the Messages API as the fake provider read it. */
export interface SmsProviderRequest {
  method: string;
  path: string;
  /** The account of the path (`Accounts/{sid}`). */
  accountSid: string | null;
  /** Basic auth was the provider's account and token. */
  authorized: boolean;
  /** The raw Authorization header, to show what a client sent (undefined when none). */
  authorization: string | undefined;
  contentType: string | undefined;
  /** The form's fields. */
  to: string | null;
  from: string | null;
  body: string | null;
  /** What it was answered. */
  status: number;
  /** The message's id, when it was taken (201). */
  sid: string | null;
}

/** A Twilio-style refusal: the HTTP status and the error's `code` and `message`. */
export interface SmsProviderError {
  status: number;
  code: number;
  message: string;
}

export interface FakeSmsProvider {
  /** `http://127.0.0.1:<port>`: what SMS_PROVIDER_URL names. */
  url: string;
  accountSid: string;
  authToken: string;
  /** Every request, in the order they came, refused ones too. */
  requests: SmsProviderRequest[];
  /** The messages taken (answered 201), in order. */
  messages: SmsProviderRequest[];
  /** The next `times` requests (whatever their number) are answered `status` (500 unless said) with a Twilio-style error. */
  failNext(times: number, status?: number): void;
  /** Messages to `to` are refused with `error` (400, code 21211 unless said) until `accept(to)`. */
  refuse(to: string, error?: SmsProviderError): void;
  accept(to: string): void;
  close(): Promise<void>;
}

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

/**
 * A Twilio-compatible Messages API on loopback, for tests of texting links: `POST
 * /2010-04-01/Accounts/{sid}/Messages.json` with a form-encoded `To`, `From` and `Body`, answered
 * as Twilio does – 401 (code 20003) unless basic auth is the account and its token, 400 without a
 * `To`, else 201 with the message and its `sid` (`SM` + 32 hex digits). It records every request,
 * and can be told to fail the next ones (500 then success: a retried send) or to refuse a number
 * with a 4xx (a send that must not be retried).
 */
export async function startFakeSmsProvider(options: { accountSid?: string; authToken?: string } = {}): Promise<FakeSmsProvider> {
  const accountSid = options.accountSid ?? `AC${randomBytes(16).toString('hex')}`;
  const authToken = options.authToken ?? randomBytes(16).toString('hex');
  const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const requests: SmsProviderRequest[] = [];
  const messages: SmsProviderRequest[] = [];
  const refused = new Map<string, SmsProviderError>();
  const failures: number[] = [];

  const answer = (res: ServerResponse, status: number, body: Record<string, unknown>) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, { status, code, message }: SmsProviderError) =>
    answer(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
    const path = req.url ?? '/';
    const account = MESSAGES_PATH.exec(path)?.[1];
    const request: SmsProviderRequest = {
      method: req.method ?? 'GET',
      path,
      accountSid: account === undefined ? null : decodeURIComponent(account),
      authorized: req.headers.authorization === expected,
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      to: form.get('To'),
      from: form.get('From'),
      body: form.get('Body'),
      status: 0,
      sid: null,
    };
    requests.push(request);
    const failing = failures.shift();
    const refusal = request.to === null ? undefined : refused.get(request.to);
    let outcome: SmsProviderError | undefined;
    if (request.method !== 'POST' || request.accountSid === null) outcome = { status: 404, code: 20404, message: 'The requested resource was not found' };
    else if (!request.authorized || request.accountSid !== accountSid) outcome = { status: 401, code: 20003, message: 'Authenticate' };
    else if (failing !== undefined) outcome = { status: failing, code: failing === 429 ? 20429 : 20500, message: 'Internal Server Error' };
    else if (request.to === null || request.to === '') outcome = { status: 400, code: 21604, message: "A 'To' phone number is required." };
    else if (refusal) outcome = refusal;
    if (outcome) {
      request.status = outcome.status;
      error(res, outcome);
      return;
    }
    request.status = 201;
    request.sid = `SM${randomBytes(16).toString('hex')}`;
    messages.push(request);
    answer(res, 201, {
      sid: request.sid,
      account_sid: accountSid,
      to: request.to,
      from: request.from,
      body: request.body,
      status: 'queued',
      num_segments: '1',
      direction: 'outbound-api',
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${request.sid}.json`,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    accountSid,
    authToken,
    requests,
    messages,
    failNext(times, status = 500) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    refuse(to, refusal = { status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` }) {
      refused.set(to, refusal);
    },
    accept(to) {
      refused.delete(to);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
