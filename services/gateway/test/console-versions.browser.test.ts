import { type FakeLlm, saveScreenshot, seriousViolations, startFakeLlm, watchPage } from '@parley/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import type { GatewayHarness } from './gateway-harness.js';
import { streamingAgent } from './public-link-fixtures.js';

/** The second version: the same agent with a prompt of its own, so the model's request shows which version ran. */
const DRAFT = structuredClone(streamingAgent);
DRAFT.workflow.nodes[1] = { id: 'answer', name: 'Answer', prompt: 'You are the workshop assistant of the draft.' };
/** A third, to pin a link to while it is a draft. */
const THIRD = structuredClone(streamingAgent);
THIRD.workflow.nodes[0]!.static_text = 'Draft three: ask away.';

describe("the console's versions, pinned and split links in Chromium", () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;
  let llm: FakeLlm;

  beforeAll(async () => {
    llm = await startFakeLlm();
    served = await startConsoleHarness({ llmBaseUrl: llm.url });
    ({ h, browser, base } = served);
  });
  afterAll(async () => {
    await served?.close();
    await llm?.close();
  });

  it('saves a draft, tries it in the playground, publishes it, and makes a link pinned to a draft and one split 70/30', async () => {
    const own = await h.seedTenant('Spoke & Chain');
    expect((await h.withKey(own.key, 'POST', '/api/agents', { name: 'repairs', config: streamingAgent })).status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/agents/repairs`);
    await page.getByLabel('API key').fill(own.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Versions' }).waitFor();
    const versionRow = (version: number) => page.locator(`.versions li[data-version="${version}"]`);
    await expect(versionRow(1).locator('.badge').textContent()).resolves.toBe('Active');

    // Saving the editor makes a draft: listed as such, while v1 stays the active version.
    await page.getByLabel('Config (JSON)').fill(JSON.stringify(DRAFT, null, 2));
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as draft v2.' }).waitFor();
    await expect(versionRow(2).locator('.badge').textContent()).resolves.toBe('Draft');
    await expect(versionRow(2).textContent()).resolves.not.toContain('published');
    await expect(versionRow(1).textContent()).resolves.toContain('published');
    await page.locator('.badge', { hasText: 'active: v1' }).waitFor();
    await expect(page.getByRole('heading', { name: /Config of v2/ }).textContent()).resolves.toContain('Draft');
    const saved = await h.withKey(own.key, 'GET', '/api/agents/repairs');
    expect(saved.body.versions.map((v: { version: number; state: string }) => [v.version, v.state])).toEqual([
      [1, 'published'],
      [2, 'draft'],
    ]);

    // "Open" loads a version's config into the editor.
    await page.getByRole('button', { name: 'Open v1' }).click();
    await page.getByRole('heading', { name: /Config of v1/ }).waitFor();
    await expect(page.getByLabel('Config (JSON)').inputValue()).resolves.toContain('You are a helpful assistant.');
    await page.getByRole('button', { name: 'Open v2' }).click();
    await page.getByRole('heading', { name: /Config of v2/ }).waitFor();
    await expect(page.getByLabel('Config (JSON)').inputValue()).resolves.toContain('the workshop assistant of the draft');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-versions-draft');

    // The draft in the playground: the picker is on it, and the model is asked with the draft's prompt.
    llm.setHandler(() => ({ content: 'The draft speaks: your bike is ready.' }));
    await page.getByRole('button', { name: 'Try in playground v2' }).click();
    await page.getByRole('heading', { name: 'Try repairs' }).waitFor();
    await expect(page.getByLabel('Version', { exact: true }).inputValue()).resolves.toBe('2');
    await expect(page.getByLabel('Version', { exact: true }).locator('option:checked').textContent()).resolves.toBe('v2 (draft)');
    await page.getByRole('button', { name: 'Start a session' }).click();
    await page.locator('[data-running-version="2"]', { hasText: 'Running v2 (draft).' }).waitFor();
    await page.getByLabel('Message').fill('Is my bike ready?');
    await page.keyboard.press('Enter');
    await page.locator('.turn.assistant', { hasText: 'The draft speaks: your bike is ready.' }).waitFor();
    expect(JSON.stringify(llm.requests.at(-1)?.body.messages)).toContain('the workshop assistant of the draft');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-versions-playground');

    // Publishing asks twice, then the draft is the active version.
    await page.getByRole('link', { name: 'Config & versions' }).click();
    await page.getByRole('button', { name: 'Publish v2' }).click();
    await page.getByRole('button', { name: 'Keep v2' }).click();
    await expect(page.getByRole('button', { name: 'Confirm publish v2' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Publish v2' }).click();
    await page.getByRole('button', { name: 'Confirm publish v2' }).click();
    await page.getByRole('status').filter({ hasText: 'v2 is published and active' }).waitFor();
    await page.locator('.badge', { hasText: 'active: v2' }).waitFor();
    await expect(versionRow(2).locator('.badge').textContent()).resolves.toBe('Active');
    await expect(versionRow(1).locator('.badge').textContent()).resolves.toBe('Published');
    await expect(versionRow(2).textContent()).resolves.toContain('published');

    // A third version, left a draft: the playground now starts on it by itself.
    await page.getByLabel('Config (JSON)').fill(JSON.stringify(THIRD, null, 2));
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as draft v3.' }).waitFor();
    await page.getByRole('link', { name: 'Try it' }).click();
    await expect(page.getByLabel('Version', { exact: true }).inputValue()).resolves.toBe('3');
    await page.getByRole('link', { name: 'Config & versions' }).click();
    await page.getByRole('button', { name: 'Try in playground v1' }).click();
    await expect(page.getByLabel('Version', { exact: true }).inputValue()).resolves.toBe('1');

    // A link pinned to the draft: a preview.
    await page.getByRole('link', { name: 'Public links' }).click();
    await page.getByRole('button', { name: 'New link' }).click();
    await page.getByRole('group', { name: 'Version' }).waitFor();
    await expect(page.getByLabel('Follow the published version (now v2)').isChecked()).resolves.toBe(true);
    await page.getByLabel('Title').fill('Draft preview');
    await page.getByLabel('Pin one version').check();
    await expect(page.getByLabel('Pinned version').inputValue()).resolves.toBe('3');
    await expect(page.getByLabel('Pinned version').locator('option').allTextContents()).resolves.toEqual([
      'v3 (draft – preview)',
      'v2 (published, active)',
      'v1 (published)',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create link' }).click();
    const previewUrl = await page.getByRole('textbox', { name: 'Link address' }).inputValue();
    await page.getByRole('button', { name: 'Done' }).click();
    const previewRow = page.locator('tr[data-link-id]', { hasText: 'Draft preview' });
    await expect(previewRow.locator('[data-link-version]').textContent()).resolves.toBe('Preview of draft v3');

    // A split: the form refuses what the API would, before asking it.
    await page.getByRole('button', { name: 'New link' }).click();
    await page.getByLabel('Title').fill('Spring split');
    await page.getByLabel('Split between versions').check();
    await expect(page.getByLabel('Version of row 1').inputValue()).resolves.toBe('2');
    await expect(page.getByLabel('Version of row 2').inputValue()).resolves.toBe('3');
    await page.getByLabel('Version of row 2').selectOption('2');
    await page.getByLabel('Weight of row 1').fill('0');
    await page.getByRole('button', { name: 'Create link' }).click();
    const refusals = page.locator('#link-version-problems');
    await refusals.waitFor();
    await expect(refusals.locator('li').allTextContents()).resolves.toEqual([
      'Row 1: the weight must be a whole number from 1 to 1,000.',
      'v2 is in the split twice (row 2).',
    ]);
    await expect(refusals.getAttribute('role')).resolves.toBe('alert');
    await page.getByRole('button', { name: 'Remove row 2' }).click();
    await refusals.locator('li', { hasText: 'A split needs 2 to 10 versions.' }).waitFor();
    await page.getByRole('button', { name: 'Add a version' }).click();
    await page.getByLabel('Version of row 2').selectOption('3');
    await page.getByLabel('Weight of row 1').fill('70');
    await page.getByLabel('Weight of row 2').fill('30');
    await expect(page.locator('[data-split-row] [data-share]').allTextContents()).resolves.toEqual(['70%', '30%']);
    await expect(refusals.count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-versions-split-form');
    await page.getByRole('button', { name: 'Create link' }).click();
    await page.getByRole('textbox', { name: 'Link address' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    const splitRow = page.locator('tr[data-link-id]', { hasText: 'Spring split' });
    await expect(splitRow.locator('[data-link-version]').textContent()).resolves.toBe('Split: v2 70% · v3 30%');
    // A link that follows the published version says nothing of versions.
    const listed = (await h.withKey(own.key, 'GET', '/api/agents/repairs/public-links')).body.links as { title: string; version: number | null; split: unknown }[];
    expect(listed.map((link) => [link.title, link.version, link.split]).sort()).toEqual([
      ['Draft preview', 3, null],
      [
        'Spring split',
        null,
        [
          { version: 2, weight: 70 },
          { version: 3, weight: 30 },
        ],
      ],
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-versions-links');

    // The preview link runs the draft for a visitor, while the agent's published version is v2.
    const visitor = await h.inject({ method: 'POST', url: `/api/public/chat/${new URL(previewUrl).pathname.split('/').at(-1)}`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ content: 'Hello?' }) });
    expect(visitor.status).toBe(200);
    const conversation = await h.withKey(own.key, 'GET', `/api/conversations/${visitor.body.conversation_id}`);
    expect(conversation.body.agent_version).toBe(3);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('compares versions in the analytics panel: a row per version, and how far apart their resolution is', async () => {
    const own = await h.seedTenant('Harbour Bikes');
    expect((await h.withKey(own.key, 'POST', '/api/agents', { name: 'desk', config: streamingAgent })).status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    // The analytics answer does not compare versions yet: the real report, with the comparison's fields added.
    const comparison = {
      resolution_rate: 0.615,
      versions: [
        { version: 1, sessions: 140, completion_rate: 0.71, escalation_rate: 0.12, resolution_rate: 0.58, csat_avg: 4.1, tokens: 51_200, response_ms_p50: 820 },
        { version: 2, sessions: 60, completion_rate: 0.78, escalation_rate: 0.08, resolution_rate: 0.65, csat_avg: null, tokens: 20_480, response_ms_p50: 760 },
      ],
      resolution_difference: { versions: [2, 1], estimate: 0.07, ci95: [-0.012, 0.152] },
    };
    let answer = comparison;
    await page.route('**/api/agents/desk/analytics?*', async (route) => {
      const real = await route.fetch();
      await route.fulfill({ response: real, json: { ...(await real.json()), ...answer } });
    });
    await page.goto(`${base}/console/agents/desk/analytics`);
    await page.getByLabel('API key').fill(own.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const panel = page.locator('[data-analytics="agent:desk"]');
    await panel.getByRole('heading', { name: 'Versions compared' }).waitFor();
    await expect(panel.locator('[data-figure="resolution"]').textContent()).resolves.toBe('61.5%');
    await expect(panel.locator('[data-compared-version="1"] > *').allTextContents()).resolves.toEqual(['v1', '140', '71%', '12%', '58%', '4.1', '51,200', '820 ms']);
    await expect(panel.locator('[data-compared-version="2"] > *').allTextContents()).resolves.toEqual(['v2', '60', '78%', '8%', '65%', '–', '20,480', '760 ms']);
    await expect(panel.locator('.compare-verdict').textContent()).resolves.toBe(
      'Version 2 resolves 7.0 points more than version 1 (95% CI -1.2 to +15.2 points): not yet a clear winner.',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await panel.locator('.versions-compared').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'console-versions-compared');

    // An interval clear of 0 is a real difference; a report without versions shows no table.
    answer = { ...comparison, resolution_difference: { versions: [2, 1], estimate: -0.09, ci95: [-0.15, -0.03] } };
    await page.getByLabel('Window').selectOption('30d');
    await panel.locator('.compare-verdict[data-verdict="real"]').waitFor();
    await expect(panel.locator('.compare-verdict').textContent()).resolves.toBe(
      'Version 2 resolves 9.0 points less than version 1 (95% CI -15.0 to -3.0 points): a real difference.',
    );
    answer = {} as typeof comparison;
    await page.getByLabel('Window').selectOption('24h');
    await panel.getByRole('heading', { name: 'Versions compared' }).waitFor({ state: 'detached' });
    await expect(panel.locator('[data-figure="resolution"]').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
