import { Writable } from 'node:stream';
import { createLogger } from '@parley/logger';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, type InjectResult, startGatewayHarness } from '../../../test/gateway-harness.js';
import { type SecretsTenant, secretsTenant, secretValue } from './secrets.test-kit.js';

/** A refusal as a client sees it: everything but its request id. */
const refusal = (response: InjectResult) => ({
  status: response.status,
  code: response.body.error?.code,
  message: response.body.error?.message,
  details: response.body.error?.details,
});

/** Whose secrets they are, who may touch them, and where a value never goes. */
describe('tenant secrets: tenants, roles and what is never shown', () => {
  let h: GatewayHarness;
  let a: SecretsTenant;
  let b: SecretsTenant;
  /** Every line the gateway and the services behind it write, at the most verbose level. */
  const lines: string[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = (service: string) => createLogger({ service, level: 'trace', destination });
    h = await startGatewayHarness({}, { gatewayLogger: logger('gateway'), servicesLogger: logger('services') });
    a = await secretsTenant(h, 'Tenant A');
    b = await secretsTenant(h, 'Tenant B');
  });
  afterAll(async () => h?.stop());

  it("keeps each tenant's secrets to itself: another tenant's is not found, exactly as one that does not exist", async () => {
    expect((await h.withKey(a.keys.owner, 'POST', '/api/secrets', { name: 'A_ONLY', value: 'a-value' })).status).toBe(201);
    expect((await h.withKey(b.keys.owner, 'POST', '/api/secrets', { name: 'SHARED_NAME', value: 'b-value' })).status).toBe(201);
    // The same name in two tenants is two secrets.
    expect((await h.withKey(a.keys.owner, 'POST', '/api/secrets', { name: 'SHARED_NAME', value: 'a-shared' })).status).toBe(201);

    for (const [method, body] of [
      ['PUT', { value: 'hijacked' }],
      ['DELETE', undefined],
    ] as const) {
      const others = await h.withKey(b.keys.owner, method, '/api/secrets/A_ONLY', body);
      const nobodys = await h.withKey(b.keys.owner, method, '/api/secrets/NOBODYS', body);
      expectError(others, 404, 'not_found');
      // The same answer, but for the name it repeats.
      expect({ ...refusal(others), message: refusal(others).message.replace('A_ONLY', 'NAME') }).toEqual({
        ...refusal(nobodys),
        message: refusal(nobodys).message.replace('NOBODYS', 'NAME'),
      });
      // X-Tenant-Id does not take a tenant key to another tenant.
      expectError(await h.withKey(b.keys.owner, method, '/api/secrets/A_ONLY', body, a.tenantId), 404, 'not_found');
    }
    const listA = await h.withKey(a.keys.owner, 'GET', '/api/secrets');
    const listB = await h.withKey(b.keys.owner, 'GET', '/api/secrets', undefined, a.tenantId);
    expect(listA.body.secrets.map((s: { name: string }) => s.name)).toEqual(['A_ONLY', 'SHARED_NAME']);
    expect(listB.body.secrets.map((s: { name: string }) => s.name)).toEqual(['SHARED_NAME']);
    // Untouched: each tenant's values are its own.
    expect(await h.bus.request('links.tenant-secrets.reveal', { tenantId: a.tenantId, names: ['A_ONLY', 'SHARED_NAME'] })).toEqual({
      values: { A_ONLY: 'a-value', SHARED_NAME: 'a-shared' },
    });
    expect(await h.bus.request('links.tenant-secrets.reveal', { tenantId: b.tenantId, names: ['A_ONLY', 'SHARED_NAME'] })).toEqual({
      values: { SHARED_NAME: 'b-value' },
    });
  });

  it('lets an owner set, change and delete secrets, an editor list them, and refuses the rest with 403 and the role needed', async () => {
    expect((await h.withKey(a.keys.owner, 'POST', '/api/secrets', { name: 'ROLES', value: 'x' })).status).toBe(201);
    const listed = await h.withKey(a.keys.editor, 'GET', '/api/secrets');
    expect(listed.status, listed.text).toBe(200);
    expect(listed.body.secrets.map((s: { name: string }) => s.name)).toContain('ROLES');
    for (const role of ['operator', 'viewer'] as const) {
      const refused = await h.withKey(a.keys[role], 'GET', '/api/secrets');
      expectError(refused, 403, 'forbidden');
      expect(refused.body.error.details).toEqual({ required_role: 'editor', role });
    }
    for (const role of ['editor', 'operator', 'viewer'] as const) {
      for (const [method, path, body] of [
        ['POST', '/api/secrets', { name: 'NOT_ALLOWED', value: 'x' }],
        ['PUT', '/api/secrets/ROLES', { value: 'changed' }],
        ['DELETE', '/api/secrets/ROLES', undefined],
      ] as const) {
        const refused = await h.withKey(a.keys[role], method, path, body);
        expectError(refused, 403, 'forbidden');
        expect(refused.body.error.details, `${method} ${path} as ${role}`).toEqual({ required_role: 'owner', role });
      }
    }
    // Nothing a lesser key tried took effect.
    expect(await h.bus.request('links.tenant-secrets.reveal', { tenantId: a.tenantId, names: ['ROLES', 'NOT_ALLOWED'] })).toEqual({ values: { ROLES: 'x' } });
  });

  it('writes a value in no answer, no audit entry and no log line, while it is created, changed and revealed', async () => {
    const created = secretValue('created');
    const changed = secretValue('changed');
    const answers = [
      await h.withKey(a.keys.owner, 'POST', '/api/secrets', { name: 'NEVER_SHOWN', value: created }),
      await h.withKey(a.keys.owner, 'PUT', '/api/secrets/NEVER_SHOWN', { value: changed }),
      await h.withKey(a.keys.editor, 'GET', '/api/secrets'),
      // Refused ones too: a value is not echoed in an error.
      await h.withKey(a.keys.owner, 'POST', '/api/secrets', { name: 'NEVER_SHOWN', value: created }),
      await h.withKey(a.keys.owner, 'POST', '/api/secrets', { name: 'bad name', value: created }),
      await h.withKey(a.keys.editor, 'PUT', '/api/secrets/NEVER_SHOWN', { value: created }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([201, 200, 200, 409, 400, 403]);
    // What the agent-runner asks at a tool call.
    expect(await h.bus.request('links.tenant-secrets.reveal', { tenantId: a.tenantId, names: ['NEVER_SHOWN'] })).toEqual({
      values: { NEVER_SHOWN: changed },
    });
    const audit = await waitFor(async () => {
      const answer = await h.withKey(a.keys.owner, 'GET', '/api/audit?target=NEVER_SHOWN');
      return answer.body.entries?.length === 2 ? answer : false;
    });
    expect(lines.length).toBeGreaterThan(0);
    for (const value of [created, changed]) {
      for (const answer of answers) expect(answer.text).not.toContain(value);
      expect(audit.text).not.toContain(value);
      expect(lines.filter((line) => line.includes(value))).toEqual([]);
    }
  });
});
