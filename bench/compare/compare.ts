import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { BenchAgentKind } from '../common/bench-agent.js';
import { runToEnd } from '../common/child-process.js';
import { formatMarkdownColumns, type RunRecord, stackCpuMsPerRequest, stackPerLoadGenerator } from '../common/report.js';
import { repoRoot } from '../common/stack.js';
import { PROTECTIONS, protectionsRow } from '../public-chat/bench.js';

/**
 * One benchmark run alternately in two checkouts of the project – a baseline (another commit, in
 * a worktree of its own with its own `npm ci`) and this one –, round after round, and the medians
 * of each side's runs side by side. A virtual machine's hour moves every figure by a fifth or
 * more, so two codes compare only by runs taken turn about in the same hour (bench/README.md,
 * "compare").
 */

export type Side = 'baseline' | 'current';

export interface CompareOptions {
  /** The baseline checkout's root. */
  baseline: string;
  rounds: number;
  /** The benchmark and its options, as `npm run bench --` takes them. */
  argv: string[];
  /** Where each run's own output is kept. */
  logDir: string;
  log: (line: string) => void;
}

/** One run of the benchmark: which side, which round, the JSON it wrote and how long it took. */
export interface MeasuredRun {
  side: Side;
  round: number;
  file: string;
  seconds: number;
  runs: RunRecord[];
}

/** Runs the benchmark once in the checkout at `root`; answers the JSON file it wrote. */
export type RunOnce = (root: string, argv: string[], logFile: string) => Promise<string>;

/** Baseline first in odd rounds, this checkout first in even ones: a drift of the hour falls on both alike. */
export function roundOrder(round: number): Side[] {
  return round % 2 === 1 ? ['baseline', 'current'] : ['current', 'baseline'];
}

/** The last `bench/results/….json` a benchmark's output names: the file it wrote. */
export function writtenFile(output: string): string | undefined {
  const found = [...output.matchAll(/(\S*bench\/results\/[^\s/]+\.json)/g)];
  return found.at(-1)?.[1];
}

/** `node --import tsx bench/run.ts …` in the checkout, its output kept in `logFile`. */
export const runInCheckout: RunOnce = async (root, argv, logFile) => {
  const { code, output } = await runToEnd(process.execPath, ['--import', 'tsx', join('bench', 'run.ts'), ...argv], { cwd: root });
  await writeFile(logFile, output);
  const file = writtenFile(output);
  if (code !== 0 || file === undefined) {
    throw new Error(
      `the benchmark ${code !== 0 ? `exited with ${code}` : 'named no results file'} in ${root} (its output: ${logFile}):\n${output.slice(-2_000)}`,
    );
  }
  return file;
};

/** A digest of the load generator's code in a checkout: the benchmark's folder and the shared one. */
async function benchDigest(root: string, benchmark: string): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of ['common', benchmark]) {
    const dir = join(root, 'bench', folder);
    if (!existsSync(dir)) continue;
    for (const name of (await readdir(dir)).sort()) {
      if (!name.endsWith('.ts')) continue;
      hash.update(`${folder}/${name}\0`);
      hash.update(await readFile(join(dir, name)));
    }
  }
  return hash.digest('hex');
}

/** Checks the baseline can run the benchmark; warns when its load generator is not this checkout's. */
export async function checkBaseline(baseline: string, benchmark: string, log: (line: string) => void): Promise<void> {
  if (!existsSync(baseline)) throw new Error(`--baseline ${baseline} does not exist`);
  if (!existsSync(join(baseline, 'bench', 'run.ts'))) throw new Error(`${baseline} holds no bench/run.ts: is it a checkout of the project?`);
  if (!existsSync(join(baseline, 'node_modules'))) throw new Error(`${baseline} has no node_modules: run npm ci there first`);
  if ((await benchDigest(baseline, benchmark)) !== (await benchDigest(repoRoot, benchmark))) {
    log(
      `note: the baseline's bench/common or bench/${benchmark} differs from this checkout's, so the two sides are not driven by the same load generator; copy this bench/ folder into the baseline to compare the stacks alone`,
    );
  }
}

export async function runComparison(options: CompareOptions, runOnce: RunOnce = runInCheckout): Promise<MeasuredRun[]> {
  const roots: Record<Side, string> = { baseline: options.baseline, current: repoRoot };
  const measured: MeasuredRun[] = [];
  for (let round = 1; round <= options.rounds; round += 1) {
    for (const side of roundOrder(round)) {
      const started = performance.now();
      const file = await runOnce(roots[side], options.argv, join(options.logDir, `${side}-${round}.log`));
      const seconds = (performance.now() - started) / 1000;
      const report = JSON.parse(await readFile(file, 'utf8')) as { runs?: RunRecord[] };
      if (!Array.isArray(report.runs)) throw new Error(`${file} holds no runs: compare reads the reports of chat-api and public-chat`);
      measured.push({ side, round, file, seconds, runs: report.runs });
      options.log(`round ${round}/${options.rounds} ${side.padEnd(8)} ${seconds.toFixed(0)} s  ${relative(roots[side], file)}`);
    }
  }
  return measured;
}

/** The median; of an even count, the mean of the middle two. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** What one side measured of one row, over its rounds: each figure's runs in round order, and their median. */
export interface SideFigures {
  errors: number;
  /** The round of each run, in the order of the figures below: runs pair up by it. */
  rounds: number[];
  /** One a run: how many runs the side has. */
  perSecond: number[];
  p50: number[];
  p99: number[];
  /** p99 ÷ p50 of each run. */
  tail: number[];
  /** Cores per part of the machine, each run's. */
  cores: Record<string, number[]>;
  stackMs: number[];
  stackPerLoad: number[];
}

export interface ComparedRow {
  mode: string;
  agent: string | undefined;
  request: string;
  concurrency: number;
  baseline: SideFigures | undefined;
  current: SideFigures | undefined;
}

const rowKey = (run: RunRecord) => `${run.mode}\0${run.agent ?? ''}\0${run.request}\0${run.concurrency}`;

function emptyFigures(): SideFigures {
  return { errors: 0, rounds: [], perSecond: [], p50: [], p99: [], tail: [], cores: {}, stackMs: [], stackPerLoad: [] };
}

/** Each row (mode, agent, request, concurrency) with both sides' runs, rows in the order the benchmark ran them. */
export function summarize(measured: MeasuredRun[]): ComparedRow[] {
  const rows = new Map<string, ComparedRow>();
  const ordered = [...measured].sort((a, b) => a.round - b.round);
  for (const { side, round, runs } of ordered) {
    for (const run of runs) {
      const key = rowKey(run);
      let row = rows.get(key);
      if (!row) {
        row = { mode: run.mode, agent: run.agent, request: run.request, concurrency: run.concurrency, baseline: undefined, current: undefined };
        rows.set(key, row);
      }
      const figures = row[side] ?? emptyFigures();
      row[side] = figures;
      figures.errors += run.errors;
      figures.rounds.push(round);
      figures.perSecond.push(run.perSecond);
      figures.p50.push(run.latencyMs.p50);
      figures.p99.push(run.latencyMs.p99);
      figures.tail.push(run.latencyMs.p99 / run.latencyMs.p50);
      for (const [part, cores] of Object.entries(run.cpuCores ?? {})) {
        const partRuns = figures.cores[part] ?? [];
        partRuns.push(cores);
        figures.cores[part] = partRuns;
      }
      const stackMs = stackCpuMsPerRequest(run);
      if (stackMs !== undefined) figures.stackMs.push(stackMs);
      const perLoad = stackPerLoadGenerator(run);
      if (perLoad !== undefined) figures.stackPerLoad.push(perLoad);
    }
  }
  return [...rows.values()];
}

const fixed = (value: number, digits: number) => (Number.isNaN(value) ? '–' : value.toFixed(digits));
/** A current ÷ baseline ratio as the lines below the table write it. */
const times = (ratio: number) => `×${fixed(ratio, 2)}`;
const whole = (value: number) => (Number.isNaN(value) ? '–' : Math.round(value).toLocaleString('en-US'));
const withRuns = (values: number[], format: (value: number) => string) =>
  values.length < 2 ? format(median(values)) : `${format(median(values))} (${values.map(format).join(', ')})`;

/** Parts of the machine as columns: the platform's and the load generator's, in the order met; `other` left out, idle last. */
function partColumns(rows: ComparedRow[]): string[] {
  const parts = new Set<string>();
  for (const row of rows) for (const figures of [row.baseline, row.current]) for (const part of Object.keys(figures?.cores ?? {})) parts.add(part);
  parts.delete('other');
  const idle = parts.delete('idle');
  return [...parts, ...(idle ? ['idle'] : [])];
}

const rowName = (row: ComparedRow, modes: number) =>
  [modes > 1 ? row.mode : undefined, row.agent, row.request === 'turn' ? undefined : row.request, String(row.concurrency)].filter(Boolean).join(', ');

/**
 * The comparison as a Markdown table – each row's baseline then current line, medians with each
 * run's figure in brackets –, followed by what changed, current over baseline.
 */
export function formatComparison(rows: ComparedRow[], labels: Record<Side, string>): string {
  const parts = partColumns(rows);
  const modes = new Set(rows.map((row) => row.mode)).size;
  const header = [
    'row',
    'code',
    'runs',
    'turns/s (runs)',
    'p50 ms',
    'p99 ms',
    'p99 ÷ p50 (runs)',
    ...parts,
    'stack ms/turn (runs)',
    'stack ÷ load generator',
    'errors',
  ];
  const body: string[][] = [];
  for (const row of rows) {
    for (const side of ['baseline', 'current'] as const) {
      const figures = row[side];
      if (!figures) continue;
      body.push([
        rowName(row, modes),
        labels[side],
        String(figures.perSecond.length),
        withRuns(figures.perSecond, whole),
        fixed(median(figures.p50), 1),
        fixed(median(figures.p99), 1),
        withRuns(figures.tail, (value) => fixed(value, 2)),
        ...parts.map((part) => fixed(median(figures.cores[part] ?? []), 3)),
        withRuns(figures.stackMs, (value) => fixed(value, 2)),
        fixed(median(figures.stackPerLoad), 2),
        String(figures.errors),
      ]);
    }
  }
  const numeric = new Set(header.map((_, column) => column).filter((column) => column >= 2));
  const changes = rows
    .filter((row) => row.baseline && row.current)
    .map((row) => {
      const [before, after] = [row.baseline as SideFigures, row.current as SideFigures];
      const byMedians = (a: number[], b: number[]) => times(median(b) / median(a));
      return (
        `- ${rowName(row, modes)}: turns/s ${byMedians(before.perSecond, after.perSecond)}, stack ms/turn ${byMedians(before.stackMs, after.stackMs)}, ` +
        `stack ÷ load generator ${byMedians(before.stackPerLoad, after.stackPerLoad)}, p99 ÷ p50 ${fixed(median(before.tail), 2)} → ${fixed(median(after.tail), 2)}`
      );
    });
  const paired = roundByRound(rows, labels, modes);
  const between = betweenRows(rows, labels, modes);
  return (
    `${formatMarkdownColumns(header, body, numeric)}\n\n${labels.current} against ${labels.baseline} (medians):\n${changes.join('\n')}` +
    (paired.length > 0 ? `\n\nround by round (each round's ${labels.current} run ÷ its ${labels.baseline} run):\n${paired.join('\n')}` : '') +
    (between.length > 0 ? `\n\nbetween rows, each side's medians:\n${between.join('\n')}` : '')
  );
}

/**
 * Each round's current run against the baseline run of the same round, for the rows whose two
 * sides share two rounds or more: the medians of two sides can each fall on an hour's fast or slow
 * run, where the two runs of one round were taken minutes apart. How many rounds went the same way
 * tells whether the medians' verdict holds round by round.
 */
function roundByRound(rows: ComparedRow[], labels: Record<Side, string>, modes: number): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    const [before, after] = [row.baseline, row.current];
    if (!before || !after) continue;
    const pairs = after.rounds.flatMap((round, index) => {
      const other = before.rounds.indexOf(round);
      return other === -1 ? [] : [{ current: index, baseline: other }];
    });
    if (pairs.length < 2) continue;
    const figure = (name: string, values: (figures: SideFigures) => number[], better: 'more' | 'lower') => {
      const ratios = pairs.map(({ current, baseline }) => (values(after)[current] as number) / (values(before)[baseline] as number));
      const won = ratios.filter((ratio) => (better === 'more' ? ratio > 1 : ratio < 1)).length;
      return `${name} ${ratios.map(times).join(', ')} (${labels.current} ${better} in ${won} of ${ratios.length})`;
    };
    const parts = [figure('turns/s', (f) => f.perSecond, 'more'), figure('p50', (f) => f.p50, 'lower')];
    // stackMs holds only the runs that measured CPU: paired by round only when every run did.
    if (after.stackMs.length === after.rounds.length && before.stackMs.length === before.rounds.length)
      parts.push(figure('stack ms/turn', (f) => f.stackMs, 'lower'));
    lines.push(`- ${rowName(row, modes)}: ${parts.join('; ')}`);
  }
  return lines;
}

/**
 * What the performance targets compare between rows of one run: an LLM turn's CPU against a static
 * turn's, what a tool or knowledge turn adds to an LLM turn's, and public chat's turns a second
 * with every protection on against without. Rows of the same mode, request and concurrency; each
 * side's medians, for the sides both rows have.
 */
function betweenRows(rows: ComparedRow[], labels: Record<Side, string>, modes: number): string[] {
  const lines: string[] = [];
  const byProtections = new Set(PROTECTIONS.map(protectionsRow));
  const groups = new Map<string, Map<string, ComparedRow>>();
  for (const row of rows) {
    const key = `${row.mode}\0${row.request}\0${row.concurrency}`;
    const group = groups.get(key) ?? new Map<string, ComparedRow>();
    if (row.agent !== undefined) group.set(row.agent, row);
    groups.set(key, group);
  }
  const sides = (of: ComparedRow, to: ComparedRow, figure: (figures: SideFigures) => number[], show: (of: number, to: number) => string) =>
    (['baseline', 'current'] as const)
      .filter((side) => of[side] && to[side])
      .map((side) => `${labels[side]} ${show(median(figure(of[side] as SideFigures)), median(figure(to[side] as SideFigures)))}`)
      .join(', ');
  const ratio = (of: number, to: number) => fixed(of / to, 2);
  const added = (of: number, to: number) => `${of - to >= 0 ? '+' : ''}${fixed(of - to, 2)} ms`;
  for (const group of groups.values()) {
    const first = group.values().next().value;
    if (first === undefined) continue;
    const where = rowName({ ...first, agent: undefined }, modes);
    const line = (name: string, text: string) => {
      if (text) lines.push(`- ${name}, ${where}: ${text}`);
    };
    const staticRow = group.get('static' satisfies BenchAgentKind);
    const llmRow = group.get('llm' satisfies BenchAgentKind);
    for (const [agent, row] of group) {
      if (agent === 'static' || byProtections.has(agent)) continue;
      if (agent !== 'llm' && llmRow)
        line(
          `${agent} − llm`,
          sides(row, llmRow, (f) => f.stackMs, added),
        );
      else if (staticRow)
        line(
          `${agent} ÷ static`,
          sides(row, staticRow, (f) => f.stackMs, ratio),
        );
    }
    const off = group.get(protectionsRow('off'));
    const on = group.get(protectionsRow('on'));
    if (off && on)
      line(
        'protections on ÷ off, turns/s',
        sides(on, off, (f) => f.perSecond, ratio),
      );
  }
  return lines;
}
