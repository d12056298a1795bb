import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import { AppError } from '@parley/contracts';

/** Who a management request acts as; a tenant key also has an id and the name it answers visitors with. */
export type Principal = { kind: 'admin'; tenantId: string | undefined } | { kind: 'tenant'; tenantId: string; keyId: string; keyName: string };

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Resolved tenant keys are remembered briefly so management calls skip a bus round trip. */
const KEY_CACHE_MS = 30_000;


/**
 * Management API authentication: the platform admin key (any tenant, chosen with X-Tenant-Id)
 * or a tenant key (its own tenant only). Keys are compared by hash, in constant time.
 */
export class ManagementAuth {
  private readonly adminKeyHash: Buffer;
  private readonly cache = new Map<string, { tenantId: string; keyId: string; keyName: string; expires: number }>();

  constructor(
    adminApiKey: string,
    private readonly bus: PlatformBus,
  ) {
    this.adminKeyHash = Buffer.from(sha256Hex(adminApiKey), 'hex');
  }

  async authenticate(authorization: unknown, tenantHeader: unknown): Promise<Principal> {
    const match = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization) : null;
    if (!match?.[1]) throw new AppError('unauthorized', 'Authorization: Bearer <key> is required');
    const key = match[1];
    const hex = sha256Hex(key);
    if (timingSafeEqual(Buffer.from(hex, 'hex'), this.adminKeyHash)) {
      if (tenantHeader === undefined) return { kind: 'admin', tenantId: undefined };
      if (typeof tenantHeader !== 'string' || !uuidPattern.test(tenantHeader)) {
        throw new AppError('invalid', 'X-Tenant-Id must be a tenant UUID', { details: [{ path: 'X-Tenant-Id', message: 'not a UUID' }] });
      }
      return { kind: 'admin', tenantId: tenantHeader.toLowerCase() };
    }
    const cached = this.cache.get(hex);
    if (cached && cached.expires > Date.now()) return { kind: 'tenant', tenantId: cached.tenantId, keyId: cached.keyId, keyName: cached.keyName };
    try {
      const { tenantId, keyId, name } = await this.bus.request('tenants.resolveKey', { keyHash: hex });
      this.cache.set(hex, { tenantId, keyId, keyName: name, expires: Date.now() + KEY_CACHE_MS });
      return { kind: 'tenant', tenantId, keyId, keyName: name };
    } catch (error) {
      if (error instanceof AppError && error.code === 'not_found') throw new AppError('unauthorized', 'unknown API key');
      throw error;
    }
  }
}

/** The tenant a call acts on; an admin must name one with X-Tenant-Id. */
export function requireTenant(principal: Principal): string {
  if (principal.tenantId === undefined) {
    throw new AppError('invalid', 'X-Tenant-Id is required when using the admin key', {
      details: [{ path: 'X-Tenant-Id', message: 'required' }],
    });
  }
  return principal.tenantId;
}

/** The tenant a management request acts on (its key's, or the admin's X-Tenant-Id). */
export function tenantOf(request: { principal: Principal | undefined }): string {
  if (!request.principal) throw new AppError('unauthorized', 'Authorization: Bearer <key> is required');
  return requireTenant(request.principal);
}

/** The platform admin key answers visitors as this when it acts in the inbox. */
export const ADMIN_OPERATOR_NAME = 'Support';

/** Who acts in the inbox: a tenant key by its id and name; the admin key has no id. */
export function operatorOf(request: { principal: Principal | undefined }): { keyId: string | null; name: string } {
  if (!request.principal) throw new AppError('unauthorized', 'Authorization: Bearer <key> is required');
  return request.principal.kind === 'tenant' ? { keyId: request.principal.keyId, name: request.principal.keyName } : { keyId: null, name: ADMIN_OPERATOR_NAME };
}
