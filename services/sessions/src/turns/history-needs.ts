import type { Logger } from '@parley/logger';
import type { AgentConfig, AgentVersionRef, AgentVersions } from '@parley/workflow';
import { LRUCache } from 'lru-cache';

/**
 * What a turn needs to know of its agent version, read from the process's one cache of versions
 * (AgentVersions, which the runner reads too): whether its turns need the history (only versions
 * with a prompt node read it, and reading up to 100 messages is the dearest part of a turn's
 * read), and whether they need a language model at all. A version's config is immutable and a
 * conversation keeps its agent version for life, so nothing read here goes stale. It also keeps
 * which version each session this replica met runs, so the next read can take the history along.
 */
export class HistoryNeeds {
  /** Conversations this replica has seen, so the next read can take the history along. */
  private readonly bySession = new LRUCache<string, AgentVersionRef>({ max: 10_000 });

  constructor(
    private readonly versions: AgentVersions,
    private readonly logger: Logger,
  ) {}

  /** The session's agent version, if this replica has met the session before. */
  versionOf(sessionId: string): AgentVersionRef | undefined {
    return this.bySession.get(sessionId);
  }

  remember(sessionId: string, ref: AgentVersionRef): void {
    this.bySession.set(sessionId, ref);
  }

  /**
   * Whether the version's turns read the history. When its config cannot be had, the history is
   * read anyway: a dearer turn rather than a failed one or a prompt answered without its context
   * (the failure is not kept, so the next turn asks again). A config that does not parse reads
   * none: the runner refuses its turns.
   */
  async forVersion(ref: AgentVersionRef): Promise<boolean> {
    try {
      const version = await this.versions.get(ref);
      return version.ok && version.readsHistory;
    } catch (error) {
      this.logger.warn({ err: error, ...ref }, 'could not tell whether the agent version reads history: reading it');
      return true;
    }
  }

  /**
   * The version's config when its turns need no language model (see TurnRunner), else null – also
   * when the config cannot be had now: the turn then goes to a runner, which fetches it itself.
   */
  async withoutLlm(ref: AgentVersionRef): Promise<AgentConfig | null> {
    try {
      const version = await this.versions.get(ref);
      return version.ok && !version.callsLlm ? version.config : null;
    } catch {
      return null;
    }
  }
}
