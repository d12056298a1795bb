import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { signedRequest } from '../src/routes/management/chat-secrets.test-kit.js';
import { ADMIN_KEY, CHAT_SECRET } from './gateway-harness.js';
import { startGatewaysOnNats } from './gateways-on-nats.js';

/**
 * A deleted Text Chat API secret on two gateways, each its own NATS connection as two replicas
 * have, in front of the links and sessions services on their own: the time from the DELETE on one
 * to the first 401 on the other.
 */
describe('Text Chat API secret deletion across two gateways on NATS', () => {
  let a: App;
  let b: App;
  let stop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ a, b, stop } = await startGatewaysOnNats('chat-secret-revocation', { sessions: true }));
  });
  afterAll(async () => stop?.());

  const call = async (app: App, method: 'GET' | 'POST' | 'DELETE', url: string, tenantId?: string) => {
    const response = await app.inject({ method, url, headers: { authorization: `Bearer ${ADMIN_KEY}`, ...(tenantId ? { 'x-tenant-id': tenantId } : {}) } });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };

  it('is refused by the other gateway within 1 s of its DELETE, while the tenant’s next secret and CHAT_API_SECRET keep working', async () => {
    const tenant = await a.inject({
      method: 'POST',
      url: '/api/tenants',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      payload: '{"name":"Rotation"}',
    });
    const tenantId = JSON.parse(tenant.body).id as string;
    const old = await call(a, 'POST', '/api/chat-secrets', tenantId);
    const next = await call(a, 'POST', '/api/chat-secrets', tenantId);
    expect([old.status, next.status]).toEqual([201, 201]);
    const conversations = `/api/chat/users/rider/conversations?tenant_id=${tenantId}`;
    const read = async (app: App, secret: string) => (await app.inject(signedRequest(secret, 'GET', conversations))).statusCode;
    // Both gateways have the tenant's secrets cached.
    expect(await read(a, old.body.secret)).toBe(200);
    expect(await read(b, old.body.secret)).toBe(200);
    expect(await read(b, next.body.secret)).toBe(200);

    const start = performance.now();
    expect((await call(a, 'DELETE', `/api/chat-secrets/${old.body.secret_id}`, tenantId)).status).toBe(204);
    let status = 200;
    while (status !== 401 && performance.now() - start < 5_000) {
      status = await read(b, old.body.secret);
      if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const elapsed = performance.now() - start;
    console.log(`chat secret deletion: DELETE on gateway A to the first 401 on gateway B: ${elapsed.toFixed(1)} ms`);
    expect(status).toBe(401);
    expect(elapsed).toBeLessThanOrEqual(1_000);
    expect(await read(a, old.body.secret)).toBe(401);
    expect(await read(b, next.body.secret)).toBe(200);
    expect(await read(b, CHAT_SECRET)).toBe(200);
  });
});
