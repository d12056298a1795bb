import { randomUUID } from 'node:crypto';
import type { Role } from '@parley/contracts';
import { expect } from 'vitest';
import type { GatewayHarness } from '../../../test/gateway-harness.js';

/** A tenant with an owner key and a key of each lesser role. */
export interface SecretsTenant {
  tenantId: string;
  keys: Record<Role, string>;
}

export async function secretsTenant(h: GatewayHarness, name = 'Secrets'): Promise<SecretsTenant> {
  const { tenantId, key: owner } = await h.seedTenant(name);
  const keys = { owner } as Record<Role, string>;
  for (const role of ['editor', 'operator', 'viewer'] as const) {
    const made = await h.withKey(owner, 'POST', '/api/keys', { name: `${role} key`, role });
    expect(made.status, made.text).toBe(201);
    keys[role] = made.body.key;
  }
  return { tenantId, keys };
}

/** A value no other test uses, so finding it anywhere means this one leaked it. */
export const secretValue = (what: string) => `${what}-${randomUUID()}`;
