import { cpus, loadavg, platform, totalmem } from 'node:os';
import type { Measurement } from './closed-loop.js';
import type { LoopDelay } from './loop-delay.js';
import type { StatementFigures } from './pg-statements.js';
import { formatProfiles, type ProfileSummary } from './profile.js';
import type { Mode } from './stack.js';
import type { TurnTime } from './turn-time.js';

/**
 * What the benchmarks of turns through the stack report alike: runs, targets, tables, the CPU
 * table, the machine.
 */

/** One (mode, concurrency, request kind) measurement. */
export interface RunRecord extends Measurement {
  /** What was sent; `turn` is the benchmark, other kinds only explain it. */
  request: string;
  concurrency: number;
  /** Time to start the sessions (not part of the figures). */
  setupMs: number;
  mode: Mode;
  /** Which bench agent answered (chat-api: `static`, `llm` or `tool`); unset where a benchmark has only one. */
  agent?: string | undefined;
  /** What ran, e.g. "gateway, links, sessions, agent-runner as 4 processes (tsdown bundles) …". */
  stack: string;
  durationS: number;
  /** Cores used per part during the measured window (Linux only). */
  cpuCores?: Record<string, number> | undefined;
  /** Each service process's event-loop delay during the measured window (real mode; loop-delay.ts). */
  loopDelayMs?: Record<string, LoopDelay> | undefined;
  /** Where a turn's time went during the measured window, by the services' histograms (real mode, turns; turn-time.ts). */
  turnTime?: TurnTime | undefined;
  /** PostgreSQL's dearest statements during the measured window, per request (real mode, `--pg-statements`; pg-statements.ts). */
  pgStatements?: StatementFigures[] | undefined;
}

export interface Target {
  name: string;
  /** Only these modes are judged (all when unset). */
  modes?: Mode[];
  concurrency: number;
  measure: (run: RunRecord) => number;
  unit: string;
  pass: (value: number) => boolean;
}

/** At least `min` turns/s at `concurrency` on the real servers. */
export function turnsPerSecondTarget(name: string, concurrency: number, min: number): Target {
  return { name, modes: ['real'], concurrency, measure: (run) => run.perSecond, unit: 'turns/s', pass: (value) => value >= min };
}

/** At most `max` ms of the stack's CPU per turn at `concurrency` on the real servers (stackCpuMsPerRequest). */
export function stackCpuTarget(name: string, concurrency: number, max: number): Target {
  return { name, modes: ['real'], concurrency, measure: (run) => stackCpuMsPerRequest(run) ?? Number.NaN, unit: 'ms', pass: (value) => value <= max };
}

export interface TargetCheck {
  target: string;
  mode: Mode;
  measured: number;
  unit: string;
  verdict: 'PASS' | 'FAIL';
  /** The run had errors: its figures do not count as a pass. */
  flagged: boolean;
}

export function checkTargets(runs: RunRecord[], targets: Target[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const target of targets) {
    for (const run of runs) {
      if (run.request !== 'turn' || run.concurrency !== target.concurrency || (target.modes && !target.modes.includes(run.mode))) continue;
      const measured = target.measure(run);
      const flagged = run.errors > 0;
      checks.push({
        target: target.name,
        mode: run.mode,
        measured,
        unit: target.unit,
        verdict: target.pass(measured) && !flagged ? 'PASS' : 'FAIL',
        flagged,
      });
    }
  }
  return checks;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  loadAverageAtStart: number[];
}

/** This machine; the load average is the one at the start of the run (other work makes figures noisy). */
export function machineInfo(loadAverageAtStart: number[]): MachineInfo {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: platform(),
    loadAverageAtStart,
  };
}

/** The 1, 5 and 15 minute load averages, two decimals. */
export function loadAverageNow(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}

/** Other work on the machine takes CPU from the stack: say so, since the figures then understate it. */
export function busyMachineNote(runs: RunRecord[]): string[] {
  const other = Math.max(0, ...runs.map((run) => run.cpuCores?.other ?? 0));
  if (other < 0.25) return [];
  return [`Note: other work on this machine used up to ${other.toFixed(2)} cores during the measured windows; the figures are lower than on a quiet machine.`];
}

const ms = (value: number) => (Number.isNaN(value) ? '–' : value < 10 ? value.toFixed(2) : value.toFixed(1));
const rate = (value: number) => Math.round(value).toLocaleString('en-US');

const errorText = (run: RunRecord) =>
  run.errors > 0
    ? `${run.errors} (${Object.entries(run.errorKinds)
        .map(([kind, n]) => `${kind}: ${n}`)
        .join(', ')})`
    : '0';

/** The runs name their agent (more than one was measured): tables get an agent column after the mode. */
const hasAgents = (runs: RunRecord[]) => runs.some((run) => run.agent !== undefined);

/** The leading cells of a row: the mode, and the agent when the runs name theirs. */
const leading = (run: RunRecord, withAgent: boolean) => (withAgent ? [run.mode, run.agent ?? ''] : [run.mode]);

function rows(runs: RunRecord[], withAgent: boolean): string[][] {
  return runs.map((run) => [
    ...leading(run, withAgent),
    String(run.concurrency),
    rate(run.perSecond),
    ms(run.latencyMs.p50),
    ms(run.latencyMs.p99),
    ms(run.latencyMs.max),
    errorText(run),
  ]);
}

const HEADER = ['mode', 'concurrency', 'turns/s', 'p50 ms', 'p99 ms', 'max ms', 'errors'];
/** Right-aligned columns: the numeric ones. */
const NUMERIC = new Set([1, 2, 3, 4, 5]);

/** The benchmark's table (turns only): header, rows and numeric columns, with the agent column when the runs name theirs. */
function turnTable(runs: RunRecord[]): { header: string[]; body: string[][]; numeric: Set<number> } {
  const turns = runs.filter((run) => run.request === 'turn');
  const withAgent = hasAgents(turns);
  const shift = withAgent ? 1 : 0;
  return {
    header: withAgent ? ['mode', 'agent', ...HEADER.slice(1)] : HEADER,
    body: rows(turns, withAgent),
    numeric: new Set([...NUMERIC].map((column) => column + shift)),
  };
}

/** A plain-text table: each column as wide as its widest cell, the `numeric` columns right-aligned. */
export function formatColumns(header: string[], body: string[][], numeric: ReadonlySet<number> = NUMERIC): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

/** The same table in Markdown, to paste into a README. */
export function formatMarkdownColumns(header: string[], body: string[][], numeric: ReadonlySet<number> = NUMERIC): string {
  const line = (row: string[]) => `| ${row.join(' | ')} |`;
  const rule = `| ${header.map((_, column) => (numeric.has(column) ? '---:' : '---')).join(' | ')} |`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

/** The benchmark's table: turns only. */
export function formatTable(runs: RunRecord[]): string {
  const { header, body, numeric } = turnTable(runs);
  return formatColumns(header, body, numeric);
}

/** Every request kind side by side per (mode, concurrency): what each hop adds. */
export function formatBreakdown(runs: RunRecord[]): string {
  const withAgent = hasAgents(runs);
  const shift = withAgent ? 1 : 0;
  const header = [...(withAgent ? ['mode', 'agent'] : ['mode']), 'concurrency', 'request', 'req/s', 'p50 ms', 'p99 ms', 'stack CPU ms/req', 'errors'];
  const sorted = [...runs].sort((a, b) => a.mode.localeCompare(b.mode) || (a.agent ?? '').localeCompare(b.agent ?? '') || a.concurrency - b.concurrency);
  const body = sorted.map((run) => [
    ...leading(run, withAgent),
    String(run.concurrency),
    run.request,
    rate(run.perSecond),
    ms(run.latencyMs.p50),
    ms(run.latencyMs.p99),
    stackCpuMsPerRequest(run)?.toFixed(2) ?? '–',
    errorText(run),
  ]);
  return formatColumns(header, body, new Set([1, 3, 4, 5, 6].map((column) => column + shift)));
}

/** The same table in Markdown, to paste into a README. */
export function formatMarkdown(runs: RunRecord[]): string {
  const { header, body, numeric } = turnTable(runs);
  return formatMarkdownColumns(header, body, numeric);
}

/**
 * The fake LLM server's part of the CPU table (chat-api's `llm` and `tool` agents; the shop service
 * the tool agent calls runs in its process): it stands in for the model and the systems a tool reaches, not the platform.
 */
export const FAKE_LLM_PART = 'fake LLM';

/** Parts of the CPU table that are not the platform under test. */
const NOT_THE_STACK = new Set(['load generator', FAKE_LLM_PART, 'other', 'idle']);

/** The cores the platform (its processes and servers) used in a run's window. */
const stackCores = (cpuCores: Record<string, number>): number =>
  Object.entries(cpuCores).reduce((sum, [part, value]) => (NOT_THE_STACK.has(part) ? sum : sum + value), 0);

/** CPU time the platform (its processes and servers) spent per request: what bounds throughput on a given machine. */
export function stackCpuMsPerRequest(run: RunRecord): number | undefined {
  if (!run.cpuCores || run.perSecond <= 0) return undefined;
  return (stackCores(run.cpuCores) / run.perSecond) * 1000;
}

/**
 * The stack's CPU over the load generator's in the same window (both cores): the load generator's
 * code and work per request are the same whatever code the stack runs, and a slower hour of a
 * virtual machine makes every process's CPU per turn dearer alike – the two runs of one code can
 * differ by a fifth in ms per turn, much less in this ratio. Undefined without the load generator's part.
 */
export function stackPerLoadGenerator(run: RunRecord): number | undefined {
  const load = run.cpuCores?.['load generator'];
  if (!run.cpuCores || load === undefined || load <= 0) return undefined;
  return stackCores(run.cpuCores) / load;
}

/** A plain-text table: the leading columns (mode, agent) to the left, the figures to the right. */
function alignedTable(header: string[], body: string[][], leading: number): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row.map((cell, column) => (column < leading ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(line)].join('\n');
}

/** Cores used per part of the machine during each measured window; one table per mode (their parts differ). */
export function formatCpu(runs: RunRecord[]): string {
  const measured = runs.filter((run) => run.cpuCores && run.request === 'turn');
  const tables: string[] = [];
  for (const mode of [...new Set(measured.map((run) => run.mode))]) {
    const ofMode = measured.filter((run) => run.mode === mode);
    const parts = [...new Set(ofMode.flatMap((run) => Object.keys(run.cpuCores ?? {})))];
    const withAgent = hasAgents(ofMode);
    const header = [...(withAgent ? ['mode', 'agent'] : ['mode']), 'concurrency', ...parts, 'stack CPU ms/turn', 'stack ÷ load generator'];
    const body = ofMode.map((run) => [
      ...leading(run, withAgent),
      String(run.concurrency),
      ...parts.map((part) => (run.cpuCores?.[part] ?? 0).toFixed(2)),
      stackCpuMsPerRequest(run)?.toFixed(2) ?? '–',
      stackPerLoadGenerator(run)?.toFixed(2) ?? '–',
    ]);
    tables.push(alignedTable(header, body, withAgent ? 2 : 1));
  }
  return tables.join('\n\n');
}

/**
 * How late each service process ran ready work during each measured window (ms: p50 / p99 / max),
 * one table per mode: waiting for a core, or behind the callbacks ahead of it in its one thread.
 */
export function formatLoopDelays(runs: RunRecord[]): string {
  const measured = runs.filter((run) => run.loopDelayMs && Object.keys(run.loopDelayMs).length > 0);
  const tables: string[] = [];
  for (const mode of [...new Set(measured.map((run) => run.mode))]) {
    const ofMode = measured.filter((run) => run.mode === mode);
    const parts = [...new Set(ofMode.flatMap((run) => Object.keys(run.loopDelayMs ?? {})))];
    const withAgent = hasAgents(ofMode);
    const header = [...(withAgent ? ['mode', 'agent'] : ['mode']), 'concurrency', 'request', ...parts];
    const body = ofMode.map((run) => [
      ...leading(run, withAgent),
      String(run.concurrency),
      run.request,
      ...parts.map((part) => {
        const delay = run.loopDelayMs?.[part];
        return delay ? `${delay.p50.toFixed(1)} / ${delay.p99.toFixed(1)} / ${delay.max.toFixed(1)}` : '–';
      }),
    ]);
    tables.push(alignedTable(header, body, withAgent ? 2 : 1));
  }
  return tables.join('\n\n');
}

/**
 * Where a turn's time went, mean ms per turn, one table per mode: the client's latency, the
 * gateway's time and the parts the services time themselves; the rest of the gateway's time is
 * the hops over NATS and each process's own work, the rest of the client's the HTTP exchange and
 * the load generator.
 */
export function formatTurnTimes(runs: RunRecord[]): string {
  const measured = runs.filter((run) => run.turnTime !== undefined);
  const tables: string[] = [];
  for (const mode of [...new Set(measured.map((run) => run.mode))]) {
    const ofMode = measured.filter((run) => run.mode === mode);
    const withAgent = hasAgents(ofMode);
    const header = [
      ...(withAgent ? ['mode', 'agent'] : ['mode']),
      'concurrency',
      'client',
      'gateway',
      'signature claim',
      'commit wait',
      'commit',
      'LLM calls',
      'rest in gateway',
      'outside gateway',
    ];
    const body = ofMode.map((run) => {
      const t = run.turnTime as TurnTime;
      const rest = t.gatewayMs - t.claimMs - t.commitWaitMs - t.commitMs - t.llmMs;
      return [
        ...leading(run, withAgent),
        String(run.concurrency),
        ...[run.latencyMs.mean, t.gatewayMs, t.claimMs, t.commitWaitMs, t.commitMs, t.llmMs, rest, run.latencyMs.mean - t.gatewayMs].map((ms) => ms.toFixed(2)),
      ];
    });
    tables.push(alignedTable(header, body, withAgent ? 2 : 1));
  }
  return tables.join('\n\n');
}

/** A table under its heading, or nothing where no run has one (the one-process mode, a meter not asked for). */
function section(heading: string, table: string): string[] {
  return table === '' ? [] : [heading, table, ''];
}

function turnTimeSection(runs: RunRecord[]): string[] {
  return section(
    'Where a turn’s time went, mean ms per turn (the services’ own histograms; rest in gateway = the hops over NATS and each process’s own work):',
    formatTurnTimes(runs),
  );
}

/**
 * PostgreSQL's statements during each measured window, per request: how often each ran, its
 * execution and planning time and the WAL it wrote – one block of rows per run, the dearest first.
 */
export function formatPgStatements(runs: RunRecord[]): string {
  const measured = runs.filter((run) => run.pgStatements !== undefined && run.pgStatements.length > 0);
  if (measured.length === 0) return '';
  const withAgent = hasAgents(measured);
  const header = [...(withAgent ? ['mode', 'agent'] : ['mode']), 'concurrency', 'calls', 'exec ms', 'plan ms', 'WAL bytes', 'statement'];
  const body = measured.flatMap((run) =>
    (run.pgStatements as StatementFigures[]).map((statement) => [
      ...leading(run, withAgent),
      String(run.concurrency),
      statement.callsPerRequest.toFixed(3),
      statement.execMsPerRequest.toFixed(3),
      statement.planMsPerRequest?.toFixed(3) ?? '–',
      statement.walBytesPerRequest.toFixed(0),
      statement.query,
    ]),
  );
  const shift = withAgent ? 1 : 0;
  return formatColumns(header, body, new Set([1, 2, 3, 4, 5].map((column) => column + shift)));
}

function pgStatementsSection(runs: RunRecord[]): string[] {
  return section(
    'PostgreSQL’s dearest statements during each measured window, per request (pg_stat_statements; plan ms – where pg_stat_statements.track_planning is off):',
    formatPgStatements(runs),
  );
}

/** The event-loop delay table with its heading, or nothing where no run has one (the one-process mode). */
function loopDelaySection(runs: RunRecord[]): string[] {
  return section(
    'Event-loop delay of each service during each measured window, ms p50 / p99 / max (waiting for a core, or behind other work):',
    formatLoopDelays(runs),
  );
}

export function formatTargets(checks: TargetCheck[]): string {
  if (checks.length === 0) return '(no target applies to the measured concurrency levels)';
  return checks
    .map((check) => {
      const value = check.unit === 'ms' ? `${ms(check.measured)} ms` : `${rate(check.measured)} ${check.unit}`;
      return `${check.verdict}  ${check.target} [${check.mode}]: ${value}${check.flagged ? ' (run had errors)' : ''}`;
    })
    .join('\n');
}

/** V8 samples wall time: a socket write that wakes its peer is also charged the time that peer then runs instead. */
const PROFILE_NOTE =
  'CPU profiles, in percent of sampled busy time (wall time: socket writes – writev, writeBuffer – also hold the time\n' +
  'the process was preempted by the peer its write woke, which on 2 cores is most of theirs; the CPU table has the real CPU):';

export interface ReportInput {
  /** What was measured, e.g. "Text Chat API, static-text agent". */
  title: string;
  options: { durationS: number; warmupS: number };
  machine: MachineInfo;
  /** Lines about the setup of this benchmark, printed between the header line and the stacks. */
  extraLines?: string[];
  stacks: Array<{ mode: Mode; description: string; startupS: number }>;
  runs: RunRecord[];
  targets: TargetCheck[];
  /** Print the per-request-kind table (the runs hold more kinds than turns). */
  breakdown?: boolean;
  profiles?: ProfileSummary[] | undefined;
  /** Where the JSON results were written. */
  file: string;
}

/** The whole stdout report of a benchmark of turns through the stack. */
export function formatReport(input: ReportInput): string {
  const { machine, options, runs } = input;
  const profiles = input.profiles ?? [];
  return [
    '',
    `${input.title}: ${options.durationS} s per level after ${options.warmupS} s warm-up; ` +
      `${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, load average at start ${machine.loadAverageAtStart.join(' ')}`,
    ...(input.extraLines ?? []),
    ...input.stacks.map((stack) => `  ${stack.mode}: ${stack.description} (ready in ${stack.startupS} s)`),
    '',
    formatTable(runs),
    '',
    ...(input.breakdown ? ['Per request kind (turn = the benchmark; status and healthz stop earlier in the stack):', formatBreakdown(runs), ''] : []),
    'CPU used during each measured window, in cores (other = the rest of the machine):',
    formatCpu(runs),
    ...busyMachineNote(runs),
    '',
    ...loopDelaySection(runs),
    ...turnTimeSection(runs),
    ...pgStatementsSection(runs),
    'Targets:',
    formatTargets(input.targets),
    '',
    'Markdown:',
    '',
    formatMarkdown(runs),
    '',
    ...(profiles.length > 0 ? [PROFILE_NOTE, '', formatProfiles(profiles), ''] : []),
    `Written to ${input.file}`,
    '',
  ].join('\n');
}
