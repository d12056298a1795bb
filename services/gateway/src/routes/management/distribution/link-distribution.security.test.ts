import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';
import { greetingAgent, tokenOf } from './link-distribution.test-kit.js';

describe('bulk links and distribution: tenants and keys', () => {
  let h: GatewayHarness;
  let owner: { tenantId: string; key: string };
  let other: { tenantId: string; key: string };
  let ids: string[];
  let urls: string[];

  beforeAll(async () => {
    h = await startGatewayHarness();
    owner = await h.seedTenant('Owner');
    other = await h.seedTenant('Other');
    for (const t of [owner, other]) expect((await h.withKey(t.key, 'POST', '/api/agents', { name: 'checkin', config: greetingAgent })).status).toBe(201);
    const made = await h.withKey(owner.key, 'POST', '/api/agents/checkin/public-links/bulk', { settings: { title: 'Owned' }, count: 2 });
    ids = made.body.links.map((l: { id: string }) => l.id);
    urls = made.body.links.map((l: { url: string }) => l.url);
  });
  afterAll(async () => h?.stop());

  it('another tenant’s key changes, deletes, rotates and reads none of the links', async () => {
    const updated = await h.withKey(other.key, 'POST', '/api/public-links/bulk-update', { ids, changes: { active: false } });
    expect(updated.body).toEqual({ updated: [], not_found: ids });
    const deleted = await h.withKey(other.key, 'POST', '/api/public-links/bulk-delete', { ids });
    expect(deleted.body).toEqual({ deleted: [], not_found: ids });
    // Their own agent of the same name does not reach the owner's link.
    expect((await h.withKey(other.key, 'POST', `/api/agents/checkin/public-links/${ids[0]}/rotate`, {})).status).toBe(404);
    expect((await h.withKey(other.key, 'GET', `/api/public-links/${ids[0]}/deliveries`)).status).toBe(404);
    // The links still work for visitors.
    for (const url of urls) expect((await h.app.inject(visitorPost(`/api/public/sessions/${tokenOf(url)}`, {}))).statusCode).toBe(201);
  });

  it('needs a key on every route, and the admin key acts on a tenant named by X-Tenant-Id', async () => {
    for (const [method, url, body] of [
      ['POST', '/api/agents/checkin/public-links/bulk', { settings: { title: 'x' }, count: 1 }],
      ['POST', '/api/public-links/bulk-update', { ids, changes: {} }],
      ['POST', '/api/public-links/bulk-delete', { ids }],
      ['POST', `/api/agents/checkin/public-links/${ids[0]}/rotate`, {}],
      ['GET', `/api/public-links/${ids[0]}/deliveries`, undefined],
      ['GET', '/api/link-templates', undefined],
      ['GET', '/api/schedules', undefined],
    ] as const) {
      const response = await h.app.inject({ method, url, ...(body ? { payload: body } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect((await h.withKey('wrong-key', method, url, body)).status, `${method} ${url}`).toBe(401);
    }
    const asAdmin = await h.withKey(ADMIN_KEY, 'GET', `/api/public-links/${ids[0]}/deliveries`, undefined, owner.tenantId);
    expect(asAdmin.status).toBe(200);
    const wrongTenant = await h.withKey(ADMIN_KEY, 'GET', `/api/public-links/${ids[0]}/deliveries`, undefined, other.tenantId);
    expect(wrongTenant.status).toBe(404);
  });
});
