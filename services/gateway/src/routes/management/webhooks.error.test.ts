import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';

describe('managing webhooks refuses', () => {
  let h: GatewayHarness;
  let tenant: { tenantId: string; key: string };

  beforeAll(async () => {
    h = await startGatewayHarness();
    tenant = await h.seedTenant('Webhook errors');
  });
  afterAll(async () => h?.stop());

  it('bad bodies, naming the field', async () => {
    const good = { url: 'https://8.8.8.8/hook', events: ['escalation.created'] };
    const cases: Array<[unknown, string]> = [
      [{}, 'url'],
      [{ url: 'https://8.8.8.8/hook' }, 'events'],
      [{ ...good, url: 'not a url' }, 'url'],
      [{ ...good, url: 'ftp://8.8.8.8/hook' }, 'url'],
      [{ ...good, url: 'javascript:alert(1)' }, 'url'],
      [{ ...good, url: 'https://user:secret@8.8.8.8/hook' }, 'url'],
      [{ ...good, url: `https://8.8.8.8/${'a'.repeat(2_100)}` }, 'url'],
      [{ ...good, url: 42 }, 'url'],
      [{ ...good, events: [] }, 'events'],
      [{ ...good, events: 'escalation.created' }, 'events'],
      [{ ...good, events: ['escalation.created', 'escalation.created'] }, 'events'],
      [{ ...good, events: ['escalation.released'] }, 'events.0'],
      [{ ...good, events: ['link.created', 'nope'] }, 'events.1'],
      [{ ...good, format: 'discord' }, 'format'],
      [{ ...good, secret: 'whsec_mine' }, 'secret'],
    ];
    for (const [body, field] of cases) {
      const refused = await h.withKey(tenant.key, 'POST', '/api/webhooks', body);
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details), JSON.stringify(body).slice(0, 200)).toContain(field);
    }
    const malformed = await h.inject({
      method: 'POST',
      url: '/api/webhooks',
      headers: { authorization: `Bearer ${tenant.key}`, 'content-type': 'application/json' },
      payload: '{"url":',
    });
    expectError(malformed, 400, 'invalid');
    expect((await h.withKey(tenant.key, 'GET', '/api/webhooks')).body).toEqual({ webhooks: [] });
  });

  it('the admin key without X-Tenant-Id, or naming a tenant that does not exist', async () => {
    const body = { url: 'https://8.8.8.8/hook', events: ['link.created'] };
    const unnamed = await h.admin('POST', '/api/webhooks', body);
    expectError(unnamed, 400, 'invalid', /X-Tenant-Id/);
    expectError(await h.admin('GET', '/api/webhooks'), 400, 'invalid', /X-Tenant-Id/);
    expectError(await h.admin('POST', '/api/webhooks', body, '00000000-0000-4000-8000-000000000000'), 404, 'not_found', /tenant/);
  });

  it('unknown webhooks and bad limits', async () => {
    for (const id of ['whk_AAAAAAAAAAAAAAAA', 'not-a-webhook', 'lnk_AAAAAAAAAAAAAAAA']) {
      expectError(await h.withKey(tenant.key, 'DELETE', `/api/webhooks/${id}`), 404, 'not_found');
      expectError(await h.withKey(tenant.key, 'GET', `/api/webhooks/${id}/deliveries`), 404, 'not_found');
    }
    const created = await h.withKey(tenant.key, 'POST', '/api/webhooks', { url: 'https://8.8.8.8/hook', events: ['link.expired'] });
    expect(created.status, created.text).toBe(201);
    for (const limit of ['0', '501', 'ten', '1.5']) {
      const refused = await h.withKey(tenant.key, 'GET', `/api/webhooks/${created.body.id}/deliveries?limit=${limit}`);
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details)).toContain('limit');
    }
    expect((await h.withKey(tenant.key, 'GET', `/api/webhooks/${created.body.id}/deliveries?limit=500`)).body).toEqual({ deliveries: [] });
  });
});
