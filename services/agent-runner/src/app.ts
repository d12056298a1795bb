import { DEFAULT_MAX_IN_FLIGHT, type PlatformBus, serveCatalog, type WorkQueueStats } from '@parley/bus';
import { runnerCatalog } from '@parley/contracts';
import type { Embedder, Moderator } from '@parley/llm';
import type { Logger } from '@parley/logger';
import { openGuardedFetch } from '@parley/outbound';
import { llmMetrics, llmObserver } from '@parley/service';
import type { LiveEventLog } from '@parley/stores';
import type { UploadStore } from '@parley/uploads';
import { AgentVersions, type WorkflowLlm } from '@parley/workflow';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { a2aBackend } from './backends/a2a-backend.js';
import { backendSecrets } from './backends/backend-turn.js';
import { openAiBackend } from './backends/openai-backend.js';
import { webhookBackend } from './backends/webhook-backend.js';
import { judgeHandlers } from './judge/handlers.js';
import { QUESTION_EMBEDDING_BUDGET_MS } from './knowledge/question-embedder.js';
import { moderationHandlers } from './moderation/handlers.js';
import type { RunnerParts } from './parts.js';
import { memoryToolCallLedger, type ToolCallLedger } from './tools/call-ledger.js';
import { toolHandlers } from './tools/handlers.js';
import { McpServers } from './tools/mcp-servers.js';
import { TenantSlots } from './tools/tenant-slots.js';
import { ByteBudget } from './turns/byte-budget.js';
import { turnHandlers } from './turns/handlers.js';
import { DEFAULT_KEPT_HISTORY_BYTES, KeptHistories } from './turns/kept-histories.js';
import { IMAGE_BYTES_IN_FLIGHT } from './turns/prompt-attachments.js';

/** Every subject of the runner's catalog (libs/contracts/src/catalog/runner.ts), each answered by the handlers.ts of its feature folder. */
export const runnerHandlers = [...turnHandlers, ...toolHandlers, ...moderationHandlers, ...judgeHandlers];

export interface RunnerDeps {
  bus: PlatformBus;
  llm: WorkflowLlm;
  logger: Logger;
  registry: Registry;
  /** The conversations' live event log: streamed replies are written to it as they come. */
  live?: LiveEventLog | undefined;
  /** Turns this runner works on at once (RUNNER_MAX_IN_FLIGHT); the rest wait in the queue. */
  maxInFlight?: number;
  /** Where visitors' files are kept (images of a message reach prompt nodes); undefined: files are only named. */
  uploads?: UploadStore | undefined;
  /** The image bytes its turns read at once, all turns together (default IMAGE_BYTES_IN_FLIGHT). */
  imageBytesInFlight?: number;
  /** Bytes of conversations' prompt history kept between their turns (RUNNER_HISTORY_CACHE_MB; default DEFAULT_KEPT_HISTORY_BYTES; 0: none). */
  historyCacheBytes?: number;
  /** The moderation endpoint content rules ask (`runner.moderate`); undefined: it answers `unavailable`. */
  moderator?: Moderator | undefined;
  /**
   * Agent versions' configs: one cache per process, so a platform running every service in one
   * process hands the sessions service's here (a version fetched for one is not fetched again
   * for the other); undefined: the runner keeps its own.
   */
  agentVersions?: AgentVersions | undefined;
  /** Agents built elsewhere (docs/workflow.md "Backends"): private addresses allowed (BACKENDS_ALLOW_PRIVATE, development only). */
  backends?: { allowPrivate?: boolean } | undefined;
  /** Agents' tools (docs/workflow.md "Tools"): private addresses allowed (development), calls per tenant at once, and where answers are kept (Redis; memory in one process). */
  tools?: { allowPrivate?: boolean; callsPerTenant?: number; ledger?: ToolCallLedger } | undefined;
  /**
   * Knowledge (docs/knowledge.md "Answering a question"): the embedder of visitors' questions
   * (EMBEDDING_MODEL; undefined: the memory service decides) and how long a turn waits for it
   * (default QUESTION_EMBEDDING_BUDGET_MS).
   */
  knowledge?: { embedder?: Embedder | undefined; embeddingBudgetMs?: number } | undefined;
}

/** Tool calls one tenant's turns make at once on a runner, unless TOOL_CALLS_PER_TENANT says. */
const TOOL_CALLS_PER_TENANT = 16;

/** Agent versions a runner keeps (each a parsed config; a version never changes, so only memory bounds them). */
const AGENT_VERSIONS_KEPT = 1_000;

/**
 * The agent-runner: takes turns from the `runner.turn` work queue, at most `maxInFlight` at once.
 * It keeps no state of its own beyond a config cache, so more replicas simply mean more throughput.
 */
export function createAgentRunner(deps: RunnerDeps) {
  const maxInFlight = deps.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const turns = new Counter({
    name: 'parley_runner_turns_total',
    help: 'Workflow turns executed by this runner',
    labelNames: ['kind', 'status'],
    registers: [deps.registry],
  });
  const durations = new Histogram({
    name: 'parley_runner_turn_duration_seconds',
    help: 'Time this runner took for a turn, LLM calls included',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [deps.registry],
  });
  const waits = new Histogram({
    name: 'parley_turn_queue_wait_seconds',
    help: 'Time a turn waited in the queue before this runner took it',
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [deps.registry],
  });
  const metrics: RunnerParts['metrics'] = { turns, durations, waits, inFlight: 0 };
  new Gauge({
    name: 'parley_runner_in_flight',
    help: 'Turns this runner is working on now',
    registers: [deps.registry],
    collect() {
      this.set(metrics.inFlight);
    },
  });
  new Gauge({ name: 'parley_runner_capacity', help: 'Turns this runner works on at once at most (RUNNER_MAX_IN_FLIGHT)', registers: [deps.registry] }).set(
    maxInFlight,
  );
  // The queue is shared by every runner: each reports the same figures, so dashboards take the max.
  // One scrape asks JetStream once: both gauges read the answer of the scrape that asked.
  let scrape: Promise<WorkQueueStats | undefined> | undefined;
  const queueStats = () => {
    scrape ??= deps.bus
      .queueStats('runner.turn')
      .catch(() => undefined)
      .finally(() => setImmediate(() => (scrape = undefined)));
    return scrape;
  };
  new Gauge({
    name: 'parley_turn_queue_depth',
    help: 'Turns waiting for a runner with room, across every runner',
    registers: [deps.registry],
    async collect() {
      const stats = await queueStats();
      if (stats) this.set(stats.waiting);
    },
  });
  new Gauge({
    name: 'parley_turn_queue_oldest_seconds',
    help: 'Age of the oldest turn waiting for a runner (0 when none waits)',
    registers: [deps.registry],
    async collect() {
      const stats = await queueStats();
      if (stats) this.set(stats.oldestWaitingMs / 1000);
    },
  });
  const toolCalls = new Counter({
    name: 'parley_tool_calls_total',
    help: "Agents' tool calls this runner made, by tool and how each ended (ok, error, timeout, refused)",
    labelNames: ['tool', 'status'],
    registers: [deps.registry],
  });
  const toolDurations = new Histogram({
    name: 'parley_tool_call_duration_seconds',
    help: "Time agents' tool calls took, by tool",
    labelNames: ['tool'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [deps.registry],
  });
  const mcp = new McpServers({ allowPrivate: deps.tools?.allowPrivate ?? false, logger: deps.logger });
  const backendsAllowPrivate = deps.backends?.allowPrivate ?? false;
  const openai = openAiBackend({ allowPrivate: backendsAllowPrivate, logger: deps.logger, metrics: llmObserver(llmMetrics(deps.registry)) });
  const a2a = a2aBackend({ allowPrivate: backendsAllowPrivate });
  const webhook = webhookBackend({ allowPrivate: backendsAllowPrivate });
  const toolsHttp = openGuardedFetch({ allowPrivate: deps.tools?.allowPrivate ?? false, who: 'tools' });
  const parts: RunnerParts = {
    configs: deps.agentVersions ?? new AgentVersions(deps.bus, { max: AGENT_VERSIONS_KEPT }),
    llm: deps.llm,
    moderator: deps.moderator,
    logger: deps.logger,
    live: deps.live,
    uploads: deps.uploads,
    histories: new KeptHistories(
      deps.historyCacheBytes ?? DEFAULT_KEPT_HISTORY_BYTES,
      new Counter({
        name: 'parley_runner_turn_histories_total',
        help: "How this runner got each turn's history: whole with the turn, from the copy it kept of the conversation, or missing (the turn is sent again whole)",
        labelNames: ['history'],
        registers: [deps.registry],
      }),
    ),
    images: new ByteBudget(deps.imageBytesInFlight ?? IMAGE_BYTES_IN_FLIGHT),
    maxInFlight,
    metrics,
    knowledge: {
      embedder: deps.knowledge?.embedder,
      budgetMs: deps.knowledge?.embeddingBudgetMs ?? QUESTION_EMBEDDING_BUDGET_MS,
      logger: deps.logger,
    },
    tools: {
      bus: deps.bus,
      logger: deps.logger,
      ledger: deps.tools?.ledger ?? memoryToolCallLedger(),
      slots: new TenantSlots(deps.tools?.callsPerTenant ?? TOOL_CALLS_PER_TENANT),
      mcp,
      allowPrivate: deps.tools?.allowPrivate ?? false,
      http: toolsHttp,
      metrics: { calls: toolCalls, durations: toolDurations },
    },
    backends: {
      logger: deps.logger,
      secrets: backendSecrets(deps.bus),
      kinds: { openai, a2a, webhook },
    },
  };
  const subscriptions = serveCatalog(deps.bus, runnerCatalog.rpc, runnerHandlers, parts);
  return {
    /** Resolves once the runner takes turns. */
    ready: Promise.all(subscriptions.map((s) => s.ready)).then(() => undefined),
    drain: async () => {
      await Promise.all(subscriptions.map((s) => s.drain()));
      await Promise.all([mcp.close(), openai.close(), a2a.close(), webhook.close(), toolsHttp.close()]);
    },
  };
}
