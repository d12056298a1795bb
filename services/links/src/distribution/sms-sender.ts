import { outboundRequest } from '@parley/outbound';
import type { LinkSmsSender, SmsOutcome } from './types.js';

/** The SMS provider (SMS_* variables). */
export interface SmsSettings {
  /** The Messages API's base: `https://api.twilio.com`, or another provider's Twilio-compatible one. */
  providerUrl: string;
  accountSid: string;
  /** A secret: sent only as the basic-auth password, never logged, kept or shown. */
  authToken: string;
  /** The `From` of every text. */
  from: string;
  /** SMS_ALLOW_PRIVATE: the provider may be on a loopback, private or link-local address. */
  allowPrivate: boolean;
}

/** The most of a provider's answer read: its JSON is a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** Longest error text kept with a delivery. */
const MAX_ERROR_LENGTH = 500;

/**
 * Texts through a Twilio-compatible Messages API: `POST {base}/2010-04-01/Accounts/{sid}/Messages.json`,
 * form-encoded `To`, `From` and `Body`, basic auth sid:token, through the outbound guard (public
 * addresses only unless SMS_ALLOW_PRIVATE). A 2xx is sent. 429, 408, 5xx and no answer at all are
 * worth another attempt; any other 4xx is the provider refusing this message (a number it cannot
 * reach, an account it does not know) and would be refused again, so it is not retried.
 * Hand-written rather than the provider's SDK: the request must go through the guard, and one form
 * POST is all it takes.
 */
export function twilioSmsSender(settings: SmsSettings): LinkSmsSender {
  const endpoint = `${settings.providerUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
  const clean = (text: string) => withoutSecret(text, settings.authToken);
  return {
    async send(sms, { timeoutMs }): Promise<SmsOutcome> {
      const answer = await outboundRequest(endpoint, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ To: sms.to, From: settings.from, Body: sms.body }).toString(),
        timeoutMs,
        maxResponseBytes: MAX_ANSWER_BYTES,
        allowPrivate: settings.allowPrivate,
        who: 'the SMS provider',
      });
      if (!answer.ok) {
        const error = answer.kind === 'timeout' ? `timed out: ${answer.message}` : answer.kind === 'refused' ? `refused: ${answer.message}` : answer.message;
        return { ok: false, retry: true, status: null, error: clean(error) };
      }
      const said = providerSaid(answer.body);
      if (answer.status >= 200 && answer.status < 300) return { ok: true, status: answer.status, sid: said.sid };
      const retry = answer.status === 429 || answer.status === 408 || answer.status >= 500 || answer.status < 400;
      const detail = [said.code, said.message].filter((part) => part !== null).join(' ');
      return { ok: false, retry, status: answer.status, error: clean(`the provider answered ${answer.status}${detail ? `: ${detail}` : ''}`) };
    },
  };
}

/** What a Twilio-style JSON answer says: the message's `sid`, or an error's `code` and `message`; nulls for anything else. */
function providerSaid(body: string): { sid: string | null; code: string | null; message: string | null } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { sid: null, code: null, message: null };
  }
  const field = (name: string) => {
    const value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[name] : undefined;
    return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  };
  return { sid: field('sid'), code: field('code'), message: field('message') };
}

/** The text as kept with a delivery: never the token, should a provider quote it; cut to a length a list can show. */
function withoutSecret(text: string, secret: string): string {
  const kept = text.split(secret).join('[redacted]');
  return kept.length > MAX_ERROR_LENGTH ? `${kept.slice(0, MAX_ERROR_LENGTH - 1)}…` : kept;
}
