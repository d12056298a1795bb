import { twilioSmsSender } from '@parley/links';
import { type FakeSmsProvider, startFakeSmsProvider, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';
import { greetingAgent, tokenOf } from './link-distribution.test-kit.js';

const FROM = '+15005550006';

/** Links texted through the management API to a Twilio-compatible provider on loopback. */
describe('links sent by SMS', () => {
  let h: GatewayHarness;
  let provider: FakeSmsProvider;
  let tenant: { tenantId: string; key: string };
  let other: { tenantId: string; key: string };
  const paths = (response: { body: { error: { details?: Array<{ path: string }> } } }) => response.body.error.details?.map((d) => d.path);
  const linkCount = async () => (await h.withKey(tenant.key, 'GET', '/api/agents/checkin/public-links')).body.links.length;
  const deliveriesOf = async (linkId: string) => (await h.withKey(tenant.key, 'GET', `/api/public-links/${linkId}/deliveries`)).body.deliveries;
  const textsTo = (to: string) => provider.messages.filter((message) => message.to === to);

  beforeAll(async () => {
    provider = await startFakeSmsProvider();
    h = await startGatewayHarness(
      {},
      {
        distribution: {
          sms: twilioSmsSender({ providerUrl: provider.url, accountSid: provider.accountSid, authToken: provider.authToken, from: FROM, allowPrivate: true }),
          distribution: { retryDelaysSeconds: [1, 1], pollIntervalMs: 100 },
        },
      },
    );
    tenant = await h.seedTenant('Texting');
    other = await h.seedTenant('Other');
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'checkin', config: greetingAgent })).status).toBe(201);
  });
  afterAll(async () => {
    await h?.stop();
    await provider?.close();
  });

  it('bulk: each recipient’s link is texted with its own URL, and its deliveries show the text', async () => {
    const to = '+4915112345678';
    const made = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', {
      settings: { title: 'Daily check-in' },
      recipients: [
        { email: 'ana@example.com', name: 'Ana' },
        { email: 'ben@example.com', name: 'Ben' },
      ],
      send: { channels: [{ type: 'sms', to }], subject: 'Check-in for {{name}}' },
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toMatchObject({ queued: 2, failed: [] });
    const links: Array<{ id: string; url: string; recipient: { name: string } }> = made.body.links;
    await waitFor(() => textsTo(to).length === 2);
    for (const link of links) {
      const text = textsTo(to).find((message) => message.body?.includes(link.url));
      expect(text, link.url).toMatchObject({ authorized: true, from: FROM, body: `Check-in for ${link.recipient.name}\n${link.url}` });
    }
    const [delivery] = await waitFor(async () => {
      const listed = await deliveriesOf(links[0]?.id ?? '');
      return listed[0]?.state === 'sent' && listed;
    });
    expect(delivery).toMatchObject({ link_id: links[0]?.id, channel: 'sms', to, state: 'sent', attempts: 1, response_code: 201, last_error: null });
    // The texted URL opens a chat.
    expect((await h.app.inject(visitorPost(`/api/public/sessions/${tokenOf(links[0]?.url ?? '')}`, {}))).statusCode).toBe(201);
  });

  it('a schedule texts its links when it runs, and its run counts them', async () => {
    const to = '+14155550123';
    const created = await h.withKey(tenant.key, 'POST', '/api/schedules', {
      name: 'Texted check-in',
      cron: '0 9 * * 1-5',
      timezone: 'Europe/Berlin',
      action: 'create_and_send_temp_chat_link',
      agent: 'checkin',
      template: 'daily_checkin',
      recipients: [
        { email: 'ana@example.com', name: 'Ana' },
        { email: 'ben@example.com', name: 'Ben' },
      ],
      send: { channels: [{ type: 'sms', to }], subject: 'Good morning, {{name}}' },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.send).toEqual({ channels: [{ type: 'sms', to }], subject: 'Good morning, {{name}}' });

    const run = await h.withKey(tenant.key, 'POST', `/api/schedules/${created.body.id}/run`);
    expect(run.status, run.text).toBe(201);
    expect(run.body).toMatchObject({ trigger: 'manual', state: 'succeeded', links: 2, sent: 2, errors: [] });
    expect(
      textsTo(to)
        .map((message) => message.body?.split('\n')[0])
        .sort(),
    ).toEqual(['Good morning, Ana', 'Good morning, Ben']);
    const urls = textsTo(to).map((message) => message.body?.split('\n').at(-1));
    expect(new Set(urls).size).toBe(2);
    for (const url of urls) expect((await h.app.inject(visitorPost(`/api/public/sessions/${tokenOf(url ?? '')}`, {}))).statusCode).toBe(201);
  });

  it('a provider’s 500 is retried and delivered; its 4xx is failed at once, with its code and message', async () => {
    const flaky = '+442071838750';
    provider.failNext(1, 500);
    const retried = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', {
      title: 'Retried',
      send: { channels: [{ type: 'sms', to: flaky }] },
    });
    expect(retried.status, retried.text).toBe(201);
    const [delivered] = await waitFor(async () => {
      const listed = await deliveriesOf(retried.body.id);
      return listed[0]?.state === 'sent' && listed;
    });
    expect(delivered).toMatchObject({ attempts: 2, response_code: 201, last_error: 'the provider answered 500: 20500 Internal Server Error' });
    expect(textsTo(flaky)).toHaveLength(1);

    const wrong = '+15005550001';
    provider.refuse(wrong);
    const refused = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', {
      title: 'Refused',
      send: { channels: [{ type: 'sms', to: wrong }] },
    });
    expect(refused.status, refused.text).toBe(201);
    const [failed] = await waitFor(async () => {
      const listed = await deliveriesOf(refused.body.id);
      return listed[0]?.state === 'failed' && listed;
    });
    expect(failed).toMatchObject({
      channel: 'sms',
      to: wrong,
      attempts: 1,
      response_code: 400,
      next_attempt_at: null,
      last_error: `the provider answered 400: 21211 The 'To' number ${wrong} is not a valid phone number.`,
    });
    expect(JSON.stringify(failed)).not.toContain(provider.authToken);
    expect(provider.requests.filter((request) => request.to === wrong)).toHaveLength(1);
    provider.accept(wrong);
  });

  it('refuses numbers not in E.164 form and more texts than a request may send, making no link', async () => {
    const before = await linkCount();
    for (const to of ['015112345678', '+0123456', '+1 415 555 0123', '+1415555012345678', '+', 'tel:+14155550123']) {
      const bad = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', { title: 'x', send: { channels: [{ type: 'sms', to }] } });
      expect(bad.status, to).toBe(400);
      expect(paths(bad), to).toEqual(['body.send.channels.0.to']);
    }
    const missing = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', {
      settings: { title: 'x' },
      count: 1,
      send: { channels: [{ type: 'sms' }] },
    });
    expect(missing.status).toBe(400);
    expect(paths(missing)).toEqual(['body.send.channels.0.to']);
    // 600 links to two numbers are 1,200 texts: over the 1,000 one request may send.
    const tooMany = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', {
      settings: { title: 'x' },
      count: 600,
      send: {
        channels: [
          { type: 'sms', to: '+14155550100' },
          { type: 'sms', to: '+14155550101' },
        ],
      },
    });
    expect(tooMany.status, tooMany.text).toBe(400);
    expect(tooMany.body.error.details).toEqual([
      { path: 'send.channels', message: 'at most 1000 text messages a request: 600 links to 2 SMS channels make 1200' },
    ]);
    expect(await linkCount()).toBe(before);
  });

  it('a schedule may not grow past the texts a run may send, by its recipients or its channels', async () => {
    const created = await h.withKey(tenant.key, 'POST', '/api/schedules', {
      name: 'Growing',
      cron: '0 9 * * *',
      timezone: 'UTC',
      action: 'create_and_send_temp_chat_link',
      agent: 'checkin',
      settings: { title: 'Growing' },
      recipients: Array.from({ length: 500 }, (_, i) => ({ email: `p${i}@example.com` })),
      send: { channels: [{ type: 'sms', to: '+14155550100' }] },
    });
    expect(created.status, created.text).toBe(201);
    const doubled = await h.withKey(tenant.key, 'PUT', `/api/schedules/${created.body.id}`, {
      send: {
        channels: [
          { type: 'sms', to: '+14155550100' },
          { type: 'sms', to: '+14155550101' },
          { type: 'sms', to: '+14155550102' },
        ],
      },
    });
    expect(doubled.status).toBe(400);
    expect(paths(doubled)).toEqual(['send.channels']);
    const grown = await h.withKey(tenant.key, 'PUT', `/api/schedules/${created.body.id}`, {
      recipients: Array.from({ length: 1_000 }, (_, i) => ({ email: `p${i}@example.com` })),
    });
    expect(grown.status).toBe(200);
    const both = await h.withKey(tenant.key, 'PUT', `/api/schedules/${created.body.id}`, {
      send: {
        channels: [
          { type: 'sms', to: '+14155550100' },
          { type: 'email', to: 'desk@example.com' },
        ],
      },
    });
    // Email is not configured on this platform; the SMS channel alone was fine.
    expect(paths(both)).toEqual(['send.channels[1]']);
    expect((await h.withKey(tenant.key, 'GET', `/api/schedules/${created.body.id}`)).body.recipients).toHaveLength(1_000);
    expect((await h.withKey(tenant.key, 'DELETE', `/api/schedules/${created.body.id}`)).status).toBe(204);
  });

  it('a text of a personalised link is in its person’s export, and their erasure takes the phone number', async () => {
    const phone = '+34912345678';
    const made = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', {
      settings: { title: 'Private' },
      recipients: [{ email: 'cleo@example.com', name: 'Cleo' }],
      send: { channels: [{ type: 'sms', to: phone }] },
    });
    expect(made.status, made.text).toBe(201);
    const linkId: string = made.body.links[0].id;
    await waitFor(async () => (await deliveriesOf(linkId))[0]?.state === 'sent');

    const exported = await h.withKey(tenant.key, 'GET', '/api/visitors/cleo%40example.com/export');
    expect(exported.status, exported.text).toBe(200);
    expect(JSON.parse(exported.text).link_deliveries).toEqual([expect.objectContaining({ link_id: linkId, channel: 'sms', recipient: phone, state: 'sent' })]);

    expect((await h.withKey(tenant.key, 'DELETE', '/api/visitors/cleo%40example.com')).status).toBe(200);
    expect(await deliveriesOf(linkId)).toEqual([expect.objectContaining({ channel: 'sms', to: '[erased]', state: 'sent' })]);
    // The link no longer names Cleo: nothing of her is left to export.
    expect(JSON.parse((await h.withKey(tenant.key, 'GET', '/api/visitors/cleo%40example.com/export')).text).link_deliveries).toEqual([]);
  });

  it('a viewer texts nothing, and another tenant reads none of the texts', async () => {
    const viewer = await h.withKey(tenant.key, 'POST', '/api/keys', { name: 'Reader', role: 'viewer' });
    expect(viewer.status, viewer.text).toBe(201);
    const sent = provider.requests.length;
    const refused = await h.withKey(viewer.body.key, 'POST', '/api/agents/checkin/public-links/bulk', {
      settings: { title: 'x' },
      count: 1,
      send: { channels: [{ type: 'sms', to: '+14155550100' }] },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toMatchObject({ required_role: 'editor' });
    expect(provider.requests).toHaveLength(sent);

    const made = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', {
      title: 'Mine',
      send: { channels: [{ type: 'sms', to: '+14155550177' }] },
    });
    expect(made.status).toBe(201);
    expect((await h.withKey(other.key, 'GET', `/api/public-links/${made.body.id}/deliveries`)).status).toBe(404);
    expect((await h.withKey(viewer.body.key, 'GET', `/api/public-links/${made.body.id}/deliveries`)).status).toBe(403);
  });
});
