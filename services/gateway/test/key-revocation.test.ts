import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { ADMIN_KEY } from './gateway-harness.js';
import { startGatewaysOnNats } from './gateways-on-nats.js';

/**
 * A revoked key on two gateways, each its own NATS connection as two replicas have, in front of
 * the links service on a third: the time from the DELETE on one to the first 401 on the other.
 */
describe('key revocation across two gateways on NATS', () => {
  let a: App;
  let b: App;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ a, b, stop } = await startGatewaysOnNats('key-revocation'));
  });
  afterAll(async () => stop?.());

  const call = async (app: App, key: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, tenantId?: string) => {
    const response = await app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${key}`,
        ...(tenantId ? { 'x-tenant-id': tenantId } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };

  it('is refused by the other gateway within 1 s of its DELETE', async () => {
    const tenant = await call(a, ADMIN_KEY, 'POST', '/api/tenants', { name: 'Revocation' });
    expect(tenant.status).toBe(201);
    const owner = await call(a, ADMIN_KEY, 'POST', `/api/tenants/${tenant.body.id}/keys`);
    const made = await call(a, owner.body.key, 'POST', '/api/keys', { name: 'Leaving', role: 'editor' });
    expect(made.status).toBe(201);
    const key = made.body.key as string;
    // Both gateways have the key in their caches.
    expect((await call(a, key, 'GET', '/api/agents')).status).toBe(200);
    expect((await call(b, key, 'GET', '/api/agents')).status).toBe(200);
    expect((await call(b, key, 'GET', '/api/agents')).status).toBe(200);

    const start = performance.now();
    expect((await call(a, owner.body.key, 'DELETE', `/api/keys/${made.body.key_id}`)).status).toBe(204);
    let status = 200;
    while (status !== 401 && performance.now() - start < 5_000) {
      status = (await call(b, key, 'GET', '/api/agents')).status;
      if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const elapsed = performance.now() - start;
    console.log(`key revocation: DELETE on gateway A to the first 401 on gateway B: ${elapsed.toFixed(1)} ms`);
    expect(status).toBe(401);
    expect(elapsed).toBeLessThanOrEqual(1_000);
    expect((await call(a, key, 'GET', '/api/agents')).status).toBe(401);
  });
});
