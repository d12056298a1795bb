import { AppError } from '@parley/contracts';
import { type AgentConfig, callsLlm, parseAgentConfig, readsHistory } from './agent-config.js';

/** One saved version of an agent: its config never changes once saved. */
export interface AgentVersionRef {
  agentId: string;
  version: number;
}

/**
 * An agent version as its turns need it: the config parsed, with what its turns ask of the
 * platform; or, when the stored config does not parse, where it fails (kept too: asking again
 * would get the same config).
 */
export type AgentVersion =
  | {
      ok: true;
      config: AgentConfig;
      /** Whether its turns need the conversation's history (see readsHistory). */
      readsHistory: boolean;
      /** Whether any of its turns may ask a language model (see callsLlm). */
      callsLlm: boolean;
    }
  | { ok: false; path: string };

/** Where a version's config comes from: the platform bus's `links.agents.config` (the links service owns agents). */
export interface AgentConfigSource {
  request(name: 'links.agents.config', ref: AgentVersionRef): Promise<{ config: unknown }>;
}

export interface AgentVersionsOptions {
  /** Versions kept at most; the least recently used goes first. */
  max: number;
  /**
   * How long a version is kept from when it was fetched; undefined: until it is pushed out (a
   * version's config never changes, so the bound is only on memory).
   */
  ttlMs?: number | undefined;
  /** The clock the TTL is judged by, in milliseconds (a test's own; default the system's). */
  now?: (() => number) | undefined;
}

interface Entry {
  version: Promise<AgentVersion>;
  fetchedAt: number;
}

/**
 * Agent versions by (agent, version), fetched from the links service once per process: the one
 * cache the sessions service (history, content rules, turns run without a runner, handoff teams,
 * budgets' first nodes) and the runner (every turn's config) read. Concurrent asks for a version
 * share one fetch; a failed fetch is not kept, so the next ask tries again.
 */
export class AgentVersions {
  private readonly entries = new Map<string, Entry>();
  private readonly max: number;
  private readonly ttlMs: number | undefined;
  private readonly now: () => number;

  constructor(
    private readonly source: AgentConfigSource,
    options: AgentVersionsOptions,
  ) {
    this.max = options.max;
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
  }

  /** The version, fetched on first ask (or once its TTL ran out); rejects when it cannot be had now. */
  get(ref: AgentVersionRef): Promise<AgentVersion> {
    const key = `${ref.agentId}:${ref.version}`;
    const now = this.now();
    const kept = this.entries.get(key);
    // A Map keeps insertion order: deleting and setting again makes an entry the most recently used.
    this.entries.delete(key);
    if (kept && (this.ttlMs === undefined || now - kept.fetchedAt < this.ttlMs)) {
      this.entries.set(key, kept);
      return kept.version;
    }
    const entry: Entry = { version: this.fetch(ref), fetchedAt: now };
    this.entries.set(key, entry);
    entry.version.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.max) break;
      this.entries.delete(oldest);
    }
    return entry.version;
  }

  /** The version's config, to run its turns: a stored config that does not parse is `invalid`. */
  async config(ref: AgentVersionRef): Promise<AgentConfig> {
    const version = await this.get(ref);
    if (!version.ok) throw new AppError('invalid', `stored config of agent ${ref.agentId} v${ref.version} is invalid at ${version.path}`);
    return version.config;
  }

  private async fetch(ref: AgentVersionRef): Promise<AgentVersion> {
    const { config } = await this.source.request('links.agents.config', { agentId: ref.agentId, version: ref.version });
    const parsed = parseAgentConfig(config);
    if (!parsed.ok) return { ok: false, path: parsed.path };
    return { ok: true, config: parsed.config, readsHistory: readsHistory(parsed.config), callsLlm: callsLlm(parsed.config) };
  }
}
