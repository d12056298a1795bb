import type { BenchAgentKind } from '../common/bench-agent.js';
import {
  checkTargets as checkTargetsOf,
  type MachineInfo,
  type RunRecord as CommonRunRecord,
  stackCpuTarget,
  type Target,
  type TargetCheck,
  turnsPerSecondTarget,
} from '../common/report.js';
import type { ProfileSummary } from '../common/profile.js';
import type { Mode } from '../common/stack.js';
import type { SearchLatency, SeededBase } from '../common/bench-knowledge.js';
import type { LoadResult, RequestKind } from './load.js';

export {
  formatBreakdown,
  formatCpu,
  formatMarkdown,
  formatTable,
  formatTargets,
  stackCpuMsPerRequest,
  stackPerLoadGenerator,
  type Target,
  type TargetCheck,
} from '../common/report.js';

/** One (mode, agent, concurrency, request kind) measurement of the Text Chat API. */
export type RunRecord = CommonRunRecord & { request: RequestKind; agent?: BenchAgentKind | undefined };

/** The targets of the Text Chat API for the static-text agent (turns through the whole stack). */
export const TARGETS: Target[] = [
  turnsPerSecondTarget('≥ 1,600 turns/s at 64 concurrent (real servers)', 64, 1600),
  stackCpuTarget('stack CPU ≤ 1.1 ms per turn at 64 concurrent (real servers)', 64, 1.1),
  {
    name: 'p50 ≤ 2.5 ms at 1 concurrent (real servers)',
    modes: ['real'],
    concurrency: 1,
    measure: (run) => run.latencyMs.p50,
    unit: 'ms',
    pass: (value) => value <= 2.5,
  },
  {
    name: 'p99 ≤ 60 ms at 64 concurrent (real servers)',
    modes: ['real'],
    concurrency: 64,
    measure: (run) => run.latencyMs.p99,
    unit: 'ms',
    pass: (value) => value <= 60,
  },
];

/** The targets for the LLM agent: what the platform spends around an LLM call (the fake LLM's CPU left out). */
export const LLM_TARGETS: Target[] = [
  turnsPerSecondTarget('≥ 1,100 LLM turns/s at 64 concurrent (real servers)', 64, 1100),
  stackCpuTarget('stack CPU ≤ 1.6 ms per LLM turn at 64 concurrent (real servers)', 64, 1.6),
];

/** Each agent's runs against its own targets (a run that names no agent is the static one's; the tool agent has none yet). */
export function checkTargets(runs: RunRecord[], targets: Target[] = TARGETS, llmTargets: Target[] = LLM_TARGETS): TargetCheck[] {
  const of = (kind: BenchAgentKind) => runs.filter((run) => (run.agent ?? 'static') === kind);
  return [...checkTargetsOf(of('static'), targets), ...checkTargetsOf(of('llm'), llmTargets)];
}

/** One level of the knowledge agent measured without and while a PDF is read into its base, windows alternated. */
export interface IngestionRun {
  mode: Mode;
  concurrency: number;
  without: LoadResult[];
  withIngestion: LoadResult[];
  /** Each reading of the PDF, from its upload to `ready`. */
  readyMs: number[];
  pdfBytes: number;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/** The p99 of turns while the PDF is read over the p99 without (means of the alternated windows): 1.2 is 20 % slower. */
export function ingestionP99Ratio(run: IngestionRun): number {
  return mean(run.withIngestion.map((r) => r.latencyMs.p99)) / mean(run.without.map((r) => r.latencyMs.p99));
}

/** Lines for the report: each level's turns with and without a PDF being read, and the ratio of their p99. */
export function formatIngestion(runs: IngestionRun[]): string[] {
  return runs.map((run) => {
    const p99 = (results: LoadResult[]) => results.map((r) => r.latencyMs.p99.toFixed(1)).join('/');
    const rate = (results: LoadResult[]) => Math.round(mean(results.map((r) => r.perSecond)));
    const errors = [...run.without, ...run.withIngestion].reduce((sum, r) => sum + r.errors, 0);
    return (
      `  ${run.mode}, ${run.concurrency} concurrent, a ${(run.pdfBytes / 1024 / 1024).toFixed(1)} MiB PDF read ${run.readyMs.length}× ` +
      `(${(mean(run.readyMs) / 1000).toFixed(1)} s each): p99 ${p99(run.withIngestion)} ms against ${p99(run.without)} ms without ` +
      `(×${ingestionP99Ratio(run).toFixed(2)}), ${rate(run.withIngestion)} against ${rate(run.without)} turns/s, ${errors} errors`
    );
  });
}

/** Lines for the report: the knowledge agent's base and its search latency. */
export function formatKnowledge(knowledge: NonNullable<ChatApiReport['knowledge']>): string[] {
  return knowledge.map(
    ({ mode, base, search, embeddings }) =>
      `  ${mode}: a base of ${base.chunks} chunks in ${base.documents} documents (read in ${base.ingestS.toFixed(1)} s${embeddings ? ', embedded' : ''}); ` +
      `search p50 ${search.p50Ms.toFixed(1)} ms, p99 ${search.p99Ms.toFixed(1)} ms over ${search.searches} searches through the gateway`,
  );
}

export interface ChatApiReport {
  benchmark: 'chat-api';
  startedAt: string;
  machine: MachineInfo;
  options: {
    modes: Mode[];
    agents: BenchAgentKind[];
    runtime: string;
    sessionsReplicas: number;
    durationS: number;
    warmupS: number;
    concurrency: number[];
    breakdown: boolean;
  };
  /** What ran in each mode, and how long it took to be ready (real mode with bundles: bundling included). */
  stacks: Array<{ mode: Mode; description: string; startupS: number }>;
  runs: RunRecord[];
  targets: TargetCheck[];
  /** With the tool agent: the requests the shop service answered over the whole run (warm-ups and every level included). */
  shopRequests?: number | undefined;
  /** With the knowledge agent: its base in each mode, and the search route's latency on the idle stack. */
  knowledge?: Array<{ mode: Mode; base: Omit<SeededBase, 'id'>; search: SearchLatency; embeddings: boolean }> | undefined;
  /** With `--ingest-pdf`: the knowledge agent's levels while a PDF is read into its base. */
  ingestion?: IngestionRun[] | undefined;
  profiles?: ProfileSummary[] | undefined;
}
