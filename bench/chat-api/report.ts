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
import type { RequestKind } from './load.js';

export {
  formatBreakdown,
  formatCpu,
  formatMarkdown,
  formatTable,
  formatTargets,
  stackCpuMsPerRequest,
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
  profiles?: ProfileSummary[] | undefined;
}
