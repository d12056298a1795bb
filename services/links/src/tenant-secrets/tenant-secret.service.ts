import { AppError, MAX_TENANT_SECRETS } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { SecretBox } from '../sealing/secret-box.js';
import type { TenantSecretRepository } from './tenant-secret.repository.js';

const iso = (date: Date) => date.toISOString();

/** What a sealed value is bound to: moved to another tenant's row, or to another name, it does not open. */
const boundTo = (tenantId: string, name: string) => `tenant-secret:${tenantId.toLowerCase()}/${name}`;

/**
 * A tenant's secrets for its agents' tools (docs/management-api.md, "Tenant secrets"): named
 * values kept sealed (SecretBox), at most MAX_TENANT_SECRETS a tenant. The management API sets
 * them and lists their names; only `reveal` answers a value, read from the table at each call
 * and cached nowhere, so a changed or deleted secret takes effect on the next tool call. No
 * value is ever logged: a secret is named in logs by its tenant and name only.
 */
export class TenantSecretService {
  constructor(
    private readonly repository: TenantSecretRepository,
    private readonly box: SecretBox,
    private readonly logger: Logger,
  ) {}

  async create(tenantId: string, name: string, value: string) {
    const created = await this.repository.create({ tenantId, name, sealed: this.box.seal(value, boundTo(tenantId, name)) }, MAX_TENANT_SECRETS);
    if (created === 'no_tenant') throw new AppError('not_found', 'tenant not found');
    if (created === 'taken') {
      throw new AppError('conflict', `the tenant already has a secret named ${name}: change its value with PUT /api/secrets/${name}`, {
        details: { reason: 'secret_exists', name },
      });
    }
    if (created === 'full') {
      throw new AppError(
        'conflict',
        `a tenant has at most ${MAX_TENANT_SECRETS} secrets: delete one its tools no longer use (DELETE /api/secrets/{name}) first`,
        { details: { reason: 'too_many_secrets', max: MAX_TENANT_SECRETS } },
      );
    }
    return { name, created_at: iso(created.created_at) };
  }

  async list(tenantId: string) {
    const rows = await this.repository.list(tenantId);
    return { secrets: rows.map((row) => ({ name: row.name, created_at: iso(row.created_at), updated_at: iso(row.updated_at) })) };
  }

  async update(tenantId: string, name: string, value: string) {
    const updated = await this.repository.update(tenantId, name, this.box.seal(value, boundTo(tenantId, name)));
    if (!updated) throw notFound(name);
    return { name: updated.name, created_at: iso(updated.created_at), updated_at: iso(updated.updated_at) };
  }

  async delete(tenantId: string, name: string) {
    const deleted = await this.repository.delete(tenantId, name);
    if (!deleted) throw notFound(name);
    return { name: deleted.name };
  }

  async names(tenantId: string) {
    return { names: await this.repository.names(tenantId) };
  }

  /**
   * The named secrets' values, opened: those that exist. One that does not open (SECRETS_KEY
   * changed, the row altered) is left out and logged by name – the tool call that needs it then
   * goes without, as with a secret deleted – and the others are answered.
   */
  async reveal(tenantId: string, names: readonly string[]) {
    const values: Record<string, string> = {};
    for (const row of await this.repository.sealed(tenantId, names)) {
      try {
        values[row.name] = this.box.open(row.sealed, boundTo(row.tenant_id, row.name));
      } catch {
        this.logger.error({ tenantId: row.tenant_id, secretName: row.name }, 'a tenant secret does not open with SECRETS_KEY; it is left out');
      }
    }
    return { values };
  }
}

const notFound = (name: string) => new AppError('not_found', `the tenant has no secret named ${name}`);
