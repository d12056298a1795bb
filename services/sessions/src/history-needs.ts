import type { PlatformBus } from '@parley/bus';
import type { Logger } from '@parley/logger';
import { parseAgentConfig, readsHistory } from '@parley/workflow';
import { LRUCache } from 'lru-cache';

export interface AgentVersionRef {
  agentId: string;
  version: number;
}

/**
 * Whether a conversation's turns need its history: only agent versions with a prompt node read
 * it, and reading up to 100 messages is the dearest part of a turn's read. Both facts kept here
 * never change – a version's config is immutable, and a conversation keeps its agent version for
 * life – so no entry can ever be stale; the caches only bound memory.
 */
export class HistoryNeeds {
  private readonly byVersion: LRUCache<string, boolean, AgentVersionRef>;
  /** Conversations this replica has seen, so the next read can take the history along. */
  private readonly bySession = new LRUCache<string, AgentVersionRef>({ max: 10_000 });

  constructor(
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
  ) {
    this.byVersion = new LRUCache({ max: 1_000, fetchMethod: (_key, _stale, { context }) => this.fetch(context) });
  }

  /** The session's agent version, if this replica has met the session before. */
  versionOf(sessionId: string): AgentVersionRef | undefined {
    return this.bySession.get(sessionId);
  }

  remember(sessionId: string, ref: AgentVersionRef): void {
    this.bySession.set(sessionId, ref);
  }

  /**
   * Fetches the version's config once per replica (concurrent asks share the fetch). When the
   * config cannot be had, the history is read anyway: a dearer turn rather than a failed one or a
   * prompt answered without its context. The failure is not kept, so the next turn asks again.
   */
  async forVersion(ref: AgentVersionRef): Promise<boolean> {
    try {
      return await this.byVersion.forceFetch(`${ref.agentId}:${ref.version}`, { context: ref });
    } catch (error) {
      this.logger.warn({ err: error, ...ref }, 'could not tell whether the agent version reads history: reading it');
      return true;
    }
  }

  private async fetch(ref: AgentVersionRef): Promise<boolean> {
    const { config } = await this.bus.request('links.agents.config', ref);
    const parsed = parseAgentConfig(config);
    // The runner refuses a config that does not parse; there is no reason to read for it.
    if (!parsed.ok) return false;
    return readsHistory(parsed.config);
  }
}
