import { join } from 'node:path';
import { BENCH_AGENT_NAME, managementPost, seedBenchAgent } from '../common/bench-agent.js';
import { runToEnd } from '../common/child-process.js';
import { percentile } from '../common/closed-loop.js';
import { loadAverageNow, type MachineInfo, machineInfo, type TargetCheck } from '../common/report.js';
import { type Mode, type Runtime, repoRoot } from '../common/stack.js';
import { startStack } from '../common/start-stack.js';
import { startHostPage } from './host-page.js';
import { type PageFigures, runLighthouse } from './lighthouse.js';

/** The pages the bench can measure: the public chat page, and a host page with the widget. */
export type WebPage = 'chat' | 'widget';
export const WEB_PAGES: readonly WebPage[] = ['chat', 'widget'];

/** Where the Lighthouse reports go (git-ignored with the rest of test-results/). */
export const REPORTS_DIR = join(repoRoot, 'test-results', 'lighthouse');

/** Both scores must reach this, on the median of the runs. */
export const TARGET_SCORE = 95;

/** What a visitor of the measured link sees before writing anything. */
export const LINK = {
  title: 'Spoke & Chain front desk',
  description: 'Questions about a repair, an order or our opening hours.',
  welcome_message: 'Hello! Ask us about your repair, and we will answer right here.',
};

export interface WebOptions {
  pages: WebPage[];
  /** Lighthouse runs per page; the figures are their medians. */
  runs: number;
  mode: Mode;
  runtime: Runtime;
  /** Build the pages (web/dist) before starting the platform, so a stale build is never measured. */
  build: boolean;
  log: (line: string) => void;
}

/** A figure of PageFigures that has a median (the lists of lost points have not). */
type Figure = Exclude<keyof PageFigures, 'lost'>;
const FIGURES: Figure[] = ['performance', 'accessibility', 'fcpMs', 'lcpMs', 'tbtMs', 'cls', 'speedIndexMs', 'pageBytes', 'requests', 'benchmarkIndex'];

export interface PageResult {
  page: WebPage;
  url: string;
  runs: PageFigures[];
  /** Each figure's median over the runs on its own (nearest rank): not necessarily one run's. */
  median: Record<Figure, number>;
  reports: string[];
}

export interface WebReport {
  benchmark: 'web';
  startedAt: string;
  machine: MachineInfo;
  options: { pages: WebPage[]; runs: number; mode: Mode; runtime: Runtime; build: boolean };
  stack: { mode: Mode; description: string; startupS: number };
  /** Lighthouse and its emulation, e.g. "Lighthouse 12.8.2, mobile, simulate throttling: 150 ms RTT, 1,638 kbit/s, CPU ×4". */
  settings: string;
  pages: PageResult[];
  targets: TargetCheck[];
}

/** `npm run build -w @parley/web`: the pages as `npm run build` and the Docker image make them. */
async function buildPages(): Promise<void> {
  const { code, output } = await runToEnd('npm', ['run', 'build', '-w', '@parley/web'], { cwd: repoRoot });
  if (code !== 0) throw new Error(`building the pages failed (exit ${code}):\n${output}`);
}

export function medianOf(runs: PageFigures[]): Record<Figure, number> {
  return Object.fromEntries(
    FIGURES.map((figure) => [
      figure,
      percentile(
        runs.map((run) => run[figure]).sort((a, b) => a - b),
        0.5,
      ),
    ]),
  ) as Record<Figure, number>;
}

/** Both scores of each page against TARGET_SCORE, on their medians. */
export function checkScores(pages: PageResult[], mode: Mode): TargetCheck[] {
  return pages.flatMap((result) =>
    (['performance', 'accessibility'] as const).map((category) => ({
      target: `${result.page} page ${category} ≥ ${TARGET_SCORE} (median of ${result.runs.length})`,
      mode,
      measured: result.median[category],
      unit: '/ 100',
      verdict: result.median[category] >= TARGET_SCORE ? ('PASS' as const) : ('FAIL' as const),
      flagged: false,
    })),
  );
}

/**
 * The web benchmark: build the pages, start the platform, create the static-text agent and a
 * public link with a welcome message through the management API, then run Lighthouse (mobile)
 * `runs` times on each page – one after the other, the platform otherwise idle – and stop it all.
 */
export async function runWebBench(options: WebOptions): Promise<WebReport> {
  const startedAt = new Date().toISOString();
  const loadAverageAtStart = loadAverageNow();
  if (options.build) {
    options.log('building the pages (npm run build -w @parley/web)');
    await buildPages();
  }
  const starting = performance.now();
  const stack = await startStack(options.mode, { runtime: options.runtime, sessionsReplicas: 1, log: options.log });
  const startupS = Math.round((performance.now() - starting) / 100) / 10;
  options.log(`${options.mode}: ready in ${startupS} s at ${stack.url}`);
  const stamp = startedAt.replace(/[:.]/g, '-');
  const pages: PageResult[] = [];
  let settings = '';
  try {
    const agent = await seedBenchAgent(stack.url, stack.adminApiKey, 'web bench');
    const link = await managementPost(stack.url, stack.adminApiKey, `/api/agents/${BENCH_AGENT_NAME}/public-links`, LINK, agent.tenantId);
    const chatUrl = `${stack.url}/c/${link.token}`;
    // One visit first, unmeasured: the platform's first requests pay for code it has not run yet.
    for (const path of [`/c/${link.token}`, `/api/public/links/${link.token}`, '/widget.js']) await (await fetch(`${stack.url}${path}`)).arrayBuffer();

    for (const page of options.pages) {
      const host = page === 'widget' ? await startHostPage(stack.url, link.token) : undefined;
      try {
        const url = host?.url ?? chatUrl;
        const result: PageResult = { page, url, runs: [], median: medianOf([]), reports: [] };
        for (let run = 1; run <= options.runs; run += 1) {
          options.log(`${page} page: Lighthouse run ${run} of ${options.runs} (${url})`);
          const measured = await runLighthouse(url, join(REPORTS_DIR, `${page}-${stamp}-${run}`));
          stack.assertRunning();
          settings = measured.settings;
          result.runs.push(measured.figures);
          result.reports.push(...measured.reports);
          const { figures } = measured;
          options.log(
            `  performance ${figures.performance}, accessibility ${figures.accessibility}, LCP ${Math.round(figures.lcpMs)} ms, TBT ${Math.round(figures.tbtMs)} ms`,
          );
        }
        result.median = medianOf(result.runs);
        pages.push(result);
      } finally {
        await host?.close();
      }
    }
  } finally {
    await stack.stop();
  }

  return {
    benchmark: 'web',
    startedAt,
    machine: machineInfo(loadAverageAtStart),
    options: { pages: options.pages, runs: options.runs, mode: options.mode, runtime: options.runtime, build: options.build },
    stack: { mode: options.mode, description: stack.description, startupS },
    settings,
    pages,
    targets: checkScores(pages, options.mode),
  };
}
