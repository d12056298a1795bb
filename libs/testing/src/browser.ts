import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { inject } from 'vitest';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Where browser tests save their screenshots, kept out of git: one folder per test run under it
 * (`2026-11-23T07-38-14Z-a3f2`: when the run started, and its id), and `latest` linking to the
 * newest run's.
 */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

/**
 * Headless Chromium as the pages' users meet it. The flags keep it from reaching out to the
 * network at start (this machine has none beyond loopback) and let it run as root in a container.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`browser tests need Chromium at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  // Loaded here, not at the top: most test files import this package and never open a browser.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/**
 * Everything a page complains about – console errors and warnings, Content-Security-Policy
 * violations, failed requests – collected so a test can assert there is none.
 */
export async function watchPage(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`));
  // Runs in the page (a string: this file is compiled without the DOM's types).
  await page.addInitScript(
    "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))",
  );
  return problems;
}

let runFolder: Promise<string> | undefined;

/**
 * This run's screenshot folder, named from the run id the global setup gives every test file
 * (`<unix seconds><4 hex>`), so all the files of one run share it; `latest` is pointed at it.
 */
function screenshotFolder(): Promise<string> {
  runFolder ??= (async () => {
    const runId = inject('testRunId');
    const [, seconds, suffix] = /^(\d+)([0-9a-f]{4})$/.exec(runId) ?? [];
    const started = seconds ? `${new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z').replaceAll(':', '-')}-${suffix}` : runId;
    const folder = join(SCREENSHOT_DIR, started);
    await mkdir(folder, { recursive: true });
    // Replaced in one step (a rename), as test files of the same run do it side by side.
    const link = join(SCREENSHOT_DIR, `latest.${process.pid}`);
    await symlink(basename(folder), link);
    await rename(link, join(SCREENSHOT_DIR, 'latest'));
    return folder;
  })();
  return runFolder;
}

/** Saves a screenshot of the page in this run's folder under SCREENSHOT_DIR and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const path = join(await screenshotFolder(), `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

let axeSource: string | undefined;

/**
 * axe-core's serious and critical accessibility violations on the page, one line each. axe is
 * evaluated through the debugging protocol: a page's CSP allows no injected script.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
