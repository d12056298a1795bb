import { AppError, type Role } from '@parley/contracts';
import type { RegistryRepository } from '../store/registry.repository.js';
import { newTenantKey } from './tenant-keys.js';

const iso = (date: Date) => date.toISOString();

/** A tenant's API keys (only their SHA-256 is kept). Listing and revoking are scoped by tenant: another tenant's key is not found. */
export class KeyService {
  constructor(private readonly repository: RegistryRepository) {}

  /** `name`: who answers with this key, as visitors see it; "Support" unless given. `role`: owner unless given. */
  async createKey(tenantId: string, name = 'Support', role: Role = 'owner', expiresAt?: string) {
    if (!(await this.repository.tenantExists(tenantId))) throw new AppError('not_found', 'tenant not found');
    const key = newTenantKey();
    const expires = expiresAt === undefined ? null : new Date(expiresAt);
    await this.repository.createKey({ id: key.keyId, tenantId, keyHash: key.keyHash, prefix: key.prefix, name, role, expiresAt: expires });
    return { key_id: key.keyId, key: key.key, tenant_id: tenantId, name, role, expires_at: expires === null ? null : iso(expires) };
  }

  async resolveKey(keyHash: string) {
    const key = await this.repository.findActiveKey(keyHash);
    if (!key) throw new AppError('not_found', 'unknown key');
    return { tenantId: key.tenant_id, keyId: key.id, name: key.name, role: key.role as Role, expiresAt: key.expires_at === null ? null : iso(key.expires_at) };
  }

  async listKeys(tenantId: string) {
    const keys = await this.repository.listKeys(tenantId);
    const at = (date: Date | null) => (date === null ? null : iso(date));
    return {
      keys: keys.map((key) => ({
        key_id: key.id,
        name: key.name,
        role: key.role as Role,
        created_at: iso(key.created_at),
        last_used_at: at(key.last_used_at),
        expires_at: at(key.expires_at),
        revoked_at: at(key.revoked_at),
      })),
    };
  }

  async revokeKey(tenantId: string, keyId: string) {
    const revoked = await this.repository.revokeKey(tenantId, keyId);
    if (!revoked) throw new AppError('not_found', 'key not found');
    return { keyId: revoked.id };
  }

  async touchKey(keyId: string) {
    await this.repository.touchKey(keyId);
    return {};
  }
}
