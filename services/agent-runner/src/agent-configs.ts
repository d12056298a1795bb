import type { PlatformBus } from '@parley/bus';
import { AppError } from '@parley/contracts';
import { type AgentConfig, parseAgentConfig } from '@parley/workflow';

/**
 * Agent configs by (agent, version). Versions never change once saved, so an entry is good for
 * the life of the process; the cache only bounds memory. Concurrent misses share one fetch.
 */
export class AgentConfigs {
  private readonly entries = new Map<string, Promise<AgentConfig>>();

  constructor(
    private readonly bus: PlatformBus,
    private readonly maxEntries = 1_000,
  ) {}

  get(agentId: string, version: number): Promise<AgentConfig> {
    const key = `${agentId}:${version}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.fetch(agentId, version);
      entry.catch(() => this.entries.delete(key));
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest !== undefined) this.entries.delete(oldest);
      }
      this.entries.set(key, entry);
    }
    return entry;
  }

  private async fetch(agentId: string, version: number): Promise<AgentConfig> {
    const { config } = await this.bus.request('agents.config', { agentId, version });
    const parsed = parseAgentConfig(config);
    if (!parsed.ok) throw new AppError('invalid', `stored config of agent ${agentId} v${version} is invalid at ${parsed.path}`);
    return parsed.config;
  }
}
