import { handlerMapFor } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';
import type { Moderator } from '@parley/llm';
import type { Logger } from '@parley/logger';
import type { LiveEventLog } from '@parley/stores';
import type { UploadStore } from '@parley/uploads';
import type { AgentVersions, WorkflowLlm } from '@parley/workflow';
import type { Counter, Histogram } from 'prom-client';
import type { BackendParts } from './backends/backend-kinds.js';
import type { QuestionEmbedding } from './knowledge/bus-knowledge.js';
import type { ToolParts } from './tools/runner-tool-box.js';
import type { ByteBudget } from './turns/byte-budget.js';
import type { KeptHistories } from './turns/kept-histories.js';

/** What the runner's handlers are built from (app.ts builds it once). */
export interface RunnerParts {
  /** Agent versions' configs, fetched once per process (the cache the sessions service uses too). */
  configs: AgentVersions;
  llm: WorkflowLlm;
  /** The moderation endpoint (runner.moderate); undefined: none is configured. */
  moderator?: Moderator | undefined;
  logger: Logger;
  /** The conversations' live event log: streamed replies are written to it as they come. */
  live?: LiveEventLog | undefined;
  /** Where visitors' files are kept: images a message carries are read from it; undefined: only named. */
  uploads?: UploadStore | undefined;
  /** Conversations' prompt history kept between their turns (RUNNER_HISTORY_CACHE_MB). */
  histories: KeptHistories;
  /** The image bytes its turns read at once (IMAGE_BYTES_IN_FLIGHT). */
  images: ByteBudget;
  /** Turns this runner works on at once (RUNNER_MAX_IN_FLIGHT). */
  maxInFlight: number;
  metrics: { turns: Counter; durations: Histogram; waits: Histogram; inFlight: number };
  /** What agents' tool calls share: the ledger of answers, the tenants' slots, the MCP connections, the guard's setting. */
  tools: ToolParts;
  /** How prompt nodes' questions are embedded for knowledge search (EMBEDDING_MODEL), and how long a turn waits for it. */
  knowledge: QuestionEmbedding;
  /** Agents built elsewhere (docs/workflow.md "Backends"): each kind's client, and the tenant's secrets they use. */
  backends: BackendParts;
}

/** `handlers({...})`: a feature's `handlers.ts` maps each subject it answers to its handler, typed from the subject's catalog entry. */
export const handlers = handlerMapFor<PlatformCatalog, RunnerParts>();
