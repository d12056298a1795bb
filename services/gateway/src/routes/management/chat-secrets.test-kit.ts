import { signRequest } from '@parley/auth';
import { expect } from 'vitest';
import type { GatewayHarness, InjectResult } from '../../../test/gateway-harness.js';

/** A tenant with an agent and an owner key, and a Text Chat API secret of its own. */
export interface TenantWithSecret {
  tenantId: string;
  agentId: string;
  owner: string;
  secretId: string;
  secret: string;
}

/** A tenant with an agent and one secret of its own (made with its owner key). */
export async function tenantWithSecret(h: GatewayHarness): Promise<TenantWithSecret> {
  const agent = await h.seedAgent();
  const key = await h.admin('POST', `/api/tenants/${agent.tenantId}/keys`);
  expect(key.status, key.text).toBe(201);
  const created = await h.withKey(key.body.key, 'POST', '/api/chat-secrets');
  expect(created.status, created.text).toBe(201);
  return { tenantId: agent.tenantId, agentId: agent.agentId, owner: key.body.key, secretId: created.body.secret_id, secret: created.body.secret };
}

/** Headers and bytes of a Text Chat API request signed with `secret` (a decimal timestamp: two requests never share a signature). */
export function signedRequest(secret: string, method: string, path: string, body?: unknown) {
  const raw = body === undefined ? '' : JSON.stringify(body);
  return {
    method,
    url: path,
    headers: { ...(raw ? { 'content-type': 'application/json' } : {}), ...signRequest(secret, method, path, raw, Date.now(), { fractional: true }) },
    ...(raw ? { payload: raw } : {}),
  };
}

/** Sends a Text Chat API request signed with `secret` (a tenant's own, or another). */
export function signedWith(h: GatewayHarness, secret: string, method: string, path: string, body?: unknown): Promise<InjectResult> {
  return h.inject(signedRequest(secret, method, path, body));
}

/** The refusal of a wrong signature, whatever made it wrong: what another tenant's secret must get. */
export function expectBadSignature(response: InjectResult): void {
  expect(response.status, response.text).toBe(401);
  expect(response.body.error).toMatchObject({ code: 'unauthorized', message: 'invalid signature', details: { reason: 'bad_signature' } });
}
