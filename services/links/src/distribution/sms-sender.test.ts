import { type FakeSmsProvider, freePort, startFakeSmsProvider } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSms } from './messages.js';
import { type SmsSettings, twilioSmsSender } from './sms-sender.js';

const item = {
  tenantId: 't',
  linkId: 'lnk_1',
  url: 'https://chat.example.com/c/AbCdEfGhIjKlMnOpQrStUvWxYz012345',
  title: 'Daily check-in',
  variables: { name: 'Ada' },
  recipient: { email: 'ada@example.com', name: 'Ada' },
};

describe('the text of a link', () => {
  it('is the subject line (variables filled in), the note and the URL on a line of its own', () => {
    expect(renderSms(item, { channels: [{ type: 'sms', to: '+14155550100' }] }, '+14155550100')).toEqual({
      to: '+14155550100',
      body: `Daily check-in\n${item.url}`,
    });
    const noted = renderSms(item, { channels: [{ type: 'sms', to: '+14155550100' }], subject: 'Hi {{name}}', message: 'Two minutes, {{name}}.' }, '+1');
    expect(noted.body).toBe(`Hi Ada\nTwo minutes, Ada.\n${item.url}`);
  });

  it('cuts a long note, never the URL, to stay within one provider message (1,600 characters)', () => {
    const { body } = renderSms(item, { channels: [{ type: 'sms', to: '+14155550100' }], message: 'x'.repeat(5_000) }, '+14155550100');
    expect(body.length).toBe(1_600);
    expect(body.endsWith(`…\n${item.url}`)).toBe(true);
  });
});

describe('texting through a Twilio-compatible Messages API', () => {
  let provider: FakeSmsProvider;
  const settings = (more: Partial<SmsSettings> = {}): SmsSettings => ({
    providerUrl: provider.url,
    accountSid: provider.accountSid,
    authToken: provider.authToken,
    from: '+15005550006',
    allowPrivate: true,
    ...more,
  });
  const sms = { to: '+4915112345678', body: `Daily check-in\n${item.url}` };

  beforeAll(async () => {
    provider = await startFakeSmsProvider();
  });
  afterAll(async () => provider?.close());

  it('posts To, From and Body form-encoded to Accounts/{sid}/Messages.json with basic auth, and answers the message id', async () => {
    const outcome = await twilioSmsSender(settings({ providerUrl: `${provider.url}/` })).send(sms, { timeoutMs: 5_000 });
    const request = provider.requests.at(-1);
    expect(outcome).toEqual({ ok: true, status: 201, sid: request?.sid });
    expect(request).toMatchObject({
      method: 'POST',
      path: `/2010-04-01/Accounts/${provider.accountSid}/Messages.json`,
      authorized: true,
      contentType: 'application/x-www-form-urlencoded',
      to: '+4915112345678',
      from: '+15005550006',
      body: sms.body,
    });
    expect(request?.sid).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it('5xx, 429 and no answer are worth another attempt; another 4xx is not, its code and message kept without the token', async () => {
    const send = (more: Partial<SmsSettings> = {}) => twilioSmsSender(settings(more)).send(sms, { timeoutMs: 5_000 });
    provider.failNext(1, 500);
    expect(await send()).toEqual({ ok: false, retry: true, status: 500, error: 'the provider answered 500: 20500 Internal Server Error' });
    provider.failNext(1, 429);
    expect(await send()).toMatchObject({ ok: false, retry: true, status: 429 });
    const gone = await send({ providerUrl: `http://127.0.0.1:${await freePort()}` });
    expect(gone).toMatchObject({ ok: false, retry: true, status: null, error: expect.stringContaining('ECONNREFUSED') });

    provider.refuse(sms.to);
    const refused = await send();
    expect(refused).toEqual({
      ok: false,
      retry: false,
      status: 400,
      error: `the provider answered 400: 21211 The 'To' number ${sms.to} is not a valid phone number.`,
    });
    provider.accept(sms.to);
    const wrongToken = await send({ authToken: 'not-the-token' });
    expect(wrongToken).toEqual({ ok: false, retry: false, status: 401, error: 'the provider answered 401: 20003 Authenticate' });
    // A provider quoting the token gets it redacted.
    provider.refuse(sms.to, { status: 400, code: 21601, message: `bad credentials ${provider.authToken}` });
    const quoted = await send();
    expect(quoted.ok === false && quoted.error).toBe('the provider answered 400: 21601 bad credentials [redacted]');
    provider.accept(sms.to);
  });

  it('goes through the outbound guard: a loopback provider is refused unless SMS_ALLOW_PRIVATE', async () => {
    const before = provider.requests.length;
    const outcome = await twilioSmsSender(settings({ allowPrivate: false })).send(sms, { timeoutMs: 5_000 });
    expect(outcome).toMatchObject({ ok: false, retry: true, status: null, error: expect.stringMatching(/^refused: .*the SMS provider may not reach it/) });
    expect(provider.requests).toHaveLength(before);
  });
});
