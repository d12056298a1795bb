import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { type SecretsTenant, secretsTenant } from './secrets.test-kit.js';

/** Bad input to the tenant secrets routes: 4xx with the error body naming the field, never 500, nothing stored. */
describe('tenant secrets: bad input', () => {
  let h: GatewayHarness;
  let t: SecretsTenant;

  beforeAll(async () => {
    // A hundred secrets are made here at once: above the management routes' usual rate.
    h = await startGatewayHarness({ managementRateLimitPerMinute: 10_000 });
    t = await secretsTenant(h);
  });
  afterAll(async () => h?.stop());

  const owner = (method: string, path: string, body?: unknown) => h.withKey(t.keys.owner, method, path, body);

  it('refuses a name taken in the tenant with 409, keeping the value it had', async () => {
    expect((await owner('POST', '/api/secrets', { name: 'TAKEN', value: 'first' })).status).toBe(201);
    const again = await owner('POST', '/api/secrets', { name: 'TAKEN', value: 'second' });
    expectError(again, 409, 'conflict', /already has a secret named TAKEN.*PUT \/api\/secrets\/TAKEN/);
    expect(again.body.error.details).toEqual({ reason: 'secret_exists', name: 'TAKEN' });
    expect(again.text).not.toContain('second');
    expect(await h.bus.request('links.tenant-secrets.reveal', { tenantId: t.tenantId, names: ['TAKEN'] })).toEqual({ values: { TAKEN: 'first' } });
  });

  it('answers 404 for a change or deletion of a secret the tenant does not have', async () => {
    expectError(await owner('PUT', '/api/secrets/NOT_THERE', { value: 'x' }), 404, 'not_found', /no secret named NOT_THERE/);
    expectError(await owner('DELETE', '/api/secrets/NOT_THERE'), 404, 'not_found', /no secret named NOT_THERE/);
    expect((await owner('POST', '/api/secrets', { name: 'ONCE', value: 'x' })).status).toBe(201);
    expect((await owner('DELETE', '/api/secrets/ONCE')).status).toBe(204);
    expectError(await owner('DELETE', '/api/secrets/ONCE'), 404, 'not_found');
  });

  it('refuses a bad name, in the body or the path, with 400 naming it', async () => {
    for (const name of ['shop_key', '_SHOP', '9LIVES', 'SHOP-KEY', 'SHOP KEY', 'ÄPFEL', `A${'B'.repeat(64)}`, '', 42, null]) {
      const refused = await owner('POST', '/api/secrets', { name, value: 'x' });
      expectError(refused, 400, 'invalid');
      expect(refused.body.error.details, JSON.stringify(name)).toContainEqual(expect.objectContaining({ path: 'body.name' }));
    }
    const lower = await owner('POST', '/api/secrets', { name: 'shop_key', value: 'x' });
    expect(lower.body.error.message).toMatch(/upper-case letter/);
    for (const name of ['shop_key', '9LIVES', `A${'B'.repeat(64)}`]) {
      const put = await owner('PUT', `/api/secrets/${name}`, { value: 'x' });
      expectError(put, 400, 'invalid');
      expect(put.body.error.details).toContainEqual(expect.objectContaining({ path: 'params.name' }));
      expectError(await owner('DELETE', `/api/secrets/${name}`), 400, 'invalid');
    }
    // The longest name there may be is taken.
    expect((await owner('POST', '/api/secrets', { name: `A${'B'.repeat(63)}`, value: 'x' })).status).toBe(201);
  });

  it('refuses an empty, overlong or missing value, and fields it does not know, with 400 naming them', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ name: 'EMPTY', value: '' }, 'body.value', /at least 1 character/],
      [{ name: 'LONG', value: 'v'.repeat(8_193) }, 'body.value', /at most 8192 characters/],
      [{ name: 'MISSING' }, 'body.value', /./],
      [{ name: 'NUMBER', value: 12345 }, 'body.value', /./],
      [{ name: 'EXTRA', value: 'x', description: 'no' }, 'body', /description/],
    ];
    for (const [body, path, message] of cases) {
      const refused = await owner('POST', '/api/secrets', body);
      expectError(refused, 400, 'invalid');
      expect(refused.body.error.details, JSON.stringify(body).slice(0, 80)).toContainEqual(expect.objectContaining({ path }));
      expect(refused.body.error.message).toMatch(message);
    }
    expect((await owner('POST', '/api/secrets', { name: 'FULL_LENGTH', value: 'v'.repeat(8_192) })).status).toBe(201);
    expectError(await owner('PUT', '/api/secrets/FULL_LENGTH', { value: '' }), 400, 'invalid', /at least 1 character/);
    expectError(await owner('PUT', '/api/secrets/FULL_LENGTH', { value: 'v'.repeat(8_193) }), 400, 'invalid', /at most 8192/);
    expectError(await owner('PUT', '/api/secrets/FULL_LENGTH', { value: 'x', name: 'OTHER' }), 400, 'invalid');
    expectError(await owner('PUT', '/api/secrets/FULL_LENGTH'), 400, 'invalid');
    expectError(
      await h.inject({
        method: 'POST',
        url: '/api/secrets',
        headers: { authorization: `Bearer ${t.keys.owner}`, 'content-type': 'application/json' },
        payload: '{"name":',
      }),
      400,
      'invalid',
    );
    // Nothing refused was kept.
    const names = (await owner('GET', '/api/secrets')).body.secrets.map((s: { name: string }) => s.name);
    for (const name of ['EMPTY', 'LONG', 'MISSING', 'NUMBER', 'EXTRA']) expect(names).not.toContain(name);
  });

  it('keeps at most 100 secrets a tenant: the 101st is a conflict saying what to do, and deleting one makes room', async () => {
    const full = await secretsTenant(h, 'Full');
    const make = (name: string) => h.withKey(full.keys.owner, 'POST', '/api/secrets', { name, value: 'x' });
    for (let i = 0; i < 100; i++) expect((await make(`S${i}`)).status).toBe(201);
    const over = await make('ONE_MORE');
    expectError(over, 409, 'conflict', /at most 100 secrets.*delete one/);
    expect(over.body.error.details).toEqual({ reason: 'too_many_secrets', max: 100 });
    expect((await h.withKey(full.keys.owner, 'DELETE', '/api/secrets/S0')).status).toBe(204);
    expect((await make('ONE_MORE')).status).toBe(201);
    expect((await h.withKey(full.keys.owner, 'GET', '/api/secrets')).body.secrets).toHaveLength(100);
  });

  it('needs X-Tenant-Id from the admin key, and a tenant that exists', async () => {
    expectError(await h.admin('POST', '/api/secrets', { name: 'X', value: 'x' }), 400, 'invalid', /X-Tenant-Id/);
    expectError(await h.admin('GET', '/api/secrets'), 400, 'invalid', /X-Tenant-Id/);
    expectError(await h.admin('GET', '/api/secrets', undefined, '00000000-0000-4000-8000-000000000000'), 404, 'not_found');
    expectError(await h.withKey('prl_not-a-key', 'GET', '/api/secrets'), 401, 'unauthorized');
  });
});
