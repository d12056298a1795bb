import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { secretsTenant, secretValue } from './secrets.test-kit.js';

/** A tenant's secrets for its agents' tools: set, listed by name, changed, deleted – never a value shown. */
describe('tenant secrets', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('creates, lists, changes and deletes a secret; no answer ever holds its value', async () => {
    const { tenantId, keys } = await secretsTenant(h);
    const first = secretValue('shop');
    const answers: string[] = [];
    const call = async (...args: Parameters<GatewayHarness['withKey']>) => {
      const answer = await h.withKey(...args);
      answers.push(answer.text);
      return answer;
    };

    const created = await call(keys.owner, 'POST', '/api/secrets', { name: 'SHOP_KEY', value: first });
    expect(created.status, created.text).toBe(201);
    expect(created.body).toEqual({ name: 'SHOP_KEY', created_at: expect.any(String) });
    await call(keys.owner, 'POST', '/api/secrets', { name: 'CRM', value: secretValue('crm') });

    // Editors, who write the configs that name secrets, see names and dates, by name.
    const listed = await call(keys.editor, 'GET', '/api/secrets');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body).toEqual({
      secrets: [
        { name: 'CRM', created_at: expect.any(String), updated_at: expect.any(String) },
        { name: 'SHOP_KEY', created_at: created.body.created_at, updated_at: created.body.created_at },
      ],
    });

    const second = secretValue('shop');
    const updated = await call(keys.owner, 'PUT', '/api/secrets/SHOP_KEY', { value: second });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body).toEqual({ name: 'SHOP_KEY', created_at: created.body.created_at, updated_at: expect.any(String) });
    expect(Date.parse(updated.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.body.created_at));
    // What a tool call gets from then on is the new value.
    expect(await h.bus.request('links.tenant-secrets.reveal', { tenantId, names: ['SHOP_KEY'] })).toEqual({ values: { SHOP_KEY: second } });

    const deleted = await call(keys.owner, 'DELETE', '/api/secrets/CRM');
    expect(deleted.status, deleted.text).toBe(204);
    expect(deleted.text).toBe('');
    const after = await call(keys.owner, 'GET', '/api/secrets');
    expect(after.body.secrets.map((s: { name: string }) => s.name)).toEqual(['SHOP_KEY']);

    for (const text of answers) {
      expect(text).not.toContain(first);
      expect(text).not.toContain(second);
    }
  });

  it('records each change in the audit log by the secret’s name, never its value', async () => {
    const { keys } = await secretsTenant(h);
    const first = secretValue('audited');
    const second = secretValue('audited');
    expect((await h.withKey(keys.owner, 'POST', '/api/secrets', { name: 'AUDITED', value: first })).status).toBe(201);
    expect((await h.withKey(keys.owner, 'PUT', '/api/secrets/AUDITED', { value: second })).status).toBe(200);
    expect((await h.withKey(keys.owner, 'DELETE', '/api/secrets/AUDITED')).status).toBe(204);
    const audit = await waitFor(async () => {
      const answer = await h.withKey(keys.owner, 'GET', '/api/audit?target=AUDITED');
      return answer.body.entries?.length === 3 ? answer : false;
    });
    expect(audit.body.entries.map((entry: { action: string }) => entry.action)).toEqual(['secret.delete', 'secret.update', 'secret.create']);
    for (const entry of audit.body.entries) {
      expect(entry).toMatchObject({ target: { kind: 'secret', id: 'AUDITED' }, actor: { kind: 'key' }, details: {} });
    }
    expect(audit.text).not.toContain(first);
    expect(audit.text).not.toContain(second);
  });

  it('keeps the value sealed in the database, never in clear', async () => {
    const { tenantId, keys } = await secretsTenant(h);
    const value = secretValue('sealed');
    expect((await h.withKey(keys.owner, 'POST', '/api/secrets', { name: 'SEALED', value })).status).toBe(201);
    const rows = await h.ctx.db.selectFrom('tenant_secrets').selectAll().where('tenant_id', '=', tenantId).execute();
    expect(rows).toHaveLength(1);
    const stored = [
      JSON.stringify(rows[0]),
      ...(['utf8', 'hex', 'base64', 'base64url', 'latin1'] as const).map((encoding) => rows[0]!.sealed.toString(encoding)),
    ];
    for (const text of stored) expect(text).not.toContain(value);
  });

  it('is managed by the admin key for the tenant X-Tenant-Id names', async () => {
    const { tenantId } = await secretsTenant(h);
    const created = await h.admin('POST', '/api/secrets', { name: 'BY_ADMIN', value: 'x' }, tenantId);
    expect(created.status, created.text).toBe(201);
    expect((await h.admin('PUT', '/api/secrets/BY_ADMIN', { value: 'y' }, tenantId)).status).toBe(200);
    expect((await h.admin('GET', '/api/secrets', undefined, tenantId)).body.secrets.map((s: { name: string }) => s.name)).toEqual(['BY_ADMIN']);
    expect((await h.admin('DELETE', '/api/secrets/BY_ADMIN', undefined, tenantId)).status).toBe(204);
    expect((await h.admin('GET', '/api/secrets', undefined, tenantId)).body).toEqual({ secrets: [] });
  });
});
