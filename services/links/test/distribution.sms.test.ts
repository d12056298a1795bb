import { PassThrough } from 'node:stream';
import { AppError } from '@parley/contracts';
import { createLogger } from '@parley/logger';
import { type FakeSmsProvider, freePort, startFakeSmsProvider, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDistribution, twilioSmsSender } from '../src/distribution/index.js';
import { LinkPrivacyService } from '../src/privacy/privacy.service.js';
import { type DistributionHarness, type Seeded, startDistributionHarness, testDistributionOptions } from './distribution-harness.js';

const FROM = '+15005550006';

/** Links texted through a Twilio-compatible provider on loopback: sent, retried on the webhooks' schedule, refused for good on a 4xx. */
describe('link distribution: SMS', () => {
  let h: DistributionHarness;
  let provider: FakeSmsProvider;
  let tenant: Seeded;
  const texter = (more: { authToken?: string } = {}) =>
    twilioSmsSender({
      providerUrl: provider.url,
      accountSid: provider.accountSid,
      authToken: more.authToken ?? provider.authToken,
      from: FROM,
      allowPrivate: true,
    });
  const textsTo = (to: string) => provider.requests.filter((request) => request.to === to);

  beforeAll(async () => {
    h = await startDistributionHarness('links-distribution-sms');
    provider = await startFakeSmsProvider();
    tenant = await h.seedTenant();
  });
  afterAll(async () => {
    await h?.stop();
    await provider?.close();
  });

  it('texts each personalised link its own URL, form-encoded with basic auth, and records the provider’s answer', async () => {
    const items = await h.seedLinks(tenant, 3);
    const to = '+14155550100';
    const distribution = h.start({}, null, texter());
    const ids = await h.enqueue(distribution, items, { channels: [{ type: 'sms', to }], subject: 'Check-in, {{name}}' });

    const result = await distribution.deliverNow(ids);
    expect(result).toMatchObject({ sent: 3, pending: 0, failed: [] });
    const texts = textsTo(to);
    expect(texts).toHaveLength(3);
    for (const [index, item] of items.entries()) {
      const text = texts.find((request) => request.body?.includes(item.url));
      expect(text, item.url).toMatchObject({ authorized: true, from: FROM, status: 201, body: `Check-in, Person ${index}\n${item.url}` });
    }
    const [listed] = await distribution.list(tenant.tenantId, items[0]?.linkId ?? '');
    expect(listed).toMatchObject({ channel: 'sms', to, state: 'sent', attempts: 1, last_error: null, response_code: 201, next_attempt_at: null });
    // The text held the link's URL: it goes once sent.
    expect((await h.row(ids[0] ?? '')).payload).toBeNull();
    await distribution.stop();
  });

  it('a 500 is retried on the retry delays and then delivered, once', async () => {
    const [item] = await h.seedLinks(tenant, 1);
    if (!item) throw new Error('no link');
    const to = '+442071838750';
    provider.failNext(1, 500);
    const distribution = h.start({ retryDelaysSeconds: [1, 1] }, null, texter());
    const ids = await h.enqueue(distribution, [item], { channels: [{ type: 'sms', to }] });

    const result = await distribution.deliverNow(ids);
    expect(result.failed).toEqual([{ to, channel: 'sms', error: 'the provider answered 500: 20500 Internal Server Error' }]);
    const waiting = await h.row(ids[0] ?? '');
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1, response_code: 500 });

    const sent = await waitFor(async () => {
      const row = await h.row(ids[0] ?? '');
      return row.state === 'sent' && row;
    });
    expect(sent).toMatchObject({ attempts: 2, response_code: 201, payload: null, last_error: expect.stringContaining('500') });
    expect(textsTo(to).map((request) => request.status)).toEqual([500, 201]);
    expect(provider.messages.filter((message) => message.to === to)).toHaveLength(1);
    await distribution.stop();
  });

  it('a 429 and a provider out of reach are retried too', async () => {
    const [item] = await h.seedLinks(tenant, 1);
    if (!item) throw new Error('no link');
    const to = '+61291234567';
    provider.failNext(1, 429);
    const distribution = h.start({ retryDelaysSeconds: [1] }, null, texter());
    const ids = await h.enqueue(distribution, [item], { channels: [{ type: 'sms', to }] });
    await distribution.deliverNow(ids);
    expect(await h.row(ids[0] ?? '')).toMatchObject({ state: 'pending', response_code: 429 });
    await waitFor(async () => (await h.row(ids[0] ?? '')).state === 'sent');
    await distribution.stop();

    const gone = twilioSmsSender({
      providerUrl: `http://127.0.0.1:${await freePort()}`,
      accountSid: 'AC1',
      authToken: 'secret-token',
      from: FROM,
      allowPrivate: true,
    });
    const unreachable = h.start({ retryDelaysSeconds: [60] }, null, gone);
    const queued = await h.enqueue(unreachable, [item], { channels: [{ type: 'sms', to }] });
    await unreachable.deliverNow(queued);
    const row = await h.row(queued[0] ?? '');
    expect(row).toMatchObject({ state: 'pending', attempts: 1, response_code: null });
    expect(row.last_error).toContain('could not be reached');
    await unreachable.stop();
  });

  it('a 4xx is a failed delivery at once: not retried, the provider’s code and message kept, never the token', async () => {
    const [item, other] = await h.seedLinks(tenant, 2);
    if (!item || !other) throw new Error('no link');
    const to = '+15005550001';
    provider.refuse(to);
    const distribution = h.start({ retryDelaysSeconds: [1, 1, 1] }, null, texter());
    const ids = await h.enqueue(distribution, [item], { channels: [{ type: 'sms', to }] });
    const result = await distribution.deliverNow(ids);
    expect(result.failed).toEqual([{ to, channel: 'sms', error: `the provider answered 400: 21211 The 'To' number ${to} is not a valid phone number.` }]);
    const failed = await h.row(ids[0] ?? '');
    expect(failed).toMatchObject({ state: 'failed', attempts: 1, response_code: 400, payload: null });
    expect(failed.finished_at).not.toBeNull();
    const [listed] = await distribution.list(tenant.tenantId, item.linkId);
    expect(listed).toMatchObject({ state: 'failed', next_attempt_at: null });

    // Wrong credentials (401) are the provider's 4xx too. A later delivery that does go out shows
    // the worker polled past the refused ones without trying them again.
    const wrongKey = h.start({ retryDelaysSeconds: [1, 1, 1] }, null, texter({ authToken: 'wrong-token-0123' }));
    const unauthorised = await h.enqueue(wrongKey, [other], { channels: [{ type: 'sms', to: '+15005550009' }] });
    await wrongKey.deliverNow(unauthorised);
    const refusedAuth = await h.row(unauthorised[0] ?? '');
    expect(refusedAuth).toMatchObject({ state: 'failed', attempts: 1, response_code: 401, last_error: 'the provider answered 401: 20003 Authenticate' });
    expect(refusedAuth.last_error).not.toContain('wrong-token-0123');
    await wrongKey.stop();
    provider.failNext(1, 500);
    const later = await h.enqueue(distribution, [other], { channels: [{ type: 'sms', to: '+15005550010' }] });
    await distribution.deliverNow(later);
    await waitFor(async () => (await h.row(later[0] ?? '')).state === 'sent');
    expect(textsTo(to)).toHaveLength(1);
    expect(textsTo('+15005550009')).toHaveLength(1);
    provider.accept(to);
    await distribution.stop();
  });

  it('check refuses an sms channel without a provider, and more texts than one request may send', async () => {
    const send = { channels: [{ type: 'sms' as const, to: '+14155550100' }] };
    const unconfigured = h.start({}, null);
    const refusal = await unconfigured.check(send, { hasRecipients: true }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('invalid');
    expect((refusal as AppError).details).toEqual([{ path: 'send.channels[0]', message: 'SMS is not configured (SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM)' }]);
    await unconfigured.stop();

    const configured = h.start({}, null, texter());
    const two = { channels: [...send.channels, { type: 'sms' as const, to: '+14155550101' }] };
    await expect(configured.check(two, { hasRecipients: true, links: 500 })).resolves.toBeUndefined();
    const tooMany = await configured.check(two, { hasRecipients: true, links: 501 }).catch((error: unknown) => error);
    expect((tooMany as AppError).details).toEqual([
      { path: 'send.channels', message: 'at most 1000 text messages a request: 501 links to 2 SMS channels make 1002' },
    ]);
    await configured.stop();
  });

  it('never logs the auth token nor the phone number, at debug level either', async () => {
    const [item] = await h.seedLinks(tenant, 1);
    if (!item) throw new Error('no link');
    const to = '+33142685300';
    const lines: string[] = [];
    const destination = new PassThrough();
    destination.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    const logger = createLogger({ service: 'links-test', level: 'debug', destination });
    provider.refuse(to, { status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` });
    const distribution = startDistribution({ db: h.ctx.db, logger, mailer: undefined, sms: texter(), options: testDistributionOptions });
    const ids = await h.ctx.db.transaction().execute((trx) =>
      distribution.enqueue(trx, [item], {
        channels: [
          { type: 'sms', to },
          { type: 'sms', to: '+33142685301' },
        ],
      }),
    );
    await distribution.deliverNow(ids);
    await distribution.running.drain();
    provider.accept(to);
    const logged = lines.join('');
    expect(logged).toContain('link delivery attempt failed');
    expect(logged).toContain('link texted');
    expect(logged).not.toContain(provider.authToken);
    expect(logged).not.toContain(to);
    expect(logged).not.toContain('+33142685301');
    expect(logged).not.toContain(item.url);
  });

  it('a text of a personalised link is in its person’s export, and erasure takes its phone number', async () => {
    // A tenant of its own: the other tests' links were made for the same addresses.
    const own = await h.seedTenant();
    const [ana, ben] = await h.seedLinks(own, 2);
    if (!ana || !ben) throw new Error('no link');
    const anaPhone = '+4915112345678';
    provider.refuse(anaPhone, { status: 400, code: 21610, message: `Attempt to send to unsubscribed recipient ${anaPhone}` });
    const distribution = h.start({}, null, texter());
    const anaIds = await h.enqueue(distribution, [ana], { channels: [{ type: 'sms', to: anaPhone }] });
    const benIds = await h.enqueue(distribution, [ben], { channels: [{ type: 'sms', to: '+4915112345679' }] });
    await distribution.deliverNow([...anaIds, ...benIds]);
    provider.accept(anaPhone);
    const email = ana.recipient?.email ?? '';
    const privacy = new LinkPrivacyService(h.ctx.db);

    const exported = await privacy.deliveries(own.tenantId, email, null, 100);
    expect(exported.deliveries).toEqual([
      expect.objectContaining({
        id: anaIds[0],
        link_id: ana.linkId,
        channel: 'sms',
        recipient: anaPhone,
        state: 'failed',
        last_error: expect.stringContaining(anaPhone),
      }),
    ]);

    await privacy.eraseEmail(own.tenantId, email);
    expect(await h.row(anaIds[0] ?? '')).toMatchObject({ recipient: '[erased]', last_error: 'erased', state: 'failed', payload: null });
    expect(await h.row(benIds[0] ?? '')).toMatchObject({ recipient: '+4915112345679', state: 'sent' });
    const [listed] = await distribution.list(own.tenantId, ana.linkId);
    expect(listed).toMatchObject({ channel: 'sms', to: '[erased]' });
    await distribution.stop();
  });
});
