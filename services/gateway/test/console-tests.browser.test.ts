import { saveScreenshot, seriousViolations, watchPage } from '@parley/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAgentConfig, demoSuite, finishedRun } from '../src/routes/management/agents/evaluations.test-kit.js';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import type { GatewayHarness } from './gateway-harness.js';

/** The agent page's tests tab (docs/evaluations.md): the suite, a run on a version, each turn's expectation beside what happened. */

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

describe('console: an agent’s tests', () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;
  let owner: string;
  let viewer: string;

  beforeAll(async () => {
    served = await startConsoleHarness({ testRuns: { pollIntervalMs: 100 } });
    ({ h, browser, base } = served);
    ({ key: owner } = await h.seedTenant('Tested Desk'));
    await h.withKey(owner, 'POST', '/api/agents', { name: 'demo', config: demoAgentConfig });
    await h.withKey(owner, 'POST', '/api/agents/demo/tests', demoSuite);
    const broken = structuredClone(demoAgentConfig);
    const menu = broken.workflow.nodes.find((node) => node.id === 'menu') as { transitions: Array<{ to: string; condition: string }> };
    menu.transitions = menu.transitions.map((t) => (t.condition === 'intent:pricing' ? { ...t, to: 'support' } : t));
    await h.withKey(owner, 'POST', '/api/agents/demo/versions', { config: broken });
    viewer = (await h.withKey(owner, 'POST', '/api/keys', { name: 'Board', role: 'viewer' })).body.key;
  });
  afterAll(async () => served?.close());

  async function signIn(key: string, path: string, viewport = DESKTOP): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = await watchPage(page);
    await page.goto(`${base}${path}`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.who .person').waitFor();
    return { context, page, problems };
  }

  it('an editor runs the suite on a draft that breaks a transition and sees the turn that failed, then on version 1 on a phone', async () => {
    const { context, page, problems } = await signIn(owner, '/console/agents/demo/tests');
    await page.getByRole('heading', { name: 'Tests', level: 2 }).waitFor();
    await page.getByRole('cell', { name: demoSuite.name }).waitFor();
    await page.getByLabel('Version', { exact: true }).selectOption('2');
    await page.getByRole('button', { name: 'Run tests' }).click();
    await page.locator('[data-run="failed"]').waitFor();
    const failed = page.locator('[data-test-result="failed"] tr[data-turn="2"]');
    expect(await failed.locator('[data-failure]').allTextContents()).toContain("turn 2: expected node 'pricing', was 'support'");
    expect(await failed.locator('td').nth(2).textContent()).toContain('node pricing');
    expect(await page.locator('tr[data-turn="1"][data-failed]').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-tests-failed-desktop');
    await context.close();

    const phone = await signIn(owner, '/console/agents/demo/tests', PHONE);
    await phone.page.getByLabel('Version', { exact: true }).selectOption('1');
    await phone.page.getByRole('button', { name: 'Run tests' }).click();
    await phone.page.locator('[data-run="passed"]').waitFor();
    expect(await phone.page.locator('[data-run="passed"]').getByText('1 passed, 0 failed').count()).toBe(1);
    // The run heads the list of runs, marked as the one shown, and its line follows it to the end.
    await phone.page.locator('table.test-runs tbody tr[data-status="passed"][aria-current="true"]').waitFor();
    const newest = phone.page.locator('table.test-runs tbody tr').first();
    expect([await newest.getAttribute('data-status'), await newest.getAttribute('aria-current')]).toEqual(['passed', 'true']);
    expect(await seriousViolations(phone.page)).toEqual([]);
    await phone.page.locator('[data-test-result="passed"] summary').click();
    await saveScreenshot(phone.page, 'console-tests-passed-phone');
    await phone.context.close();

    // A later visit lists the agent's runs, newest first, and shows any of them again.
    const later = await signIn(owner, '/console/agents/demo/tests');
    const rows = later.page.locator('table.test-runs tbody tr');
    await rows.nth(1).waitFor();
    expect(await rows.evaluateAll((trs) => trs.map((tr) => [tr.children[1]?.textContent, tr.getAttribute('data-status')]))).toEqual([
      ['1', 'passed'],
      ['2', 'failed'],
    ]);
    expect(await later.page.locator('[data-run]').count()).toBe(0);
    await rows.nth(1).scrollIntoViewIfNeeded();
    await saveScreenshot(later.page, 'console-tests-history-desktop');
    await rows
      .nth(1)
      .getByRole('button', { name: /^Show the run of version 2 started / })
      .click();
    const shown = later.page.locator('[data-run="failed"]');
    await shown.waitFor();
    expect(await shown.locator('[data-test-result="failed"] tr[data-turn="2"] [data-failure]').allTextContents()).toContain(
      "turn 2: expected node 'pricing', was 'support'",
    );
    expect(await rows.nth(1).getAttribute('aria-current')).toBe('true');
    // Shown above the list where it was picked: brought into view, with the focus.
    await later.page.waitForFunction("document.activeElement?.getAttribute('data-run') === 'failed'");
    expect(await seriousViolations(later.page)).toEqual([]);
    await saveScreenshot(later.page, 'console-tests-history-shown-desktop');
    await later.context.close();
    expect([...problems, ...phone.problems, ...later.problems]).toEqual([]);
  }, 60_000);

  it('a viewer reads the tests and their runs, and is told running them needs an editor', async () => {
    const run = await finishedRun(h, owner, 'demo', 1);
    const { context, page, problems } = await signIn(viewer, '/console/agents/demo/tests', PHONE);
    await page.getByRole('cell', { name: demoSuite.name }).waitFor();
    await page.getByText('Running tests needs the editor role.').waitFor();
    expect(await page.getByRole('button', { name: 'Run tests' }).count()).toBe(0);
    // A run an editor made, shown on a click.
    await page.locator(`table.test-runs tr[data-run-id="${run.body.id}"]`).getByRole('button').click();
    await page.locator('[data-run="passed"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-tests-history-viewer-phone');
    await context.close();
    expect(problems).toEqual([]);
  }, 30_000);
});
