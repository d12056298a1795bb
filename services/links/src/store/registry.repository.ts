import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** What a tenant's update may change; undefined: left as it is. */
export interface TenantChanges {
  name?: string | undefined;
  operatorEmail?: string | null | undefined;
  /** LLM tokens per UTC day (docs/management-api.md "Cost guards"); null removes the budget. */
  tokensPerDay?: number | null | undefined;
}

/**
 * SQL for tenants, tenant keys, agents and agent versions: the only statements that write those
 * tables (other repositories of the service read them, e.g. to lock a tenant or name an agent).
 * Shared by tenants/, keys/ and agents/, and by links/, distribution/ and schedules/, which find a
 * link's agent by name.
 */
export class RegistryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  createTenant(name: string, operatorEmail: string | null) {
    return this.db.insertInto('tenants').values({ name, operator_email: operatorEmail }).returningAll().executeTakeFirstOrThrow();
  }

  /** Changes what is given; undefined when there is no such tenant. */
  updateTenant(id: string, changes: TenantChanges) {
    return this.db
      .updateTable('tenants')
      .set({
        ...(changes.name === undefined ? {} : { name: changes.name }),
        ...(changes.operatorEmail === undefined ? {} : { operator_email: changes.operatorEmail }),
        ...(changes.tokensPerDay === undefined ? {} : { tokens_per_day: changes.tokensPerDay }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Oldest first; at most `limit` (a console lists them, it does not page through thousands). */
  listTenants(only: string | undefined, limit: number) {
    let query = this.db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id').limit(limit);
    if (only !== undefined) query = query.where('id', '=', only);
    return query.execute();
  }

  async tenantExists(id: string): Promise<boolean> {
    const row = await this.db.selectFrom('tenants').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }

  createKey(values: { id: string; tenantId: string; keyHash: string; prefix: string; name: string; role: string; expiresAt: Date | null }) {
    return this.db
      .insertInto('tenant_api_keys')
      .values({
        id: values.id,
        tenant_id: values.tenantId,
        key_hash: values.keyHash,
        prefix: values.prefix,
        name: values.name,
        role: values.role,
        expires_at: values.expiresAt,
      })
      .execute();
  }

  listKeys(tenantId: string) {
    return this.db
      .selectFrom('tenant_api_keys')
      .select(['id', 'name', 'role', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Revokes the tenant's key (a revoked one keeps its first time); undefined: no such key in the tenant. */
  revokeKey(tenantId: string, keyId: string) {
    return this.db
      .updateTable('tenant_api_keys')
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', keyId)
      .returning('id')
      .executeTakeFirst();
  }

  /** last_used_at = now, unless it already is within the last minute. */
  async touchKey(keyId: string): Promise<void> {
    await this.db
      .updateTable('tenant_api_keys')
      .set({ last_used_at: sql<Date>`now()` })
      .where('id', '=', keyId)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
      .execute();
  }

  /** A key neither revoked nor expired. */
  findActiveKey(keyHash: string) {
    return this.db
      .selectFrom('tenant_api_keys')
      .select(['id', 'tenant_id', 'name', 'role', 'expires_at'])
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
      .executeTakeFirst();
  }

  /** Creates the agent and its version 1 in one statement, so neither exists without the other. */
  async createAgent(tenantId: string, name: string, config: unknown) {
    const result = await sql<{ id: string; name: string; active_version: number; created_at: Date; updated_at: Date }>`
      WITH agent AS (
        INSERT INTO agents (tenant_id, name, active_version) VALUES (${tenantId}, ${name}, 1)
        ON CONFLICT (tenant_id, name) DO NOTHING
        RETURNING id, name, active_version, created_at, updated_at
      ), version AS (
        INSERT INTO agent_versions (agent_id, version, config, published_at)
        SELECT id, 1, ${JSON.stringify(config)}::jsonb, now() FROM agent
      )
      SELECT * FROM agent`.execute(this.db);
    return result.rows[0];
  }

  listAgents(tenantId: string) {
    return this.db
      .selectFrom('agents')
      .select(['id', 'name', 'active_version', 'created_at', 'updated_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .execute();
  }

  findAgentByName(tenantId: string, name: string) {
    return this.db
      .selectFrom('agents')
      .select(['id', 'name', 'active_version', 'require_tests', 'created_at', 'updated_at'])
      .where('tenant_id', '=', tenantId)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  findAgentById(tenantId: string, id: string) {
    return this.db.selectFrom('agents').select(['id', 'active_version']).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  }

  listVersions(agentId: string) {
    return this.db.selectFrom('agent_versions').select(['version', 'created_at', 'published_at']).where('agent_id', '=', agentId).orderBy('version').execute();
  }

  findVersion(agentId: string, version: number) {
    return this.db
      .selectFrom('agent_versions')
      .select(['version', 'config', 'created_at', 'published_at'])
      .where('agent_id', '=', agentId)
      .where('version', '=', version)
      .executeTakeFirst();
  }

  /** Which of these versions the agent has, drafts included. */
  async existingVersions(agentId: string, versions: number[]): Promise<Set<number>> {
    if (versions.length === 0) return new Set();
    const rows = await this.db.selectFrom('agent_versions').select('version').where('agent_id', '=', agentId).where('version', 'in', versions).execute();
    return new Set(rows.map((row) => row.version));
  }

  async findConfig(agentId: string, version: number): Promise<unknown | undefined> {
    const row = await this.db.selectFrom('agent_versions').select('config').where('agent_id', '=', agentId).where('version', '=', version).executeTakeFirst();
    return row?.config;
  }

  async versionExists(agentId: string, version: number): Promise<boolean> {
    return (await this.findConfig(agentId, version)) !== undefined;
  }

  /** Next version number taken under the agent row's lock, so concurrent saves never collide. */
  async addVersion(agentId: string, config: unknown): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      await trx.selectFrom('agents').select('id').where('id', '=', agentId).forUpdate().executeTakeFirstOrThrow();
      const last = await trx
        .selectFrom('agent_versions')
        .select((eb) => eb.fn.max('version').as('max'))
        .where('agent_id', '=', agentId)
        .executeTakeFirst();
      const version = Number(last?.max ?? 0) + 1;
      await trx
        .insertInto('agent_versions')
        .values({ agent_id: agentId, version, config: JSON.stringify(config) })
        .execute();
      await trx.updateTable('agents').set({ updated_at: new Date() }).where('id', '=', agentId).execute();
      return version;
    });
  }

  /**
   * Makes the version active and publishes it if it was a draft (published_at is set once: a
   * version made active again keeps its first publication). Both in one transaction, so a link
   * following the active version never runs a version that is still a draft.
   */
  setActiveVersion(agentId: string, version: number) {
    return this.db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('agent_versions')
        .select('published_at')
        .where('agent_id', '=', agentId)
        .where('version', '=', version)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const publishedAt = before.published_at ?? new Date();
      if (before.published_at === null) {
        await trx.updateTable('agent_versions').set({ published_at: publishedAt }).where('agent_id', '=', agentId).where('version', '=', version).execute();
      }
      const agent = await trx
        .updateTable('agents')
        .set({ active_version: version, updated_at: new Date() })
        .where('id', '=', agentId)
        .returning(['id', 'name', 'active_version', 'created_at', 'updated_at'])
        .executeTakeFirstOrThrow();
      return { agent, publishedAt, wasDraft: before.published_at === null };
    });
  }
}
