import { AppError } from '@parley/contracts';
import type { RegistryRepository, TenantChanges } from '../store/registry.repository.js';

const iso = (date: Date) => date.toISOString();

const tenantView = (tenant: { id: string; name: string; operator_email: string | null; tokens_per_day: number | string | null; created_at: Date }) => ({
  id: tenant.id,
  name: tenant.name,
  operator_email: tenant.operator_email,
  // At most 10^12 (updateTenantBody): always a safe integer, never int8's string form.
  tokens_per_day: tenant.tokens_per_day === null ? null : Number(tenant.tokens_per_day),
  created_at: iso(tenant.created_at),
});

/** Tenants: made, changed and listed, and whether one exists (keys, agents and members are made only in one that does). */
export class TenantService {
  constructor(private readonly repository: RegistryRepository) {}

  async createTenant(name: string, operatorEmail: string | null = null) {
    return tenantView(await this.repository.createTenant(name, operatorEmail));
  }

  async updateTenant(tenantId: string, changes: TenantChanges) {
    // Nothing to change still answers the tenant as it is (or 404).
    const updated =
      changes.name === undefined && changes.operatorEmail === undefined && changes.tokensPerDay === undefined
        ? (await this.repository.listTenants(tenantId, 1))[0]
        : await this.repository.updateTenant(tenantId, changes);
    if (!updated) throw new AppError('not_found', 'tenant not found');
    return tenantView(updated);
  }

  async listTenants(only: string | undefined) {
    const tenants = await this.repository.listTenants(only, 1_000);
    return { tenants: tenants.map(tenantView) };
  }

  tenantExists(tenantId: string) {
    return this.repository.tenantExists(tenantId);
  }
}
