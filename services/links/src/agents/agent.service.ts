import { AppError, type Role } from '@parley/contracts';
import { parseAgentConfig } from '@parley/workflow';
import { newTenantKey } from './tenant-keys.js';
import type { RegistryRepository, TenantChanges } from './registry.repository.js';

const iso = (date: Date) => date.toISOString();

/** A version is a draft until it is first made active. */
const publication = (publishedAt: Date | null) =>
  publishedAt === null ? { state: 'draft' as const, published_at: null } : { state: 'published' as const, published_at: iso(publishedAt) };

function summary(agent: { id: string; name: string; active_version: number; created_at: Date; updated_at: Date }) {
  return {
    id: agent.id,
    name: agent.name,
    active_version: agent.active_version,
    created_at: iso(agent.created_at),
    updated_at: iso(agent.updated_at),
  };
}

const tenantView = (tenant: { id: string; name: string; operator_email: string | null; tokens_per_day: number | string | null; created_at: Date }) => ({
  id: tenant.id,
  name: tenant.name,
  operator_email: tenant.operator_email,
  // At most 10^12 (updateTenantBody): always a safe integer, never int8's string form.
  tokens_per_day: tenant.tokens_per_day === null ? null : Number(tenant.tokens_per_day),
  created_at: iso(tenant.created_at),
});

/** A config is checked by the workflow engine's own schema; the first problem is named by its path. */
function validConfig(config: unknown): unknown {
  const parsed = parseAgentConfig(config);
  if (!parsed.ok) {
    throw new AppError('invalid', `config.${parsed.path}: ${parsed.message}`, {
      details: [{ path: `config.${parsed.path}`, message: parsed.message }],
    });
  }
  return config;
}

/** Tenants, their keys and their agents. Every lookup is scoped by tenant: another tenant's agent is not found. */
export class RegistryService {
  constructor(private readonly repository: RegistryRepository) {}

  async createTenant(name: string, operatorEmail: string | null = null) {
    return tenantView(await this.repository.createTenant(name, operatorEmail));
  }

  async updateTenant(tenantId: string, changes: TenantChanges) {
    // Nothing to change still answers the tenant as it is (or 404).
    const updated = changes.name === undefined && changes.operatorEmail === undefined && changes.tokensPerDay === undefined
      ? (await this.repository.listTenants(tenantId, 1))[0]
      : await this.repository.updateTenant(tenantId, changes);
    if (!updated) throw new AppError('not_found', 'tenant not found');
    return tenantView(updated);
  }

  async listTenants(only: string | undefined) {
    const tenants = await this.repository.listTenants(only, 1_000);
    return { tenants: tenants.map(tenantView) };
  }

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

  tenantExists(tenantId: string) {
    return this.repository.tenantExists(tenantId);
  }

  async createAgent(tenantId: string, name: string, config: unknown) {
    if (!(await this.repository.tenantExists(tenantId))) throw new AppError('not_found', 'tenant not found');
    const agent = await this.repository.createAgent(tenantId, name, validConfig(config));
    if (!agent) throw new AppError('conflict', `an agent named "${name}" already exists`);
    return summary(agent);
  }

  async listAgents(tenantId: string) {
    const agents = await this.repository.listAgents(tenantId);
    // An empty list for a tenant that does not exist would hide a wrong X-Tenant-Id.
    if (agents.length === 0 && !(await this.repository.tenantExists(tenantId))) throw new AppError('not_found', 'tenant not found');
    return { agents: agents.map(summary) };
  }

  async getAgent(tenantId: string, name: string) {
    const agent = await this.agentByName(tenantId, name);
    const [versions, config] = await Promise.all([
      this.repository.listVersions(agent.id),
      this.repository.findConfig(agent.id, agent.active_version),
    ]);
    return {
      ...summary(agent),
      config,
      versions: versions.map((v) => ({ version: v.version, ...publication(v.published_at), created_at: iso(v.created_at), active: v.version === agent.active_version })),
    };
  }

  /** A new version is a draft: links following the active version go on running the published one. */
  async createVersion(tenantId: string, name: string, config: unknown) {
    const agent = await this.agentByName(tenantId, name);
    return { version: await this.repository.addVersion(agent.id, validConfig(config)), state: 'draft' as const };
  }

  /** One version with its config, a draft's too (what the console's editor and playground read). */
  async getVersion(tenantId: string, name: string, version: number) {
    const agent = await this.agentByName(tenantId, name);
    const found = await this.repository.findVersion(agent.id, version);
    if (!found) throw new AppError('not_found', `version ${version} does not exist`);
    return {
      version: found.version,
      ...publication(found.published_at),
      created_at: iso(found.created_at),
      active: found.version === agent.active_version,
      config: found.config,
    };
  }

  /** Publishes the version if it is a draft and makes it the one new sessions run. */
  async setActiveVersion(tenantId: string, name: string, version: number) {
    const agent = await this.agentByName(tenantId, name);
    if (!(await this.repository.versionExists(agent.id, version))) throw new AppError('not_found', `version ${version} does not exist`);
    const activated = await this.repository.setActiveVersion(agent.id, version);
    return { ...summary(activated.agent), published_at: iso(activated.publishedAt), published: activated.wasDraft };
  }

  async resolveVersion(tenantId: string, agentId: string, version: number | undefined) {
    const agent = await this.repository.findAgentById(tenantId, agentId);
    if (!agent) throw new AppError('not_found', 'agent not found');
    if (version === undefined) return { agentId, version: agent.active_version, isActiveVersion: true };
    if (!(await this.repository.versionExists(agentId, version))) throw new AppError('not_found', `agent version ${version} does not exist`);
    // The reference: false whenever a specific version was asked for.
    return { agentId, version, isActiveVersion: false };
  }

  async config(agentId: string, version: number) {
    const config = await this.repository.findConfig(agentId, version);
    if (config === undefined) throw new AppError('not_found', 'agent version not found');
    return { config };
  }

  private async agentByName(tenantId: string, name: string) {
    const agent = await this.repository.findAgentByName(tenantId, name);
    if (!agent) throw new AppError('not_found', `agent "${name}" not found`);
    return agent;
  }
}


