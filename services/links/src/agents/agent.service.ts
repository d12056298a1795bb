import { AppError, formatPath, uuidPattern } from '@parley/contracts';
import { knowledgeBaseReferences, parseAgentConfig, secretReferences } from '@parley/workflow';
import type { RegistryRepository } from '../store/registry.repository.js';
import type { UnknownBases } from './knowledge-bases.js';

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

const refused = (path: string, message: string) => new AppError('invalid', `${path}: ${message}`, { details: [{ path, message }] });

/** The names of a tenant's secrets (docs/management-api.md "Tenant secrets"); none when the deployment keeps none. */
export type SecretNames = (tenantId: string) => Promise<string[]>;

/** A tenant's agents and their versions. Every lookup is scoped by tenant: another tenant's agent is not found. */
export class AgentService {
  constructor(
    private readonly repository: RegistryRepository,
    private readonly secretNames: SecretNames,
    /** The memory service's word on the knowledge bases a config names (it owns them). */
    private readonly unknownBases: UnknownBases,
    /** Refuses to publish a version its tests do not allow (docs/evaluations.md "Requiring tests"). */
    private readonly checkPublishable: (agentId: string, version: number) => Promise<void> = async () => {},
  ) {}

  /**
   * A config is checked by the workflow engine's own schema, the first problem named by its path;
   * then every secret its tools name must be one the tenant has (docs/workflow.md "Tools"), and
   * every knowledge base its prompt nodes name one of the tenant's, by id or name (docs/workflow.md "Validation").
   */
  private async validConfig(tenantId: string, config: unknown): Promise<unknown> {
    const parsed = parseAgentConfig(config);
    if (!parsed.ok) throw refused(`config.${parsed.path}`, parsed.message);
    const secrets = secretReferences(parsed.config);
    if (secrets.length > 0) {
      const known = new Set(await this.secretNames(tenantId));
      const missing = secrets.find((reference) => !known.has(reference.name));
      if (missing) {
        throw refused(formatPath('config', missing.path), `the tenant has no secret named ${missing.name} (create it with POST /api/secrets)`);
      }
    }
    const bases = knowledgeBaseReferences(parsed.config);
    if (bases.length > 0) {
      const unknown = new Set(
        await this.unknownBases(
          tenantId,
          bases.map((reference) => reference.name),
        ),
      );
      const missing = bases.find((reference) => unknown.has(reference.name));
      if (missing) {
        throw refused(
          formatPath('config', missing.path),
          `the tenant has no knowledge base named ${JSON.stringify(missing.name)}, by id or by name (create it with POST /api/knowledge)`,
        );
      }
    }
    return config;
  }

  async createAgent(tenantId: string, name: string, config: unknown) {
    if (!(await this.repository.tenantExists(tenantId))) throw new AppError('not_found', 'tenant not found');
    const agent = await this.repository.createAgent(tenantId, name, await this.validConfig(tenantId, config));
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
    const [versions, config] = await Promise.all([this.repository.listVersions(agent.id), this.repository.findConfig(agent.id, agent.active_version)]);
    return {
      ...summary(agent),
      config,
      versions: versions.map((v) => ({
        version: v.version,
        ...publication(v.published_at),
        created_at: iso(v.created_at),
        active: v.version === agent.active_version,
      })),
      require_tests: agent.require_tests,
    };
  }

  /** A new version is a draft: links following the active version go on running the published one. */
  async createVersion(tenantId: string, name: string, config: unknown) {
    const agent = await this.agentByName(tenantId, name);
    return { version: await this.repository.addVersion(agent.id, await this.validConfig(tenantId, config)), state: 'draft' as const };
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
    await this.checkPublishable(agent.id, version);
    const activated = await this.repository.setActiveVersion(agent.id, version);
    return { ...summary(activated.agent), published_at: iso(activated.publishedAt), published: activated.wasDraft };
  }

  /** `agent`: its id, or its name (docs/text-chat-api.md "Create a session"); a UUID-shaped value is an id. */
  async resolveVersion(tenantId: string, agent: string, version: number | undefined) {
    const found = uuidPattern.test(agent) ? await this.repository.findAgentById(tenantId, agent) : await this.repository.findAgentByName(tenantId, agent);
    if (!found) throw new AppError('not_found', 'agent not found');
    const agentId = found.id;
    const active = found.active_version;
    if (version === undefined) return { agentId, version: active, isActiveVersion: true };
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
