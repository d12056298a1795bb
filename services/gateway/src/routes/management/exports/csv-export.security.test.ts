import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoAgent, expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { csvRecords, textChat } from './csv-export.test-kit.js';

describe('CSV exports: roles and tenants', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('transcripts need the role that reads every conversation (editor); analytics a viewer; the audit log an owner', async () => {
    const { tenantId, key } = await h.seedTenant('csv-roles');
    expect((await h.withKey(key, 'POST', '/api/agents', { name: 'desk', config: echoAgent })).status).toBe(201);
    const keyOf = async (role: string) => (await h.withKey(key, 'POST', '/api/keys', { name: role, role })).body.key as string;
    const viewer = await keyOf('viewer');
    const operator = await keyOf('operator');
    const editor = await keyOf('editor');
    for (const refused of [viewer, operator]) expectError(await h.withKey(refused, 'GET', '/api/agents/desk/conversations/export'), 403, 'forbidden');
    for (const allowed of [editor, key]) expect((await h.withKey(allowed, 'GET', '/api/agents/desk/conversations/export')).status).toBe(200);
    expect((await h.withKey(viewer, 'GET', '/api/agents/desk/analytics?format=csv')).status).toBe(200);
    expectError(await h.withKey(editor, 'GET', '/api/audit?format=csv'), 403, 'forbidden');
    expect((await h.withKey(key, 'GET', '/api/audit?format=csv')).status).toBe(200);
    expectError(await h.inject({ method: 'GET', url: '/api/agents/desk/conversations/export' }), 401, 'unauthorized');
    expect(tenantId).toEqual(expect.any(String));
  });

  it("a tenant exports only its own: another tenant's agent is 404, and a same-named agent's conversations stay apart", async () => {
    const a = await h.seedAgent(echoAgent, 'shared-name');
    const b = await h.seedAgent(echoAgent, 'shared-name');
    const onlyB = await h.seedAgent(echoAgent, 'only-b');
    const sessionA = await textChat(h, a, ['secret of a']);
    const sessionB = await textChat(h, b, ['secret of b']);
    await textChat(h, onlyB, ['b again']);
    const keyA = (await h.admin('POST', `/api/tenants/${a.tenantId}/keys`, { name: 'A' })).body.key as string;

    expectError(await h.withKey(keyA, 'GET', '/api/agents/only-b/conversations/export'), 404, 'not_found');
    // A tenant key cannot pick another tenant by header.
    expectError(await h.withKey(keyA, 'GET', '/api/agents/only-b/conversations/export', undefined, onlyB.tenantId), 404, 'not_found');
    const rows = csvRecords(await h.withKey(keyA, 'GET', '/api/agents/shared-name/conversations/export'), /transcripts-shared-name-[\d-]+\.csv/);
    expect(new Set(rows.map((row) => row.session_id))).toEqual(new Set([sessionA]));
    expect(rows.map((row) => row.content)).not.toContain('secret of b');
    const rowsB = csvRecords(await h.admin('GET', '/api/agents/shared-name/conversations/export', undefined, b.tenantId), /transcripts-[\w-]+\.csv/);
    expect(new Set(rowsB.map((row) => row.session_id))).toEqual(new Set([sessionB]));
    // The audit CSV of a tenant key is its own tenant's.
    const audit = csvRecords(await h.withKey(keyA, 'GET', '/api/audit?format=csv'), /audit-[\d-]+\.csv/);
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((row) => row.tenant_id === a.tenantId)).toBe(true);
  });
});
