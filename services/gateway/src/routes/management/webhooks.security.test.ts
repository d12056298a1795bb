import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

describe('webhooks are kept to their tenant and to public addresses', () => {
  let h: GatewayHarness;
  let owner: { tenantId: string; key: string };
  let stranger: { tenantId: string; key: string };
  let webhookId: string;

  beforeAll(async () => {
    // WEBHOOK_ALLOW_PRIVATE unset: the platform's default.
    h = await startGatewayHarness();
    owner = await h.seedTenant('Owner');
    stranger = await h.seedTenant('Stranger');
    const created = await h.withKey(owner.key, 'POST', '/api/webhooks', { url: 'https://8.8.8.8/owner', events: ['security.alert'] });
    expect(created.status, created.text).toBe(201);
    webhookId = created.body.id;
  });
  afterAll(async () => h?.stop());

  it('needs a key', async () => {
    expectError(await h.inject({ method: 'GET', url: '/api/webhooks' }), 401, 'unauthorized');
    expectError(await h.withKey('not-a-key-0123456789', 'GET', '/api/webhooks'), 401, 'unauthorized');
    expectError(await h.inject({ method: 'DELETE', url: `/api/webhooks/${webhookId}` }), 401, 'unauthorized');
  });

  it("another tenant's key (or the admin key naming another tenant) finds nothing: 404, never the webhook", async () => {
    expect((await h.withKey(stranger.key, 'GET', '/api/webhooks')).body).toEqual({ webhooks: [] });
    expectError(await h.withKey(stranger.key, 'GET', `/api/webhooks/${webhookId}/deliveries`), 404, 'not_found');
    expectError(await h.withKey(stranger.key, 'DELETE', `/api/webhooks/${webhookId}`), 404, 'not_found');
    expectError(await h.admin('DELETE', `/api/webhooks/${webhookId}`, undefined, stranger.tenantId), 404, 'not_found');
    // A tenant key cannot reach another tenant with X-Tenant-Id either.
    expectError(await h.withKey(stranger.key, 'DELETE', `/api/webhooks/${webhookId}`, undefined, owner.tenantId), 404, 'not_found');
    const kept = await h.withKey(owner.key, 'GET', '/api/webhooks');
    expect(kept.body.webhooks.map((webhook: { id: string }) => webhook.id)).toEqual([webhookId]);
    expect((await h.withKey(owner.key, 'GET', `/api/webhooks/${webhookId}/deliveries`)).status).toBe(200);
  });

  it('refuses URLs reaching loopback, private, link-local or CGNAT addresses with 400 naming url', async () => {
    for (const url of [
      'http://127.0.0.1/hook',
      'http://10.0.0.1/hook',
      'http://[::1]/hook',
      'http://localhost/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/hook',
      'http://[fc00::1]/hook',
    ]) {
      for (const format of ['standard', 'slack', 'teams']) {
        const refused = await h.withKey(owner.key, 'POST', '/api/webhooks', { url, events: ['link.created'], format });
        expectError(refused, 400, 'invalid', /webhooks may not reach it/);
        expect(refused.body.error.details, url).toEqual([{ path: 'url', message: expect.stringMatching(/address: webhooks may not reach it$/) }]);
      }
    }
    expect((await h.withKey(owner.key, 'GET', '/api/webhooks')).body.webhooks).toHaveLength(1);
  });

  it('refuses loopback however it is spelled: IPv4 inside IPv6, translation prefixes, numeric IPv4 forms', async () => {
    for (const url of [
      // IPv4-compatible, IPv4-mapped (dotted and hex), NAT64, 6to4 and Teredo around 127.0.0.1 or a private address.
      'http://[::127.0.0.1]/hook',
      'http://[::7f00:1]/hook',
      'http://[::10.0.0.1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[::ffff:7f00:1]/hook',
      'http://[64:ff9b::7f00:1]/hook',
      'http://[64:ff9b:1::a00:1]/hook',
      'http://[2002:7f00:1::]/hook',
      'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook',
      // IPv6 outside the global unicast space (2000::/3), and the discard prefix.
      'http://[4000::1]/hook',
      'http://[100::1]/hook',
      // Decimal, hexadecimal, octal and shortened IPv4.
      'http://2130706433/hook',
      'http://0x7f000001/hook',
      'http://0x7f.1/hook',
      'http://0177.0.0.1/hook',
      'http://127.1/hook',
      'http://017700000001/hook',
    ]) {
      const refused = await h.withKey(owner.key, 'POST', '/api/webhooks', { url, events: ['link.created'] });
      expect(refused.status, `${url}: ${refused.text}`).toBe(400);
      expect(refused.body.error.details, url).toEqual([{ path: 'url', message: expect.stringMatching(/address: webhooks may not reach it$/) }]);
    }
    expect((await h.withKey(owner.key, 'GET', '/api/webhooks')).body.webhooks).toHaveLength(1);
  });
});
