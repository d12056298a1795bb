import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import { type BenchAgentKind, type SeededAgent, seedBenchAgent } from '../common/bench-agent.js';
import {
  BENCH_QUESTIONS,
  manualPdf,
  measureSearch,
  readyAfter,
  type SearchLatency,
  type SeededBase,
  seedKnowledgeBase,
  uploadDocument,
} from '../common/bench-knowledge.js';
import { cpuMeterFor } from '../common/cpu.js';
import { type FakeLlmProcess, startFakeLlmProcess } from '../common/fake-llm-process.js';
import { type LoopDelay, loopDelaysOf } from '../common/loop-delay.js';
import { metricsWindowFor } from '../common/metrics-window.js';
import { monotonicUs, type ProfileSummary, summarizeProfiles, type Window } from '../common/profile.js';
import { openStatementsReader, type StatementFigures, type StatementsReader, statementsWindowOf } from '../common/pg-statements.js';
import { onServer, serverUrls, withDatabase } from '../common/real-stack.js';
import { FAKE_LLM_PART, loadAverageNow, machineInfo } from '../common/report.js';
import type { Mode, Runtime } from '../common/stack.js';
import { quietLogger, startStack } from '../common/start-stack.js';
import { type TurnTime, turnTimeOf } from '../common/turn-time.js';
import { type LoadResult, type RequestKind, runLoad } from './load.js';
import { type ChatApiReport, checkTargets, type IngestionRun, type RunRecord } from './report.js';

export interface ChatApiOptions {
  modes: Mode[];
  /**
   * Which agents answer the turns, each measured at every level: `static` (no LLM), `llm` (a prompt
   * node, fake LLM server), `tool` (a prompt node whose model calls the shop service's http tool once
   * a turn) and `knowledge` (a prompt node that searches a base of `knowledgeChunks` chunks every turn).
   */
  agents: BenchAgentKind[];
  /** The knowledge agent's base: at least this many chunks of the project's docs (default 10,000). */
  knowledgeChunks?: number | undefined;
  /** Embed chunks and questions (EMBEDDING_MODEL for the memory service and the runner, the fake's /embeddings). */
  embeddings?: boolean | undefined;
  /**
   * The knowledge agent: at each level, measure turns again while a PDF of this many MiB is read
   * into the base over and over (each upload replacing the last), alternated with windows without.
   */
  ingestPdfMiB?: number | undefined;
  /** How the real mode's services run; the one-process mode always runs platform/src/main.ts through tsx. */
  runtime: Runtime;
  /** Real mode: sessions processes behind the one queue group. */
  sessionsReplicas: number;
  durationS: number;
  warmupS: number;
  concurrency: number[];
  /** Also measure the lighter requests at each level, to split a turn's cost into hops. */
  breakdown: boolean;
  /** What each level measures (default: the turn); `--breakdown` adds its own. */
  requests?: readonly RequestKind[];
  /** Write CPU profiles of the service processes under `profileDir` and summarise them. */
  profileDir?: string | undefined;
  /** Start the service processes with `--perf-basic-prof`, for Linux `perf` (StackOptions.perfMap). */
  perfMap?: boolean | undefined;
  /** Real mode: report PostgreSQL's dearest statements of each window from pg_stat_statements (pg-statements.ts), which the server must load. */
  pgStatements?: boolean | undefined;
  log: (line: string) => void;
}

/** The turn first: it is the benchmark; the others only explain it. */
const HTTP_BREAKDOWN: readonly RequestKind[] = ['turn', 'status', 'healthz'];
/** Straight to the services over NATS, past the gateway: real mode only. */
const BUS_BREAKDOWN: readonly RequestKind[] = ['bus sessions.send', 'bus sessions.status', 'bus runner.turn'];

/** The agents that ask the fake LLM (and, for `tool`, call the shop beside it). */
const ASKS_LLM: ReadonlySet<BenchAgentKind> = new Set(['llm', 'tool', 'knowledge']);

/** The embedding model the fake LLM answers for with `--embeddings`. */
const BENCH_EMBEDDING_MODEL = 'bench-embeddings';

/** Searches timed on the idle stack after the knowledge agent's levels. */
const SEARCHES = 200;

/**
 * The tool agent's runner: its tools may reach the shop on loopback, which the outbound guard
 * refuses otherwise, and one tenant's calls at once are not capped at the default 16 – every
 * session of a level is that one tenant's, and a refused call would be a failed turn here.
 */
const TOOL_RUNNER_ENV = { TOOLS_ALLOW_PRIVATE: 'true', TOOL_CALLS_PER_TENANT: '100000' };

/**
 * The Text Chat API benchmark: for each mode, start the stack (and, for the LLM and tool agents,
 * the fake LLM server with the shop service first, in a process of their own), seed the agents,
 * and drive each concurrency level with fresh sessions; then stop the stack and clean up.
 */
export async function runChatApiBench(options: ChatApiOptions): Promise<ChatApiReport> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadAverageNow();
  const runs: RunRecord[] = [];
  const profiles: ProfileSummary[] = [];
  const stacks: ChatApiReport['stacks'] = [];
  const knowledge: NonNullable<ChatApiReport['knowledge']> = [];
  const ingestion: IngestionRun[] = [];
  const fakeLlm = options.agents.some((agent) => ASKS_LLM.has(agent)) ? await startFakeLlmProcess() : undefined;
  let shopRequests: number | undefined;
  try {
    for (const mode of options.modes) {
      const measured = await runMode(mode, options, fakeLlm);
      stacks.push(measured.stack);
      runs.push(...measured.runs);
      profiles.push(...measured.profiles);
      if (measured.knowledge) knowledge.push({ mode, ...measured.knowledge });
      ingestion.push(...measured.ingestion);
    }
  } finally {
    shopRequests = (await fakeLlm?.stop())?.shopRequests;
  }

  return {
    benchmark: 'chat-api',
    startedAt,
    machine: machineInfo(loadAverageAtStart),
    options: {
      modes: options.modes,
      agents: options.agents,
      runtime: options.runtime,
      sessionsReplicas: options.sessionsReplicas,
      durationS: options.durationS,
      warmupS: options.warmupS,
      concurrency: options.concurrency,
      breakdown: options.breakdown,
    },
    stacks,
    runs,
    targets: checkTargets(runs),
    ...(options.agents.includes('tool') ? { shopRequests } : {}),
    ...(knowledge.length > 0 ? { knowledge } : {}),
    ...(ingestion.length > 0 ? { ingestion } : {}),
    ...(options.profileDir ? { profiles } : {}),
  };
}

/** One mode: its stack, every agent at every level, and the profiles of the turns' windows (per agent when more than one). */
async function runMode(
  mode: Mode,
  options: ChatApiOptions,
  fakeLlm: FakeLlmProcess | undefined,
): Promise<{
  stack: ChatApiReport['stacks'][number];
  runs: RunRecord[];
  profiles: ProfileSummary[];
  knowledge?: { base: Omit<SeededBase, 'id'>; search: SearchLatency; embeddings: boolean };
  ingestion: IngestionRun[];
}> {
  const runs: RunRecord[] = [];
  const ingestion: IngestionRun[] = [];
  let knowledge: { base: Omit<SeededBase, 'id'>; search: SearchLatency; embeddings: boolean } | undefined;
  const withKnowledge = options.agents.includes('knowledge');
  // Knowledge documents given as files (the PDF) are kept where the gateway and the memory service both read them.
  const uploads = withKnowledge ? await mkdtemp(join(tmpdir(), 'parley-bench-uploads-')) : undefined;
  const embeddingEnv: Record<string, string> = options.embeddings ? { EMBEDDING_MODEL: BENCH_EMBEDDING_MODEL } : {};
  const cpuProfileDir = options.profileDir ? join(options.profileDir, mode) : undefined;
  if (cpuProfileDir) await mkdir(cpuProfileDir, { recursive: true });
  const windows = new Map<BenchAgentKind, Window[]>(options.agents.map((agent) => [agent, []]));
  // With more than one agent, each process's profile is summarised per agent.
  const named = options.agents.length > 1;
  const besides = fakeLlm ? [{ name: FAKE_LLM_PART, pid: fakeLlm.process.pid }] : [];
  const starting = performance.now();
  const stack = await startStack(mode, {
    runtime: options.runtime,
    sessionsReplicas: options.sessionsReplicas,
    cpuProfileDir,
    perfMap: options.perfMap,
    llmBaseUrl: fakeLlm?.url,
    runnerEnv: { ...(options.agents.includes('tool') ? TOOL_RUNNER_ENV : {}), ...embeddingEnv },
    withMemory: withKnowledge,
    // The memory service embeds chunks through the same fake LLM server.
    memoryEnv:
      withKnowledge && fakeLlm
        ? {
            OPENAI_BASE_URL: fakeLlm.url,
            OPENAI_API_KEY: 'bench',
            ...embeddingEnv,
          }
        : undefined,
    serviceEnv: uploads ? { UPLOADS_DIR: uploads } : undefined,
    log: options.log,
  }).catch(async (error: unknown) => {
    if (uploads) await rm(uploads, { recursive: true, force: true });
    throw error;
  });
  const startupS = Math.round((performance.now() - starting) / 100) / 10;
  options.log(`${mode}: ready in ${startupS} s at ${stack.url}`);
  let bus: PlatformBus | undefined;
  let statements: StatementsReader | undefined;
  try {
    if (options.pgStatements && stack.database) statements = await openStatementsReader(withDatabase(serverUrls().databaseUrl, stack.database));
    const agents: SeededAgent[] = [];
    let base: SeededBase | undefined;
    for (const kind of options.agents) {
      const knowledgeOptions =
        kind === 'knowledge'
          ? {
              prepare: async (tenantId: string) => {
                base = await seedKnowledgeBase(stack.url, stack.adminApiKey, tenantId, options.knowledgeChunks ?? 10_000, options.log);
              },
              questions: BENCH_QUESTIONS,
            }
          : {};
      agents.push(await seedBenchAgent(stack.url, stack.adminApiKey, `chat-api bench (${kind})`, kind, fakeLlm?.shopUrl, knowledgeOptions));
    }
    // As autovacuum would within a minute: the planner sees the base as it now is (10,000 chunks,
    // not none), and the counts' dead rows are gone; then the ingestion's dirty pages are flushed,
    // rather than by a checkpoint in a later agent's window.
    if (base && stack.database) {
      const database = withDatabase(serverUrls().databaseUrl, stack.database);
      await onServer(database, quietLogger(), 'VACUUM ANALYZE');
      await onServer(database, quietLogger(), 'CHECKPOINT');
    }
    const manual = options.ingestPdfMiB && base ? await manualPdf(options.ingestPdfMiB * 1024 * 1024) : undefined;
    if (manual) options.log(`knowledge: a ${(manual.bytes.length / 1024 / 1024).toFixed(1)} MiB PDF of ${manual.pages} pages to read under load`);
    if (options.breakdown && stack.nats) {
      bus = await connectPlatformBus({ natsUrl: stack.nats.url, namespace: stack.nats.namespace, logger: quietLogger(), name: 'bench' });
    }
    const kinds: readonly RequestKind[] = options.breakdown ? [...HTTP_BREAKDOWN, ...(bus ? BUS_BREAKDOWN : [])] : (options.requests ?? ['turn']);
    for (const agent of agents) {
      for (const concurrency of options.concurrency) {
        for (const request of kinds) {
          const measure = async (
            during?: () => () => Promise<void>,
          ): Promise<
            LoadResult & {
              cpuCores?: Record<string, number> | undefined;
              loopDelayMs?: Record<string, LoopDelay> | undefined;
              turnTime?: TurnTime | undefined;
              pgStatements?: StatementFigures[] | undefined;
            }
          > => {
            const meter = cpuMeterFor(stack, besides);
            const metrics = metricsWindowFor(stack);
            let cpuCores: Promise<Record<string, number> | undefined> | undefined;
            let loopDelays: Promise<Record<string, LoopDelay>> | undefined;
            let turnTime: Promise<TurnTime | undefined> | undefined;
            const statementsWindow = statements && statementsWindowOf(statements);
            let pgStatements: Promise<(requests: number) => StatementFigures[]> | undefined;
            let windowStart = 0;
            let stopDuring: (() => Promise<void>) | undefined;
            const result = await runLoad({
              url: stack.url,
              chatApiSecret: stack.chatApiSecret,
              agent,
              concurrency,
              request,
              bus,
              warmupMs: options.warmupS * 1000,
              durationMs: options.durationS * 1000,
              // Read ahead of the window: rendering /metrics holds each service's loop (common/closed-loop.ts).
              onWindowAhead: () => metrics?.begin(),
              onWindowStart: () => {
                meter?.begin();
                statementsWindow?.begin();
                windowStart = monotonicUs();
                stopDuring = during?.();
              },
              onWindowEnd: () => {
                cpuCores = meter?.end();
                pgStatements = statementsWindow?.end();
                const readings = metrics?.end();
                loopDelays = readings?.then(loopDelaysOf);
                // Only a turn's window: the other requests' parts are not a turn's.
                turnTime = request === 'turn' ? readings?.then(turnTimeOf) : undefined;
                // The profiles show where a turn's time goes: the other requests' windows stay out.
                if (request === 'turn' && !during) windows.get(agent.kind)?.push({ fromUs: windowStart, toUs: monotonicUs() });
              },
            });
            await stopDuring?.();
            stack.assertRunning();
            if (fakeLlm && !fakeLlm.process.running) throw fakeLlm.process.failure('died during the benchmark');
            return {
              ...result,
              cpuCores: await cpuCores,
              loopDelayMs: await loopDelays,
              turnTime: await turnTime,
              pgStatements: (await pgStatements)?.(result.ok),
            };
          };
          options.log(`${mode}: ${agent.kind} agent, ${concurrency} concurrent, ${request}, ${options.warmupS} s warm-up + ${options.durationS} s`);
          const result = await measure();
          runs.push({ mode, agent: agent.kind, stack: stack.description, durationS: options.durationS, ...result });
          options.log(
            `  ${Math.round(result.perSecond)}/s, p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms, ${result.errors} errors`,
          );
          if (manual && base && agent.kind === 'knowledge' && request === 'turn') {
            ingestion.push(await underIngestion(mode, concurrency, result, measure, stack, agent.tenantId, base.id, manual.bytes, options.log));
          }
        }
      }
    }
    if (base) {
      const knowledgeAgent = agents.find((agent) => agent.kind === 'knowledge') as SeededAgent;
      const search = await measureSearch(stack.url, stack.adminApiKey, knowledgeAgent.tenantId, base.id, SEARCHES);
      options.log(`knowledge: ${SEARCHES} searches on the idle stack, p50 ${search.p50Ms.toFixed(1)} ms, p99 ${search.p99Ms.toFixed(1)} ms`);
      const { id: _id, ...kept } = base;
      knowledge = { base: kept, search, embeddings: options.embeddings === true };
    }
  } finally {
    await bus?.drain();
    await statements?.close();
    await stack.stop();
    if (uploads) await rm(uploads, { recursive: true, force: true });
  }
  const profiles: ProfileSummary[] = [];
  if (cpuProfileDir) {
    for (const [agent, ofAgent] of windows) {
      const summaries = await summarizeProfiles(cpuProfileDir, ofAgent);
      profiles.push(...summaries.map((summary) => (named ? { ...summary, process: `${summary.process} (${agent} agent)` } : summary)));
    }
  }
  return { stack: { mode, description: stack.description, startupS }, runs, profiles, ingestion, ...(knowledge ? { knowledge } : {}) };
}

/** Windows measured while a PDF is read into the base, alternated with windows without (the first of each is already measured). */
const INGESTION_PAIRS = 2;

/**
 * The same level measured again while the manual is read into the base over and over – uploaded
 * through the gateway as the console does, each upload replacing the last once it is ready – in
 * windows alternated with windows without, so that drift on the machine falls on both alike.
 */
async function underIngestion(
  mode: Mode,
  concurrency: number,
  first: LoadResult,
  measure: (during?: () => () => Promise<void>) => Promise<LoadResult>,
  stack: { url: string; adminApiKey: string },
  tenantId: string,
  baseId: string,
  pdf: Uint8Array,
  log: (line: string) => void,
): Promise<IngestionRun> {
  const without: LoadResult[] = [first];
  const withIngestion: LoadResult[] = [];
  const readyMs: number[] = [];
  const ingestLoop = () => {
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        const id = await uploadDocument(stack.url, stack.adminApiKey, tenantId, baseId, 'bench-manual.pdf', pdf);
        readyMs.push(await readyAfter(stack.url, stack.adminApiKey, tenantId, baseId, id, 300_000));
      }
    })();
    return async () => {
      stopped = true;
      await loop;
    };
  };
  for (let pair = 0; pair < INGESTION_PAIRS; pair++) {
    if (pair > 0) without.push(await measure());
    const result = await measure(ingestLoop);
    withIngestion.push(result);
    log(
      `  reading a PDF meanwhile: ${Math.round(result.perSecond)}/s, p50 ${result.latencyMs.p50.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms, ${result.errors} errors`,
    );
  }
  return { mode, concurrency, without, withIngestion, readyMs, pdfBytes: pdf.length };
}
