import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../common/report.js';
import { repoRoot } from '../common/stack.js';
import {
  checkBaseline,
  formatComparison,
  type MeasuredRun,
  median,
  roundOrder,
  runComparison,
  runInCheckout,
  summarize,
  writtenFile,
} from '../compare/compare.js';
import { parseOptions } from '../compare/main.js';
import { protectionsRow } from '../public-chat/bench.js';

/** A run as chat-api reports it, with the figures a test sets. */
function run(agent: string, perSecond: number, p50: number, p99: number, cores: Record<string, number>): RunRecord {
  return {
    mode: 'real',
    agent,
    request: 'turn',
    concurrency: 64,
    stack: 'bench',
    durationS: 8,
    setupMs: 1,
    ok: perSecond * 8,
    perSecond,
    latencyMs: { p50, p90: p99, p99, max: p99, mean: p50 },
    errors: 0,
    errorKinds: {},
    cpuCores: cores,
  };
}

const measured = (side: 'baseline' | 'current', round: number, runs: RunRecord[]): MeasuredRun => ({
  side,
  round,
  file: `${side}-${round}.json`,
  seconds: 1,
  runs,
});

describe('npm run bench -- compare', () => {
  const temporary: string[] = [];
  afterEach(async () => {
    for (const dir of temporary.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('alternates which checkout runs first, round after round', () => {
    expect([1, 2, 3, 4].map(roundOrder)).toEqual([
      ['baseline', 'current'],
      ['current', 'baseline'],
      ['baseline', 'current'],
      ['current', 'baseline'],
    ]);
  });

  it('finds the results file a benchmark names last in its output', () => {
    const output = 'started\nWritten to /work/x/bench/results/chat-api-2026-11-30T00-01-02-003Z.json\n';
    expect(writtenFile(output)).toBe('/work/x/bench/results/chat-api-2026-11-30T00-01-02-003Z.json');
    expect(writtenFile('profiles under /work/x/bench/results/profiles-1/real\n/w/bench/results/public-chat-1.json\n')).toBe(
      '/w/bench/results/public-chat-1.json',
    );
    expect(writtenFile('no file at all')).toBeUndefined();
  });

  it('takes the median of each figure over its own runs, the stack’s CPU per turn computed run by run', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();

    // Three rounds a side; the static row's stack (gateway + sessions) is 0.6, 0.8 and 1.0 cores.
    const rows = summarize([
      measured('baseline', 1, [run('static', 1000, 20, 60, { gateway: 0.4, sessions: 0.2, 'load generator': 0.2, idle: 0.3, other: 0 })]),
      measured('current', 1, [run('static', 2000, 10, 20, { gateway: 0.5, sessions: 0.3, 'load generator': 0.4, idle: 0.1, other: 0 })]),
      measured('current', 2, [
        run('static', 1600, 12, 36, { gateway: 0.3, sessions: 0.3, 'load generator': 0.3, idle: 0.2, other: 0 }),
        run('llm', 500, 40, 80, { gateway: 0.2, sessions: 0.3, 'load generator': 0.1, idle: 0.2, other: 0 }),
      ]),
      measured('baseline', 2, [run('static', 800, 25, 50, { gateway: 0.5, sessions: 0.3, 'load generator': 0.2, idle: 0.2, other: 0 })]),
      measured('baseline', 3, [run('static', 1250, 16, 64, { gateway: 0.6, sessions: 0.4, 'load generator': 0.25, idle: 0.1, other: 0 })]),
      measured('current', 3, [run('static', 1000, 15, 30, { gateway: 0.4, sessions: 0.6, 'load generator': 0.25, idle: 0, other: 0 })]),
    ]);

    expect(rows.map((row) => `${row.agent} ${row.concurrency}`)).toEqual(['static 64', 'llm 64']);
    const [staticRow, llmRow] = rows;
    expect(staticRow?.baseline?.perSecond).toHaveLength(3);
    expect(staticRow?.baseline?.perSecond).toEqual([1000, 800, 1250]);
    // ms a turn, each run's own: 0.6 cores ÷ 1,000 turns/s, 0.8 ÷ 800, 1.0 ÷ 1,250.
    expect(staticRow?.baseline?.stackMs.map((value) => Number(value.toFixed(3)))).toEqual([0.6, 1, 0.8]);
    expect(median(staticRow?.baseline?.stackMs ?? [])).toBeCloseTo(0.8);
    expect(staticRow?.baseline?.tail).toEqual([3, 2, 4]);
    expect(staticRow?.current?.stackPerLoad.map((value) => Number(value.toFixed(3)))).toEqual([2, 2, 4]);
    // Measured on one side only: shown, but nothing to compare it with.
    expect(llmRow?.baseline).toBeUndefined();
    expect(llmRow?.current?.perSecond).toHaveLength(1);

    const table = formatComparison(rows, { baseline: 'before', current: 'now' });
    // Columns: the parts met, `other` left out, idle last.
    expect(table.split('\n')[0]).toBe(
      '| row | code | runs | turns/s (runs) | p50 ms | p99 ms | p99 ÷ p50 (runs) | gateway | sessions | load generator | idle | stack ms/turn (runs) | stack ÷ load generator | errors |',
    );
    expect(table).toContain(
      '| static, 64 | before | 3 | 1,000 (1,000, 800, 1,250) | 20.0 | 60.0 | 3.00 (3.00, 2.00, 4.00) | 0.500 | 0.300 | 0.200 | 0.200 | 0.80 (0.60, 1.00, 0.80) | 4.00 | 0 |',
    );
    expect(table).toContain('| static, 64 | now | 3 | 1,600 (2,000, 1,600, 1,000) | 12.0 | 30.0 | 2.00 (2.00, 3.00, 2.00) |');
    expect(table).toContain('| llm, 64 | now | 1 | 500 | 40.0 | 80.0 | 2.00 |');
    expect(table).toContain('- static, 64: turns/s ×1.60, stack ms/turn ×0.50, stack ÷ load generator ×0.50, p99 ÷ p50 3.00 → 2.00');
    expect(table).not.toContain('- llm, 64');
    // An LLM turn's CPU against a static turn's, on the side that has both: 1.0 ms (0.5 cores ÷ 500) ÷ 0.4 (the median of 0.4, 0.375, 1.0).
    expect(table).toContain("between rows, each side's medians:\n- llm ÷ static, 64: now 2.50");
  });

  it('sets rows against each other as the targets do: LLM ÷ static, what tools and knowledge add, protections on ÷ off', () => {
    const one = (side: 'baseline' | 'current', runs: RunRecord[]) => measured(side, 1, runs);
    // Stack ms a turn = gateway cores ÷ turns/s × 1,000.
    const rows = summarize([
      one('baseline', [
        run('static', 1000, 10, 20, { gateway: 0.5 }),
        run('llm', 500, 10, 20, { gateway: 0.75 }),
        run('tool', 250, 10, 20, { gateway: 0.75 }),
        run('knowledge', 100, 10, 20, { gateway: 0.5 }),
      ]),
      one('current', [
        run('static', 1000, 10, 20, { gateway: 0.4 }),
        run('llm', 500, 10, 20, { gateway: 0.4 }),
        run('tool', 400, 10, 20, { gateway: 0.6 }),
        run('knowledge', 200, 10, 20, { gateway: 0.3 }),
      ]),
    ]);
    const table = formatComparison(rows, { baseline: 'before', current: 'now' });
    const between = table.slice(table.indexOf('between rows'));
    expect(between.split('\n')).toEqual([
      "between rows, each side's medians:",
      '- llm ÷ static, 64: before 3.00, now 2.00',
      '- tool − llm, 64: before +1.50 ms, now +0.70 ms',
      '- knowledge − llm, 64: before +3.50 ms, now +0.70 ms',
    ]);

    const publicRows = summarize([
      one('baseline', [run(protectionsRow('off'), 1000, 10, 20, { gateway: 0.5 }), run(protectionsRow('on'), 600, 10, 20, { gateway: 0.5 })]),
      one('current', [run(protectionsRow('off'), 1000, 10, 20, { gateway: 0.5 }), run(protectionsRow('on'), 900, 10, 20, { gateway: 0.5 })]),
    ]);
    expect(formatComparison(publicRows, { baseline: 'before', current: 'now' })).toContain(
      "between rows, each side's medians:\n- protections on ÷ off, turns/s, 64: before 0.60, now 0.90",
    );
    // A benchmark of one agent has nothing to set against another.
    expect(
      formatComparison(summarize([one('current', [run('static', 1000, 10, 20, { gateway: 0.5 })])]), { baseline: 'before', current: 'now' }),
    ).not.toContain('between rows');
  });

  it('sets each round’s run against the other side’s run of that round, and counts the rounds that went its way', () => {
    // A lone static turn on 2026-11-30 (bench/README.md, "morning"): the medians favour now, one round of three does not.
    const rows = summarize([
      measured('baseline', 1, [run('static', 263, 4.0, 9, { gateway: 1 }), run('llm', 100, 10, 20, { gateway: 1 })]),
      measured('current', 1, [run('static', 209, 4.8, 9, { gateway: 1 }), run('llm', 150, 10, 20, { gateway: 1 })]),
      measured('current', 2, [run('static', 248, 4.1, 9, { gateway: 1 }), run('tool', 50, 10, 20, { gateway: 1 })]),
      measured('baseline', 2, [run('static', 206, 5.0, 9, { gateway: 1 }), run('llm', 80, 10, 20, { gateway: 1 }), run('tool', 50, 10, 20, { gateway: 1 })]),
      measured('baseline', 3, [run('static', 192, 5.5, 9, { gateway: 1 }), run('llm', 100, 10, 20, { gateway: 1 })]),
      measured('current', 3, [run('static', 262, 3.8, 9, { gateway: 1 }), run('llm', 50, 10, 20, { gateway: 1 })]),
    ]);
    expect(rows.find((row) => row.agent === 'llm')?.current?.rounds).toEqual([1, 3]);
    const table = formatComparison(rows, { baseline: 'before', current: 'now' });
    const paired = table.slice(table.indexOf('round by round'), table.indexOf('\n\nbetween rows'));
    // Stack ms a turn = 1 core ÷ turns/s: 3.80, 4.85, 5.21 before and 4.78, 4.03, 3.82 now. The LLM
    // row pairs the two rounds both sides ran; the tool row, with one round in common, is left out.
    expect(paired.split('\n')).toEqual([
      "round by round (each round's now run ÷ its before run):",
      '- static, 64: turns/s ×0.79, ×1.20, ×1.36 (now more in 2 of 3); p50 ×1.20, ×0.82, ×0.69 (now lower in 2 of 3); stack ms/turn ×1.26, ×0.83, ×0.73 (now lower in 2 of 3)',
      '- llm, 64: turns/s ×1.50, ×0.50 (now more in 1 of 2); p50 ×1.00, ×1.00 (now lower in 0 of 2); stack ms/turn ×0.67, ×2.00 (now lower in 1 of 2)',
    ]);

    // A run that measured no CPU (no cores in its report): its row's rounds pair without the stack's CPU.
    const unmetered = (side: 'baseline' | 'current', round: number, perSecond: number) => {
      const { cpuCores: _, ...bare } = run('static', perSecond, 10, 20, {});
      return measured(side, round, [bare]);
    };
    const noCpu = formatComparison(
      summarize([unmetered('baseline', 1, 100), unmetered('current', 1, 120), unmetered('baseline', 2, 100), unmetered('current', 2, 90)]),
      {
        baseline: 'before',
        current: 'now',
      },
    );
    expect(noCpu.split('\n')).toContain('- static, 64: turns/s ×1.20, ×0.90 (now more in 1 of 2); p50 ×1.00, ×1.00 (now lower in 0 of 2)');
  });

  it('runs each round in both checkouts, in alternating order, and reads the runs each wrote', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-compare-'));
    temporary.push(dir);
    const calls: string[] = [];
    let n = 0;
    const runs = await runComparison(
      { baseline: '/elsewhere', rounds: 2, argv: ['chat-api', '--concurrency', '64'], logDir: dir, log: () => {} },
      async (root, argv, logFile) => {
        calls.push(`${root === repoRoot ? 'current' : root} ${argv.join(' ')} ${logFile.slice(dir.length + 1)}`);
        n += 1;
        const file = join(dir, `run-${n}.json`);
        await writeFile(file, JSON.stringify({ runs: [run('static', 100 * n, 10, 20, { gateway: 0.1 })] }));
        return file;
      },
    );
    expect(calls).toEqual([
      '/elsewhere chat-api --concurrency 64 baseline-1.log',
      'current chat-api --concurrency 64 current-1.log',
      'current chat-api --concurrency 64 current-2.log',
      '/elsewhere chat-api --concurrency 64 baseline-2.log',
    ]);
    expect(runs.map((m) => `${m.side} ${m.round} ${m.runs[0]?.perSecond}`)).toEqual(['baseline 1 100', 'current 1 200', 'current 2 300', 'baseline 2 400']);

    // A report without runs is no benchmark compare can read.
    await expect(
      runComparison({ baseline: '/elsewhere', rounds: 1, argv: ['chat-api'], logDir: dir, log: () => {} }, async () => {
        const file = join(dir, 'steps.json');
        await writeFile(file, JSON.stringify({ steps: [] }));
        return file;
      }),
    ).rejects.toThrow(/holds no runs/);
  });

  it('runs the benchmark for real in a checkout and keeps its output; a failing one is an error with that output', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-compare-'));
    temporary.push(dir);
    const file = await runInCheckout(
      repoRoot,
      ['chat-api', '--mode', 'one-process', '--concurrency', '2', '--duration', '1', '--warmup', '0.3'],
      join(dir, 'current-1.log'),
    );
    const report = JSON.parse(await readFile(file, 'utf8')) as { runs: RunRecord[] };
    temporary.push(file);
    expect(report.runs[0]?.perSecond).toBeGreaterThan(0);
    expect(report.runs[0]?.errors).toBe(0);
    expect(await readFile(join(dir, 'current-1.log'), 'utf8')).toContain(file);

    await expect(runInCheckout(repoRoot, ['chat-api', '--concurrency', 'many'], join(dir, 'bad.log'))).rejects.toThrow(/exited with 1[\s\S]*--concurrency/);
  }, 120_000);

  it('refuses a baseline that is no checkout or has no node_modules, and says when its load generator is not this one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'parley-compare-'));
    temporary.push(dir);
    const notes: string[] = [];
    const log = (line: string) => notes.push(line);
    await expect(checkBaseline(join(dir, 'nowhere'), 'chat-api', log)).rejects.toThrow(/does not exist/);
    await expect(checkBaseline(dir, 'chat-api', log)).rejects.toThrow(/no bench\/run.ts/);
    await mkdir(join(dir, 'bench', 'common'), { recursive: true });
    await writeFile(join(dir, 'bench', 'run.ts'), '');
    await expect(checkBaseline(dir, 'chat-api', log)).rejects.toThrow(/npm ci/);
    expect(notes).toEqual([]);

    // A checkout whose bench/common is not this one's: compared, with a note.
    await mkdir(join(dir, 'node_modules'));
    await writeFile(join(dir, 'bench', 'common', 'closed-loop.ts'), 'export {};');
    await checkBaseline(dir, 'chat-api', log);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/bench\/common or bench\/chat-api differs/);
    // This checkout against itself: the same load generator, nothing to say.
    await checkBaseline(repoRoot, 'chat-api', log);
    expect(notes).toHaveLength(1);
  });

  it('takes the documented options and refuses bad ones', () => {
    expect(parseOptions(['--baseline', '/tmp/before', '--', 'chat-api', '--mode', 'real'])).toEqual({
      baseline: '/tmp/before',
      rounds: 3,
      labels: { baseline: 'baseline', current: 'current' },
      argv: ['chat-api', '--mode', 'real'],
    });
    expect(parseOptions(['--baseline', '/b', '--rounds', '5', '--labels', 'before, now', '--', 'public-chat'])).toMatchObject({
      rounds: 5,
      labels: { baseline: 'before', current: 'now' },
      argv: ['public-chat'],
    });
    expect(parseOptions(['--help'])).toBe('help');
    expect(() => parseOptions(['--', 'chat-api'])).toThrow(/--baseline/);
    expect(() => parseOptions(['--baseline', '/b'])).toThrow(/name the benchmark/);
    expect(() => parseOptions(['--baseline', '/b', '--', 'llm-fetch'])).toThrow(/chat-api, public-chat/);
    expect(() => parseOptions(['--baseline', '/b', '--rounds', '0', '--', 'chat-api'])).toThrow(/--rounds/);
    expect(() => parseOptions(['--baseline', '/b', '--labels', 'same,same', '--', 'chat-api'])).toThrow(/--labels/);
    expect(() => parseOptions(['--baseline', '/b', '--duration', '5', '--', 'chat-api'])).toThrow(/duration/);
  });
});
