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

  it('a schedule run whose text is refused reports the number as `to`, the channel, and no `email`; so do its runs', async () => {
    const to = '+14155550160';
    provider.refuse(to);
    const created = await h.withKey(tenant.key, 'POST', '/api/schedules', {
      name: 'Refused text',
      cron: '0 9 * * *',
      timezone: 'UTC',
      action: 'create_and_send_temp_chat_link',
      agent: 'checkin',
      settings: { title: 'Check-in' },
      recipients: [{ email: 'dora@example.com', name: 'Dora' }],
      send: { channels: [{ type: 'sms', to }] },
    });
    expect(created.status, created.text).toBe(201);
    const run = await h.withKey(tenant.key, 'POST', `/api/schedules/${created.body.id}/run`);
    expect(run.status, run.text).toBe(201);
    expect(run.body).toMatchObject({ state: 'succeeded', links: 1, sent: 0 });
    const failure = { to, channel: 'sms', error: `sms: the provider answered 400: 21211 The 'To' number ${to} is not a valid phone number.` };
    expect(run.body.errors).toEqual([failure]);
    expect(run.body.errors[0]).not.toHaveProperty('email');
    const runs = await h.withKey(tenant.key, 'GET', `/api/schedules/${created.body.id}/runs`);
    expect(runs.body.runs[0].errors).toEqual([failure]);
    expect(runs.body.runs[0].errors[0]).not.toHaveProperty('email');
    provider.accept(to);
    expect((await h.withKey(tenant.key, 'DELETE', `/api/schedules/${created.body.id}`)).status).toBe(204);
  });

  it('a phone number’s export and erasure (`%2B` or a bare `+`): the tenant’s texts and schedules only; the audit log names it by a keyed hash', async () => {
    const phone = '+33142685300';
    const exportOf = async (key: string, path = encodeURIComponent(phone)) => {
      const answer = await h.withKey(key, 'GET', `/api/visitors/phones/${path}/export`);
      expect(answer.status, answer.text).toBe(200);
      expect(answer.headers['content-disposition']).toBe('attachment; filename="visitor-export.json"');
      return JSON.parse(answer.text);
    };
    const made = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', {
      settings: { title: 'Texted' },
      count: 2,
      send: { channels: [{ type: 'sms', to: phone }] },
    });
    expect(made.status, made.text).toBe(201);
    const single = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', { title: 'One', send: { channels: [{ type: 'sms', to: phone }] } });
    expect(single.status, single.text).toBe(201);
    const linkIds: string[] = [...made.body.links.map((link: { id: string }) => link.id), single.body.id];
    await waitFor(async () => (await Promise.all(linkIds.map(deliveriesOf))).every((listed) => listed[0]?.state === 'sent'));
    const schedule = await h.withKey(tenant.key, 'POST', '/api/schedules', {
      name: 'Texts the number',
      cron: '0 9 * * *',
      timezone: 'UTC',
      action: 'create_and_send_temp_chat_link',
      agent: 'checkin',
      settings: { title: 'Check-in' },
      recipients: [{ email: 'emil@example.com' }],
      send: { channels: [{ type: 'sms', to: phone }] },
    });
    expect(schedule.status, schedule.text).toBe(201);
    // Another tenant texted the same number: theirs, in neither export nor erasure.
    expect((await h.withKey(other.key, 'POST', '/api/agents', { name: 'checkin', config: greetingAgent })).status).toBe(201);
    const theirs = await h.withKey(other.key, 'POST', '/api/agents/checkin/public-links', {
      title: 'Theirs',
      send: { channels: [{ type: 'sms', to: phone }] },
    });
    expect(theirs.status, theirs.text).toBe(201);

    const exported = await exportOf(tenant.key);
    expect(exported).toMatchObject({ phone, tenant_id: tenant.tenantId, memories: [], verifications: [], links: [], conversations: [] });
    expect(exported.link_deliveries.map((d: { link_id: string }) => d.link_id).sort()).toEqual([...linkIds].sort());
    expect(exported.link_deliveries[0]).toMatchObject({ channel: 'sms', recipient: phone, state: 'sent' });
    expect(exported.schedules).toEqual([
      { id: schedule.body.id, name: 'Texts the number', recipients: [], send_channels: [{ type: 'sms', to: phone }], run_errors: [] },
    ]);
    // A bare `+` in the path is the same number.
    expect(await exportOf(tenant.key, phone)).toMatchObject({ phone, link_deliveries: exported.link_deliveries });
    expect((await exportOf(other.key)).link_deliveries).toEqual([expect.objectContaining({ link_id: theirs.body.id })]);

    const erased = await h.withKey(tenant.key, 'DELETE', `/api/visitors/phones/${encodeURIComponent(phone)}`);
    expect(erased.status, erased.text).toBe(200);
    expect(erased.body).toEqual({ erased: { link_deliveries: 3, schedules: 1 } });
    expect(await deliveriesOf(linkIds[0] ?? '')).toEqual([expect.objectContaining({ channel: 'sms', to: '[erased]', state: 'sent' })]);
    // The schedule had no other way to send: it is paused.
    expect((await h.withKey(tenant.key, 'GET', `/api/schedules/${schedule.body.id}`)).body).toMatchObject({
      active: false,
      next_run_at: null,
      send: { channels: [] },
    });
    // It runs again only once given a way to send.
    const resumed = await h.withKey(tenant.key, 'PUT', `/api/schedules/${schedule.body.id}`, { active: true });
    expect(resumed.status, resumed.text).toBe(400);
    expect(paths(resumed)).toEqual(['send.channels']);
    const given = await h.withKey(tenant.key, 'PUT', `/api/schedules/${schedule.body.id}`, {
      active: true,
      send: { channels: [{ type: 'sms', to: '+33142685399' }] },
    });
    expect(given.status, given.text).toBe(200);
    expect(given.body).toMatchObject({ active: true, next_run_at: expect.any(String) });
    expect(await exportOf(tenant.key)).toMatchObject({ link_deliveries: [], schedules: [] });
    expect((await exportOf(other.key)).link_deliveries).toHaveLength(1);
    expect((await h.withKey(other.key, 'GET', `/api/public-links/${theirs.body.id}/deliveries`)).body.deliveries[0]).toMatchObject({ to: phone });

    // Found in the audit log by the number, recorded only as a keyed hash: no entry holds the number.
    const named = await waitFor(async () => {
      const entries = (await h.withKey(tenant.key, 'GET', `/api/audit?target=${encodeURIComponent(phone)}`)).body.entries;
      return entries.length === 4 && entries;
    });
    // Newest first: the export after the erasure, the erasure, the two before it.
    expect(named.map((entry: { action: string }) => entry.action)).toEqual(['visitor.export', 'visitor.erase', 'visitor.export', 'visitor.export']);
    expect(named[1]).toMatchObject({ target: { kind: 'visitor' }, details: { erased: { link_deliveries: 3, schedules: 1 } } });
    const phoneId: string = named[1].target.id;
    expect(new Set(named.map((entry: { target: { id: string } }) => entry.target.id))).toEqual(new Set([phoneId]));
    expect(phoneId).toMatch(/^[0-9a-f]{64}$/);
    const everything = (await h.withKey(tenant.key, 'GET', '/api/audit?limit=200')).body.entries;
    expect(everything.map((entry: { action: string }) => entry.action)).toEqual(expect.arrayContaining(['link.create', 'link.bulk_create', 'schedule.create']));
    expect(JSON.stringify(everything)).not.toContain(phone.slice(1));
    // A link's creation names the number it texted by the same keyed hash.
    const creation = everything.find(
      (entry: { action: string; target: { id: string } }) => entry.action === 'link.create' && entry.target.id === single.body.id,
    );
    expect(creation.details.send.channels).toEqual([{ type: 'sms', to: `[phone ${phoneId}]` }]);
  });

  it('refuses what is not a phone number in E.164 form with 400 and the error body', async () => {
    for (const phone of ['14155550123', '%2B0123456', '%2B1%20415%20555%200123', '%2B1415555012345678', 'ann%40example.com', '%2B', 'tel%3A%2B14155550123']) {
      for (const [method, path] of [
        ['GET', `/api/visitors/phones/${phone}/export`],
        ['DELETE', `/api/visitors/phones/${phone}`],
      ] as const) {
        const refused = await h.withKey(tenant.key, method, path);
        expect(refused.status, `${method} ${path}`).toBe(400);
        expect(refused.body.error).toMatchObject({ code: 'invalid', request_id: expect.any(String) });
        expect(paths(refused), path).toEqual(['params.phone']);
      }
    }
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
