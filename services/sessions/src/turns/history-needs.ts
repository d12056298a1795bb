import type { PlatformBus } from '@parley/bus';
import type { ContentRules } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import { type AgentConfig, callsLlm, parseAgentConfig, readsHistory } from '@parley/workflow';
import { LRUCache } from 'lru-cache';

export interface AgentVersionRef {
  agentId: string;
  version: number;
}

/** What a turn needs to know of its agent version's config (the config itself only where sessions runs its turns). */
interface VersionFacts {
  readsHistory: boolean;
  /** The agent-wide content rules (docs/api.md "Content rules"); null: none. */
  contentRules: ContentRules | null;
  /** The config itself when no turn of it asks a language model: such turns run here, not on a runner. */
  runsWithoutLlm: AgentConfig | null;
}

/**
 * What sessions need of an agent version's config: whether its turns need the history (only
 * versions with a prompt node read it, and reading up to 100 messages is the dearest part of a
 * turn's read), and its agent-wide content rules. Both facts kept here never change – a version's
 * config is immutable, and a conversation keeps its agent version for life – so no entry can ever
 * be stale; the caches only bound memory.
 */
export class HistoryNeeds {
  private readonly byVersion: LRUCache<string, VersionFacts, AgentVersionRef>;
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
      return (await this.facts(ref)).readsHistory;
    } catch (error) {
      this.logger.warn({ err: error, ...ref }, 'could not tell whether the agent version reads history: reading it');
      return true;
    }
  }

  /** The version's agent-wide content rules; throws when its config cannot be had (a message is not let through unchecked). */
  async contentRules(ref: AgentVersionRef): Promise<ContentRules | null> {
    return (await this.facts(ref)).contentRules;
  }

  /**
   * The version's config when its turns need no language model (see TurnRunner), else null – also
   * when the config cannot be had now: the turn then goes to a runner, which fetches it itself.
   */
  async withoutLlm(ref: AgentVersionRef): Promise<AgentConfig | null> {
    try {
      return (await this.facts(ref)).runsWithoutLlm;
    } catch {
      return null;
    }
  }

  private facts(ref: AgentVersionRef): Promise<VersionFacts> {
    return this.byVersion.forceFetch(`${ref.agentId}:${ref.version}`, { context: ref });
  }

  private async fetch(ref: AgentVersionRef): Promise<VersionFacts> {
    const { config } = await this.bus.request('links.agents.config', ref);
    const parsed = parseAgentConfig(config);
    // The runner refuses a config that does not parse; there is no reason to read for it, and no turn to check for.
    if (!parsed.ok) return { readsHistory: false, contentRules: null, runsWithoutLlm: null };
    return {
      readsHistory: readsHistory(parsed.config),
      contentRules: parsed.config.content_rules ?? null,
      runsWithoutLlm: callsLlm(parsed.config) ? null : parsed.config,
    };
  }
}
