import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { fileStamp, parseRuntime, writeResult } from '../common/cli.js';
import { formatColumns, formatMarkdownColumns, formatTargets } from '../common/report.js';
import { MODES, type Mode, repoRoot } from '../common/stack.js';
import { type PageResult, runWebBench, TARGET_SCORE, WEB_PAGES, type WebOptions, type WebPage, type WebReport } from './bench.js';
import { chromiumPath, type PageFigures } from './lighthouse.js';

export const USAGE = `npm run bench -- web [options]

Lighthouse (mobile: a phone's screen, slow 4G and a 4× slower CPU, simulated) on the public
chat page /c/{token} of a running platform: the performance and accessibility scores, FCP, LCP,
TBT, CLS, Speed Index and page weight. The bench builds the pages, starts the platform, and
creates the static-text agent and a public link with a welcome message through the management API.

  --runs <n>                     Lighthouse runs per page; the figures are the medians (default 3)
  --page chat|widget|both        the chat page, a host page with the widget embedded, or both (default chat)
  --mode one-process|real        which stack, as in chat-api (default one-process)
  --runtime bundle|tsx           real mode: tsdown bundles (default) or TypeScript via tsx
  --no-build                     measure web/dist as it is instead of building the pages first
  --help

Chromium: ${chromiumPath()} (CHROMIUM_PATH to change it).
Targets: performance and accessibility ≥ ${TARGET_SCORE} on each page.
Results: tables on stdout (plus Markdown), bench/results/web-<timestamp>.json, and each run's
Lighthouse report (JSON and HTML) in test-results/lighthouse/.`;

export type CliOptions = Omit<WebOptions, 'log'>;

export function parseOptions(args: string[]): CliOptions | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      runs: { type: 'string', default: '3' },
      page: { type: 'string', default: 'chat' },
      mode: { type: 'string', default: 'one-process' },
      runtime: { type: 'string', default: 'bundle' },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs takes a whole number ≥ 1, got "${values.runs}"`);
  const pages = values.page === 'both' ? [...WEB_PAGES] : [values.page as WebPage];
  if (!pages.every((page) => WEB_PAGES.includes(page))) throw new Error(`--page must be chat, widget or both, got "${values.page}"`);
  if (!MODES.includes(values.mode as Mode)) throw new Error(`--mode must be one-process or real, got "${values.mode}"`);
  return { runs, pages, mode: values.mode as Mode, runtime: parseRuntime(values.runtime), build: !values['no-build'] };
}

const HEADER = ['page', 'run', 'performance', 'accessibility', 'FCP ms', 'LCP ms', 'TBT ms', 'CLS', 'Speed Index ms', 'page KiB', 'requests', 'CPU index'];
const NUMERIC = new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

const row = (page: WebPage, run: string, figures: Omit<PageFigures, 'lost'>) => [
  page,
  run,
  String(figures.performance),
  String(figures.accessibility),
  Math.round(figures.fcpMs).toLocaleString('en-US'),
  Math.round(figures.lcpMs).toLocaleString('en-US'),
  Math.round(figures.tbtMs).toLocaleString('en-US'),
  figures.cls.toFixed(3),
  Math.round(figures.speedIndexMs).toLocaleString('en-US'),
  (figures.pageBytes / 1024).toFixed(1),
  String(figures.requests),
  String(Math.round(figures.benchmarkIndex)),
];

/** What cost points in any run, with how many of the runs it did. */
function lostLines(result: PageResult): string[] {
  const lines: string[] = [];
  for (const category of ['performance', 'accessibility'] as const) {
    const counts = new Map<string, number>();
    for (const run of result.runs) for (const item of run.lost[category]) counts.set(item, (counts.get(item) ?? 0) + 1);
    for (const [item, count] of counts)
      lines.push(`  ${result.page} ${category}: ${item}${result.runs.length > 1 ? ` (${count} of ${result.runs.length} runs)` : ''}`);
  }
  return lines;
}

export function formatWebReport(report: WebReport, file: string): string {
  const { machine } = report;
  const runRows = report.pages.flatMap((result) => [
    ...result.runs.map((figures, index) => row(result.page, String(index + 1), figures)),
    ...(result.runs.length > 1 ? [row(result.page, 'median', result.median)] : []),
  ]);
  const medianRows = report.pages.map((result) => row(result.page, result.runs.length > 1 ? `median of ${result.runs.length}` : '1', result.median));
  const lost = report.pages.flatMap(lostLines);
  return [
    '',
    `Web pages: ${report.settings}; ${machine.cpus} × ${machine.cpuModel}, node ${machine.node}, load average at start ${machine.loadAverageAtStart.join(' ')}`,
    `  ${report.stack.mode}: ${report.stack.description} (ready in ${report.stack.startupS} s)${report.options.build ? '' : '; web/dist as it was (--no-build)'}`,
    ...report.pages.map((result) => `  ${result.page} page: ${result.url}`),
    '',
    formatColumns(HEADER, runRows, NUMERIC),
    '',
    '(each median is that figure’s own over the runs; CPU index = Lighthouse’s benchmarkIndex of this machine during the run: lower is busier)',
    '',
    ...(lost.length > 0 ? ['What Lighthouse holds against the pages (failed audits that count towards a score, and the savings it lists):', ...lost, ''] : []),
    'Targets:',
    formatTargets(report.targets),
    '',
    'Markdown:',
    '',
    formatMarkdownColumns(HEADER, medianRows, NUMERIC),
    '',
    `Lighthouse reports (JSON and HTML): ${[...new Set(report.pages.flatMap((result) => result.reports.map((path) => relative(repoRoot, path).replace(/-\d+\.report\.(json|html)$/, '-<run>.report.*'))))].join(', ')}`,
    `Written to ${file}`,
    '',
  ].join('\n');
}

export async function main(args: string[]): Promise<void> {
  const options = parseOptions(args);
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const stamp = fileStamp();
  const report = await runWebBench({ ...options, log: (line) => process.stderr.write(`${line}\n`) });
  const file = await writeResult('web', stamp, report);
  process.stdout.write(formatWebReport(report, file));
}
