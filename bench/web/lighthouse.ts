import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
// Lighthouse's own launcher (a dependency of the pinned lighthouse): what its CLI starts Chrome with.
import { launch } from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere, as in the browser tests. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || '/usr/bin/chromium';
}
/** Headless, runnable as root in a container, and not reaching out to the network at start (this machine has only loopback). */
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** What one Lighthouse run says of a page. Scores 0–100; times in ms; CLS unitless. */
export interface PageFigures {
  performance: number;
  accessibility: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  /** Bytes over the network for the whole load (compressed as sent). */
  pageBytes: number;
  requests: number;
  /** Lighthouse's measure of this machine's CPU (about 1,000+ on a quiet desktop): low means a busy or slow machine. */
  benchmarkIndex: number;
  /** What cost points, per category: failed audits that count towards the score, and the opportunities it lists. */
  lost: { performance: string[]; accessibility: string[] };
}

export interface LighthouseRun {
  figures: PageFigures;
  /** The report files written (JSON and HTML). */
  reports: string[];
  /** Lighthouse and the emulation it used, e.g. "Lighthouse 12.8.2, mobile, simulate throttling: 150 ms RTT, 1,638 kbit/s, CPU ×4". */
  settings: string;
}

const numeric = (lhr: Result, audit: string): number => lhr.audits[audit]?.numericValue ?? Number.NaN;

/**
 * What a category holds against the page: its weighted audits below a full score – for
 * performance below 0.9, Lighthouse's "good", since its metrics seldom score a full 1 – and, for
 * performance, the savings it lists.
 */
function lostPoints(lhr: Result, category: 'performance' | 'accessibility'): string[] {
  const lost: string[] = [];
  for (const ref of lhr.categories[category]?.auditRefs ?? []) {
    const audit = lhr.audits[ref.id];
    if (!audit || audit.score === null) continue;
    const savingsMs = audit.details && 'overallSavingsMs' in audit.details ? Number(audit.details.overallSavingsMs ?? 0) : 0;
    if (ref.weight > 0 && audit.score < (category === 'performance' ? 0.9 : 1)) {
      lost.push(`${audit.id}: ${audit.displayValue ? `${audit.displayValue}, ` : ''}score ${Math.round(audit.score * 100)}`);
    } else if (category === 'performance' && savingsMs > 0) {
      lost.push(`${audit.id}: ${audit.title} (about ${Math.round(savingsMs)} ms to save)`);
    }
  }
  return lost;
}

function describeSettings(lhr: Result): string {
  const { formFactor, throttlingMethod, throttling } = lhr.configSettings;
  const kbps = Math.round(throttling.throughputKbps ?? 0).toLocaleString('en-US');
  return `Lighthouse ${lhr.lighthouseVersion}, ${formFactor}, ${throttlingMethod} throttling: ${throttling.rttMs} ms RTT, ${kbps} kbit/s, CPU ×${throttling.cpuSlowdownMultiplier}`;
}

/**
 * One Lighthouse run (performance and accessibility) of `url` in a fresh Chromium, with
 * Lighthouse's default settings, which are the mobile ones: a phone's screen and a slow 4G
 * network with a 4× slower CPU, simulated from an unthrottled load. Both reports are written
 * as `<reportBase>.report.json` and `.report.html`.
 */
export async function runLighthouse(url: string, reportBase: string): Promise<LighthouseRun> {
  try {
    return await runLighthouseOnce(url, reportBase);
  } catch (error) {
    // The trace of the load was not recorded (NO_NAVSTART, NO_FCP on a busy machine): a failure of the
    // measurement, not of the page, which Lighthouse itself answers with "run Lighthouse again" – once.
    if (!(error instanceof Error && /could not measure .*: (NO_NAVSTART|NO_FCP|NO_TRACING_STARTED)/.test(error.message))) throw error;
    return runLighthouseOnce(url, reportBase);
  }
}

async function runLighthouseOnce(url: string, reportBase: string): Promise<LighthouseRun> {
  const chromePath = chromiumPath();
  if (!existsSync(chromePath)) throw new Error(`the web bench needs Chromium at ${chromePath}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  const chrome = await launch({ chromePath, chromeFlags: CHROMIUM_FLAGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: ['json', 'html'], logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
    if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
    const { lhr } = result;
    if (lhr.configSettings.formFactor !== 'mobile') throw new Error(`Lighthouse ran as ${lhr.configSettings.formFactor}, not mobile`);
    const [json, html] = result.report as string[];
    await mkdir(join(reportBase, '..'), { recursive: true });
    const reports = [`${reportBase}.report.json`, `${reportBase}.report.html`];
    await Promise.all([writeFile(reports[0] ?? '', json ?? ''), writeFile(reports[1] ?? '', html ?? '')]);
    // A page that could not be loaded or measured (no paint, an error page) has no score: say why.
    if (lhr.runtimeError) throw new Error(`Lighthouse could not measure ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message} (report: ${reports[0]})`);
    const score = (category: string) => Math.round((lhr.categories[category]?.score ?? Number.NaN) * 100);
    return {
      figures: {
        performance: score('performance'),
        accessibility: score('accessibility'),
        fcpMs: numeric(lhr, 'first-contentful-paint'),
        lcpMs: numeric(lhr, 'largest-contentful-paint'),
        tbtMs: numeric(lhr, 'total-blocking-time'),
        cls: numeric(lhr, 'cumulative-layout-shift'),
        speedIndexMs: numeric(lhr, 'speed-index'),
        pageBytes: numeric(lhr, 'total-byte-weight'),
        requests: (lhr.audits['network-requests']?.details as { items?: unknown[] } | undefined)?.items?.length ?? Number.NaN,
        benchmarkIndex: lhr.environment.benchmarkIndex,
        lost: { performance: lostPoints(lhr, 'performance'), accessibility: lostPoints(lhr, 'accessibility') },
      },
      reports,
      settings: describeSettings(lhr),
    };
  } finally {
    chrome.kill();
  }
}
