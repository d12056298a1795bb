import type { AnalyticsReport } from '@parley/contracts';
import { type FakeLlm, saveScreenshot, seriousViolations, startFakeLlm, waitFor, watchPage } from '@parley/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiSession, endSession, outcomesAgent, say } from '../src/routes/management/analytics/outcomes.test-kit.js';
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
    // The agent is read again after the save: the picker follows it to the new draft.
    await waitFor(async () => (await page.getByLabel('Version', { exact: true }).inputValue()) === '3', { timeoutMs: 10_000 });
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
    const listed = (await h.withKey(own.key, 'GET', '/api/agents/repairs/public-links')).body.links as {
      title: string;
      version: number | null;
      split: unknown;
    }[];
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
    const visitor = await h.inject({
      method: 'POST',
      url: `/api/public/chat/${new URL(previewUrl).pathname.split('/').at(-1)}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ content: 'Hello?' }),
    });
    expect(visitor.status).toBe(200);
    const conversation = await h.withKey(own.key, 'GET', `/api/conversations/${visitor.body.conversation_id}`);
    expect(conversation.body.agent_version).toBe(3);

    // After the test, the split ends from the link's row: the editor opens on what the link runs now.
    const linkNamed = async (title: string) => {
      const all = (await h.withKey(own.key, 'GET', '/api/agents/repairs/public-links')).body.links as {
        id: string;
        title: string;
        version: number | null;
        split: unknown;
      }[];
      return all.find((link) => link.title === title);
    };
    const splitId = (await linkNamed('Spring split'))!.id;
    const editButton = splitRow.getByRole('button', { name: 'Version… Spring split' });
    const editor = page.getByRole('form', { name: 'Version of “Spring split”' });
    await editButton.click();
    await editor.waitFor();
    await expect(editButton.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(editor.getByLabel('Split between versions').isChecked()).resolves.toBe(true);
    await editor.locator('input[type="radio"][value="split"]:focus').waitFor();
    await expect(editor.locator('[data-split-row] [data-share]').allTextContents()).resolves.toEqual(['70%', '30%']);
    await expect(editor.getByLabel('Version of row 1').inputValue()).resolves.toBe('2');
    await expect(editor.getByLabel('Version of row 2').inputValue()).resolves.toBe('3');

    // A split the API would refuse stays in the editor with its reason, and nothing is sent.
    await editor.getByLabel('Version of row 2').selectOption('2');
    await editor.getByRole('button', { name: 'Save' }).click();
    const editorRefusals = editor.locator(`#link-version-${splitId}-problems`);
    await expect(editorRefusals.locator('li').allTextContents()).resolves.toEqual(['v2 is in the split twice (row 2).']);
    await expect(editorRefusals.getAttribute('role')).resolves.toBe('alert');
    expect((await linkNamed('Spring split'))!.split).toEqual([
      { version: 2, weight: 70 },
      { version: 3, weight: 30 },
    ]);
    await editor.getByLabel('Version of row 2').selectOption('3');
    await editor.getByLabel('Weight of row 1').fill('45');
    await editor.getByLabel('Weight of row 2').fill('15');
    await expect(editor.locator('[data-split-row] [data-share]').allTextContents()).resolves.toEqual(['75%', '25%']);
    await expect(editorRefusals.count()).resolves.toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await editor.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'console-versions-link-editor');

    // Cancel leaves the link as it was and gives the focus back to the row's button.
    await editor.getByRole('button', { name: 'Cancel' }).click();
    await expect(editor.count()).resolves.toBe(0);
    await splitRow.locator('[data-edit-version]:focus').waitFor();
    await expect(splitRow.locator('[data-link-version]').textContent()).resolves.toBe('Split: v2 70% · v3 30%');

    // Keep the winner: pin v2.
    await editButton.click();
    await expect(editor.locator('[data-split-row] [data-share]').allTextContents()).resolves.toEqual(['70%', '30%']);
    await editor.getByLabel('Pin one version').check();
    await editor.getByLabel('Pinned version').selectOption('2');
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: '“Spring split”: Pinned to v2.' }).waitFor();
    await expect(editor.count()).resolves.toBe(0);
    await expect(splitRow.locator('[data-link-version]').textContent()).resolves.toBe('Pinned to v2');
    await splitRow.locator('[data-edit-version]:focus').waitFor();
    const pinned = await linkNamed('Spring split');
    expect([pinned!.version, pinned!.split]).toEqual([2, null]);

    // Then back to following the published version: the row says nothing of versions.
    await editButton.click();
    await expect(editor.getByLabel('Pin one version').isChecked()).resolves.toBe(true);
    await expect(editor.getByLabel('Pinned version').inputValue()).resolves.toBe('2');
    await editor.getByLabel('Follow the published version (now v2)').check();
    await editor.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: '“Spring split”: Follows the published version.' }).waitFor();
    await expect(splitRow.locator('[data-link-version]').count()).resolves.toBe(0);
    const following = await linkNamed('Spring split');
    expect([following!.version, following!.split]).toEqual([null, null]);

    // The API's own refusal shows in the editor: here the link was deleted elsewhere meanwhile.
    // Right after the list's periodic read, so that the next one (5 s on) cannot take the row away first.
    const previewId = (await linkNamed('Draft preview'))!.id;
    await previewRow.getByRole('button', { name: 'Version… Draft preview' }).click();
    const previewEditor = page.getByRole('form', { name: 'Version of “Draft preview”' });
    await expect(previewEditor.getByLabel('Pinned version').inputValue()).resolves.toBe('3');
    await previewEditor.getByLabel('Pinned version').selectOption('2');
    await page.waitForResponse((response) => response.request().method() === 'GET' && new URL(response.url()).pathname === '/api/agents/repairs/public-links');
    expect((await h.withKey(own.key, 'DELETE', `/api/agents/repairs/public-links/${previewId}`)).status).toBe(204);
    await previewEditor.getByRole('button', { name: 'Save' }).click();
    const refusal = previewEditor.locator(`#link-version-${previewId}-refusal`);
    await expect(refusal.textContent()).resolves.toBe('link not found');
    await expect(refusal.getAttribute('role')).resolves.toBe('alert');
    await expect(previewEditor.getByLabel('Pinned version').inputValue()).resolves.toBe('2');
    // The browser's own note of that 404 is the page's only complaint.
    expect(problems).toEqual(['error: Failed to load resource: the server responded with a status of 404 (Not Found)']);
    await context.close();
    // Many steps through a running platform: 24.5 s in a full run on a loaded machine, past 30 in another.
  }, 90_000);

  it('compares versions in the analytics panel from the sessions they ran: a row per version, and how far apart their resolution is', async () => {
    const own = await h.seedTenant('Harbour Bikes');
    const created = await h.withKey(own.key, 'POST', '/api/agents', { name: 'desk', config: outcomesAgent });
    expect(created.status, created.text).toBe(201);
    const desk = { tenantId: own.tenantId, agentId: created.body.id as string };
    const greeting = {
      workflow: {
        ...outcomesAgent.workflow,
        nodes: outcomesAgent.workflow.nodes.map((n) => (n.id === 'ask' ? { ...n, static_text: 'Hello! What can I do for you?' } : n)),
      },
    };
    const second = await h.withKey(own.key, 'POST', '/api/agents/desk/versions', { config: greeting });
    expect(second.status, second.text).toBe(201);
    expect(second.body.version).toBe(2);

    // Text Chat API sessions pinned to each version. Version 1: 3 of 10 visitors leave happy ("bye"),
    // 7 ask for a person first; version 2, with its new greeting: 9 of 10 leave happy.
    const plan = [
      { version: 1, happy: 3, escalated: 7 },
      { version: 2, happy: 9, escalated: 1 },
    ];
    const runs = plan.flatMap(({ version, happy, escalated }) => [
      ...Array.from({ length: happy }, () => async () => {
        const s = await apiSession(h, desk, version);
        await say(h, s.sessionId, 'bye');
      }),
      ...Array.from({ length: escalated }, () => async () => {
        const s = await apiSession(h, desk, version);
        await say(h, s.sessionId, 'a human please');
        await endSession(h, s.sessionId);
      }),
    ]);
    for (let i = 0; i < runs.length; i += 10) await Promise.all(runs.slice(i, i + 10).map((run) => run()));

    // Analytics take the sessions' events in batches: ask until all 20 have ended there.
    const settled = (body: AnalyticsReport) => body.sessions.completed === 20 && body.sessions.resolved === 12;
    const report = await waitFor(
      async () => {
        const answer = await h.withKey<AnalyticsReport>(own.key, 'GET', '/api/agents/desk/analytics?bucket=hour');
        expect(answer.status, answer.text).toBe(200);
        return settled(answer.body) && answer.body;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    // What the API answers is what those sessions came to.
    expect(report.sessions).toMatchObject({ started: 20, completed: 20, escalated: 8, resolved: 12 });
    expect(report.resolution_rate).toBe(0.6);
    expect(report.versions).toEqual([
      {
        version: 1,
        sessions: 10,
        completion_rate: 1,
        escalation_rate: 0.7,
        resolution_rate: 0.3,
        csat_avg: null,
        tokens: 0,
        cost: { usd: 0 },
        response_ms_p50: expect.any(Number),
      },
      {
        version: 2,
        sessions: 10,
        completion_rate: 1,
        escalation_rate: 0.1,
        resolution_rate: 0.9,
        csat_avg: null,
        tokens: 0,
        cost: { usd: 0 },
        response_ms_p50: expect.any(Number),
      },
    ]);
    // rate(v1) − rate(v2), lower version first: negative, and its interval below 0 (version 2 does better).
    const difference = report.resolution_difference!;
    expect(difference.versions).toEqual([1, 2]);
    expect(difference.estimate).toBe(-0.6);
    expect(difference.ci95[0]).toBeLessThan(-0.6);
    expect(difference.ci95[1]).toBeGreaterThan(-0.6);
    expect(difference.ci95[1]).toBeLessThan(0);

    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/agents/desk/analytics`);
    await page.getByLabel('API key').fill(own.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const panel = page.locator('[data-analytics="agent:desk"]');
    await panel.getByRole('heading', { name: 'Versions compared' }).waitFor();
    await expect(panel.locator('[data-figure="resolution"]').textContent()).resolves.toBe('60%');
    // Each row as the API gave it.
    const english = new Intl.NumberFormat('en-US');
    for (const v of report.versions!) {
      await expect(panel.locator(`[data-compared-version="${v.version}"] > *`).allTextContents()).resolves.toEqual([
        `v${v.version}`,
        String(v.sessions),
        '100%',
        `${Math.round(v.escalation_rate * 100)}%`,
        `${Math.round(v.resolution_rate * 100)}%`,
        '–',
        '0',
        `${english.format(v.response_ms_p50!)} ms`,
      ]);
    }
    await expect(panel.locator('[data-compared-version] > th').allTextContents()).resolves.toEqual(['v1', 'v2']);
    // The verdict is told from the version that resolves more: version 2, by the estimate's and interval's own numbers turned round.
    const pts = (fraction: number) => (fraction * 100).toFixed(1);
    await expect(panel.locator('.compare-verdict').textContent()).resolves.toBe(
      `Version 2 resolves ${pts(-difference.estimate)} points more than version 1 (95% CI +${pts(-difference.ci95[1])} to +${pts(-difference.ci95[0])} points): a real difference.`,
    );
    await expect(panel.locator('.compare-verdict').getAttribute('data-verdict')).resolves.toBe('real');
    expect(await seriousViolations(page)).toEqual([]);
    await panel.locator('.versions-compared').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'console-versions-compared');

    // An agent whose sessions all ran its one version: the API compares nothing, and the panel shows no table.
    const single = await h.withKey(own.key, 'POST', '/api/agents', { name: 'counter', config: outcomesAgent });
    expect(single.status, single.text).toBe(201);
    for (const content of ['bye', 'bye', 'a human please']) {
      const s = await apiSession(h, { tenantId: own.tenantId, agentId: single.body.id });
      await say(h, s.sessionId, content);
      if (content !== 'bye') await endSession(h, s.sessionId);
    }
    const alone = await waitFor(
      async () => {
        const answer = await h.withKey<AnalyticsReport>(own.key, 'GET', '/api/agents/counter/analytics?bucket=hour');
        return answer.body.sessions.completed === 3 && answer.body;
      },
      { timeoutMs: 15_000, intervalMs: 100 },
    );
    expect(alone.resolution_rate).toBe(0.6667);
    expect(alone).not.toHaveProperty('versions');
    expect(alone).not.toHaveProperty('resolution_difference');
    await page.goto(`${base}/console/agents/counter/analytics`);
    const counter = page.locator('[data-analytics="agent:counter"]');
    await expect(counter.locator('[data-figure="resolution"]').textContent()).resolves.toBe('66.7%');
    await expect(counter.locator('[data-figure="sessions"]').textContent()).resolves.toBe('3');
    await expect(counter.locator('.versions-compared').count()).resolves.toBe(0);
    await expect(counter.getByRole('heading', { name: 'Versions compared' }).count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});
