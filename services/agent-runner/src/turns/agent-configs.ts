import type { PlatformBus } from '@parley/bus';
import { AppError } from '@parley/contracts';
import { type AgentConfig, parseAgentConfig } from '@parley/workflow';
import { LRUCache } from 'lru-cache';

interface AgentRef {
  agentId: string;
  version: number;
}

/**
 * Agent configs by (agent, version). Versions never change once saved, so an entry is good for
 * the life of the process; the cache only bounds memory. Concurrent misses share one fetch, and
 * a failed fetch is not kept.
 */
export class AgentConfigs {
  private readonly entries: LRUCache<string, AgentConfig, AgentRef>;

  constructor(
    private readonly bus: PlatformBus,
    maxEntries = 1_000,
  ) {
    this.entries = new LRUCache({ max: maxEntries, fetchMethod: (_key, _stale, { context }) => this.fetch(context) });
  }

  get(agentId: string, version: number): Promise<AgentConfig> {
    return this.entries.forceFetch(`${agentId}:${version}`, { context: { agentId, version } });
  }

  private async fetch({ agentId, version }: AgentRef): Promise<AgentConfig> {
    const { config } = await this.bus.request('links.agents.config', { agentId, version });
    const parsed = parseAgentConfig(config);
    if (!parsed.ok) throw new AppError('invalid', `stored config of agent ${agentId} v${version} is invalid at ${parsed.path}`);
    return parsed.config;
  }
}
