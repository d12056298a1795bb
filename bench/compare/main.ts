import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileStamp, RESULTS_DIR, writeResult } from '../common/cli.js';
import { loadAverageNow, machineInfo } from '../common/report.js';
import { checkBaseline, formatComparison, runComparison, type Side, summarize } from './compare.js';

export const USAGE = `npm run bench -- compare --baseline <dir> [options] -- <benchmark> [its options]

Runs one benchmark alternately in another checkout of the project (the baseline: a worktree of
another commit, with its own npm ci) and in this one, round after round – the baseline first in
odd rounds, this checkout first in even ones –, and prints each row's medians side by side: turns/s,
p50, p99, p99 ÷ p50, the cores of each part of the machine, idle, the stack's CPU per turn and the
stack over the load generator, each run's figure in brackets; below, each round's run against the
other side's run of that round. For the same load generator on both
sides, copy this checkout's bench/ folder into the baseline (a note says when they differ).
For the benchmarks that report runs of turns: chat-api and public-chat.

  --baseline <dir>     the other checkout (required)
  --rounds <n>         rounds (default 3)
  --labels <a,b>       what to call the two sides (default baseline,current)
  --help

Example:
  git worktree add ../parley-before <commit> && (cd ../parley-before && npm ci)
  rm -rf ../parley-before/bench && cp -r bench ../parley-before/bench
  npm run bench -- compare --baseline ../parley-before --labels before,now -- chat-api --mode real --agent static,llm --concurrency 64 --duration 8 --warmup 12

Results: the table in Markdown on stdout, each run's output under
bench/results/compare-<timestamp>/, and bench/results/compare-<timestamp>.json.`;

export interface ParsedOptions {
  baseline: string;
  rounds: number;
  labels: Record<Side, string>;
  argv: string[];
}

const COMPARABLE = new Set(['chat-api', 'public-chat']);

export function parseOptions(args: string[]): ParsedOptions | 'help' {
  const split = args.indexOf('--');
  const own = split === -1 ? args : args.slice(0, split);
  const argv = split === -1 ? [] : args.slice(split + 1);
  const { values } = parseArgs({
    args: own,
    options: {
      baseline: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      labels: { type: 'string', default: 'baseline,current' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  if (values.baseline === undefined) throw new Error('--baseline <dir> is required: the checkout to compare this one with');
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, got "${values.rounds}"`);
  const labels = values.labels.split(',').map((label) => label.trim());
  if (labels.length !== 2 || labels.some((label) => label === '') || labels[0] === labels[1]) {
    throw new Error(`--labels takes two different names separated by a comma, got "${values.labels}"`);
  }
  const benchmark = argv[0];
  if (benchmark === undefined) throw new Error('name the benchmark after "--", e.g. -- chat-api --mode real');
  if (!COMPARABLE.has(benchmark)) throw new Error(`compare reads the runs of ${[...COMPARABLE].join(', ')}, not "${benchmark}"`);
  return { baseline: resolve(values.baseline), rounds, labels: { baseline: labels[0] as string, current: labels[1] as string }, argv };
}

export async function main(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const benchmark = options.argv[0] as string;
  await checkBaseline(options.baseline, benchmark, log);
  const stamp = fileStamp();
  const logDir = join(RESULTS_DIR, `compare-${stamp}`);
  await mkdir(logDir, { recursive: true });
  const loadAverageAtStart = loadAverageNow();
  const measured = await runComparison({ baseline: options.baseline, rounds: options.rounds, argv: options.argv, logDir, log });
  const rows = summarize(measured);
  process.stdout.write(
    `\n${options.labels.current} against ${options.labels.baseline} (${options.baseline}): ${options.argv.join(' ')}, ${options.rounds} rounds alternated; medians, each run's figure in brackets\n\n`,
  );
  process.stdout.write(`${formatComparison(rows, options.labels)}\n`);
  const file = await writeResult('compare', stamp, {
    benchmark: 'compare',
    startedAt: new Date().toISOString(),
    machine: machineInfo(loadAverageAtStart),
    options,
    runs: measured.map(({ side, round, file: written, seconds }) => ({ side, round, file: written, seconds })),
    rows,
  });
  process.stdout.write(`\nWritten to ${file}\n`);
}
