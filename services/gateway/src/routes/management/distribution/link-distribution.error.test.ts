import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { greetingAgent } from './link-distribution.test-kit.js';

describe('bulk links and distribution: refusals', () => {
  let h: GatewayHarness;
  let tenant: { tenantId: string; key: string };
  const bulk = (body: unknown) => h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', body);
  const paths = (response: { body: { error: { details?: Array<{ path: string }> } } }) => response.body.error.details?.map((d) => d.path);

  beforeAll(async () => {
    // No mailer: email distribution is refused rather than queued for nobody to send.
    h = await startGatewayHarness();
    tenant = await h.seedTenant('Refusals');
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'checkin', config: greetingAgent })).status).toBe(201);
  });
  afterAll(async () => h?.stop());

  it('refuses a bulk request that is not one thing or the other, too large, or malformed – making no link', async () => {
    const before = (await h.withKey(tenant.key, 'GET', '/api/agents/checkin/public-links')).body.links.length;
    const both = await bulk({ settings: { title: 'x' }, count: 2, recipients: [{ email: 'a@example.com' }] });
    expect(both.status).toBe(400);
    expect(paths(both)).toContain('body.recipients');
    expect((await bulk({ settings: { title: 'x' } })).status).toBe(400);
    const tooMany = await bulk({ settings: { title: 'x' }, recipients: Array.from({ length: 1_001 }, (_, i) => ({ email: `p${i}@example.com` })) });
    expect(tooMany.status).toBe(400);
    expect(paths(tooMany)).toEqual(['body.recipients']);
    const badEmail = await bulk({ settings: { title: 'x' }, recipients: [{ email: 'a@example.com' }, { email: 'not an address' }] });
    expect(paths(badEmail)).toEqual(['body.recipients.1.email']);
    const untitled = await bulk({ count: 2 });
    expect(paths(untitled)).toEqual(['body.settings.title']);
    const badVariable = await bulk({ settings: { title: 'x', variables: { 'first name': 'A' } }, count: 1 });
    expect(badVariable.status).toBe(400);
    const badSetting = await bulk({ template: 'feedback', settings: { max_sessions: -1 }, count: 1 });
    expect(paths(badSetting)).toEqual(['body.settings.max_sessions']);
    const unknownTemplate = await bulk({ template: 'nope', count: 1 });
    expect(unknownTemplate.status).toBe(400);
    expect(paths(unknownTemplate)).toEqual(['body.template']);
    // Nothing was made by any of them.
    expect((await h.withKey(tenant.key, 'GET', '/api/agents/checkin/public-links')).body.links).toHaveLength(before);
  });

  it('refuses a send that cannot work here before making the link', async () => {
    const before = (await h.withKey(tenant.key, 'GET', '/api/agents/checkin/public-links')).body.links.length;
    const noMail = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', {
      title: 'x',
      send: { channels: [{ type: 'email', to: 'a@example.com' }] },
    });
    expect(noMail.status).toBe(400);
    expect(noMail.body.error.message).toMatch(/mail/i);
    const nowhere = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', { title: 'x', send: { channels: [{ type: 'email' }] } });
    expect(nowhere.status).toBe(400);
    // No SMS provider either: texts are refused rather than queued for nobody to send.
    const noSms = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/bulk', {
      settings: { title: 'x' },
      count: 1,
      send: { channels: [{ type: 'sms', to: '+14155550123' }] },
    });
    expect(noSms.status).toBe(400);
    expect(noSms.body.error).toMatchObject({
      code: 'invalid',
      details: [{ path: 'send.channels[0]', message: 'SMS is not configured (SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM)' }],
    });
    const noSmsSchedule = await h.withKey(tenant.key, 'POST', '/api/schedules', {
      name: 'Texts',
      cron: '0 9 * * *',
      timezone: 'UTC',
      action: 'create_and_send_temp_chat_link',
      agent: 'checkin',
      settings: { title: 'x' },
      recipients: [{ email: 'a@example.com' }],
      send: { channels: [{ type: 'sms', to: '+14155550123' }] },
    });
    expect(noSmsSchedule.status).toBe(400);
    expect(paths(noSmsSchedule)).toEqual(['send.channels[0]']);
    // A Slack or Teams URL on a private address is a way into the platform's network (SSRF).
    for (const url of ['http://127.0.0.1:9/hook', 'http://10.0.0.8/hook', 'http://169.254.169.254/latest/meta-data']) {
      const ssrf = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', {
        title: 'x',
        send: { channels: [{ type: 'slack', webhook_url: url }] },
      });
      expect(ssrf.status, url).toBe(400);
      expect(paths(ssrf)?.[0]).toMatch(/send\.channels\[0\]\.webhook_url$/);
    }
    const unknownChannel = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links', {
      title: 'x',
      send: { channels: [{ type: 'fax', to: '+1' }] },
    });
    expect(unknownChannel.status).toBe(400);
    expect((await h.withKey(tenant.key, 'GET', '/api/agents/checkin/public-links')).body.links).toHaveLength(before);
  });

  it('answers 404 for unknown links and agents, and 400 for malformed bulk ids', async () => {
    expect((await h.withKey(tenant.key, 'POST', '/api/agents/nobody/public-links/bulk', { settings: { title: 'x' }, count: 1 })).status).toBe(404);
    expect((await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/lnk_AAAAAAAAAAAAAAAA/rotate', {})).status).toBe(404);
    const bodiless = await h.withKey(tenant.key, 'POST', '/api/agents/checkin/public-links/nonsense/rotate');
    expect(bodiless.status, bodiless.text).toBe(404);
    expect((await h.withKey(tenant.key, 'GET', '/api/public-links/lnk_AAAAAAAAAAAAAAAA/deliveries')).status).toBe(404);
    expect((await h.withKey(tenant.key, 'POST', '/api/public-links/bulk-update', { ids: [], changes: {} })).status).toBe(400);
    expect((await h.withKey(tenant.key, 'POST', '/api/public-links/bulk-delete', { ids: 'lnk_x' })).status).toBe(400);
    expect((await h.withKey(tenant.key, 'POST', '/api/public-links/bulk-delete', { ids: Array.from({ length: 1_001 }, () => 'lnk_x') })).status).toBe(400);
  });
});
