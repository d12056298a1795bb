import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

/** PUT /api/tenants/{id} `{tokens_per_day}` (docs/management-api.md "Cost guards"): what is refused, and who may set it. */
describe("a tenant's daily token budget: validation and who may set it", () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({ managementRateLimitPerMinute: 1_000_000 });
  });
  afterAll(async () => h?.stop());

  it('refuses what is not a whole number of tokens from 1 to 10^12 (400 with the field named), and changes nothing', async () => {
    const { tenantId } = await h.seedTenant('Budgeted');
    for (const tokens_per_day of [-1, 0, 1.5, 1_000_000_000_001, '1000', true, {}, [10]]) {
      const refused = await h.admin('PUT', `/api/tenants/${tenantId}`, { tokens_per_day });
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details), refused.text).toContain('tokens_per_day');
    }
    const unknownField = await h.admin('PUT', `/api/tenants/${tenantId}`, { tokens_per_month: 10 });
    expectError(unknownField, 400, 'invalid');
    const tenants = (await h.admin('GET', '/api/tenants')).body.tenants as { id: string; tokens_per_day: number | null }[];
    expect(tenants.find((t) => t.id === tenantId)?.tokens_per_day).toBeNull();
    // The largest budget is accepted and answered as it was given.
    const largest = await h.admin('PUT', `/api/tenants/${tenantId}`, { tokens_per_day: 1_000_000_000_000 });
    expect(largest.status, largest.text).toBe(200);
    expect(largest.body.tokens_per_day).toBe(1_000_000_000_000);
  });

  it("only the platform admin key sets it: the tenant's owner key gets 403, another tenant's key 404, an editor 403 by role", async () => {
    const own = await h.seedTenant('Own');
    const other = await h.seedTenant('Other');
    const byOwner = await h.withKey(own.key, 'PUT', `/api/tenants/${own.tenantId}`, { tokens_per_day: 1_000 });
    expectError(byOwner, 403, 'forbidden', /admin/);
    expect(byOwner.body.error.details).toEqual({ reason: 'admin_only' });
    // The owner still renames its own tenant, and reads the budget the admin set.
    expect((await h.admin('PUT', `/api/tenants/${own.tenantId}`, { tokens_per_day: 5_000 })).status).toBe(200);
    const renamed = await h.withKey(own.key, 'PUT', `/api/tenants/${own.tenantId}`, { name: 'Own, renamed' });
    expect(renamed.status, renamed.text).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Own, renamed', tokens_per_day: 5_000 });
    expect((await h.withKey(own.key, 'GET', '/api/tenants')).body.tenants[0]).toMatchObject({ id: own.tenantId, tokens_per_day: 5_000 });

    expectError(await h.withKey(other.key, 'PUT', `/api/tenants/${own.tenantId}`, { tokens_per_day: 1 }), 404, 'not_found');
    const editor = await h.withKey(own.key, 'POST', '/api/keys', { name: 'Editor', role: 'editor' });
    expectError(await h.withKey(editor.body.key, 'PUT', `/api/tenants/${own.tenantId}`, { tokens_per_day: 1 }), 403, 'forbidden');
    // None of the refused attempts changed it.
    expect((await h.admin('GET', '/api/tenants')).body.tenants.find((t: { id: string }) => t.id === own.tenantId).tokens_per_day).toBe(5_000);
  });

  it('an unknown tenant is 404; setting and removing the budget is in the audit log', async () => {
    expectError(await h.admin('PUT', '/api/tenants/00000000-0000-4000-8000-000000000000', { tokens_per_day: 10 }), 404, 'not_found');
    const { tenantId } = await h.seedTenant('Audited');
    expect((await h.admin('PUT', `/api/tenants/${tenantId}`, { tokens_per_day: 250_000 })).status).toBe(200);
    expect((await h.admin('PUT', `/api/tenants/${tenantId}`, { tokens_per_day: null })).body.tokens_per_day).toBeNull();
    const updates = await waitFor(
      async () => {
        const entries = (await h.admin('GET', '/api/audit?action=tenant.update', undefined, tenantId)).body.entries as { details: Record<string, unknown> }[];
        return entries.length === 2 && entries;
      },
      { timeoutMs: 5_000 },
    );
    expect(updates.map((e) => e.details.tokens_per_day)).toEqual([null, 250_000]);
  });
});
