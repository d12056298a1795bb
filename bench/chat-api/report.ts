import { checkTargets as checkTargetsOf, type MachineInfo, type RunRecord as CommonRunRecord, type Target, type TargetCheck } from '../common/report.js';
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

/** One (mode, concurrency, request kind) measurement of the Text Chat API. */
export type RunRecord = CommonRunRecord & { request: RequestKind };

/** The targets of the Text Chat API (turns through the whole stack, static-text agent). */
export const TARGETS: Target[] = [
  {
    name: '≥ 1,000 turns/s at 64 concurrent (real servers)',
    modes: ['real'],
    concurrency: 64,
    measure: (run) => run.perSecond,
    unit: 'turns/s',
    pass: (value) => value >= 1000,
  },
  { name: 'p50 ≤ 5 ms at 1 concurrent', concurrency: 1, measure: (run) => run.latencyMs.p50, unit: 'ms', pass: (value) => value <= 5 },
  { name: 'p99 ≤ 80 ms at 64 concurrent', concurrency: 64, measure: (run) => run.latencyMs.p99, unit: 'ms', pass: (value) => value <= 80 },
];

export function checkTargets(runs: RunRecord[], targets: Target[] = TARGETS): TargetCheck[] {
  return checkTargetsOf(runs, targets);
}

export interface ChatApiReport {
  benchmark: 'chat-api';
  startedAt: string;
  machine: MachineInfo;
  options: { modes: Mode[]; runtime: string; sessionsReplicas: number; durationS: number; warmupS: number; concurrency: number[]; breakdown: boolean };
  /** What ran in each mode, and how long it took to be ready (real mode with bundles: bundling included). */
  stacks: Array<{ mode: Mode; description: string; startupS: number }>;
  runs: RunRecord[];
  targets: TargetCheck[];
  profiles?: ProfileSummary[] | undefined;
}
