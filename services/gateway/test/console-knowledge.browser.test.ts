import { fileURLToPath } from 'node:url';
import { type FakeHandler, type FakeLlm, saveScreenshot, seriousViolations, startFakeLlm, watchPage } from '@parley/testing';
import { sql } from 'kysely';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import type { GatewayHarness } from './gateway-harness.js';

/**
 * The console's knowledge pages (docs/knowledge.md "In the console"), driven the real way: bases
 * and documents through the gateway into the memory service, whose worker reads them; an agent
 * whose prompt node answers from a base, tried in the playground and handed to the inbox; its
 * questions without a passage listed as knowledge gaps.
 */

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** The project's own page on knowledge bases, uploaded as a Markdown file. */
const KNOWLEDGE_MD = fileURLToPath(new URL('../../../docs/knowledge.md', import.meta.url));
const HOURS = {
  title: 'Opening hours',
  text: '# Opening hours\n\nThe harbour bookshop opens at nine and closes at six, Monday to Saturday. On Sundays the bookshop is closed.',
};
const ANSWERED = 'When does the bookshop open on Sundays?';
/** Questions that share no word with either document: nothing reaches the threshold. */
const UNANSWERED = ['Can a parrot sing opera?', 'Do owls knit woollen scarves?'];

/** The model as a node with knowledge asks it: given passages, it cites the first; told none matches, it says so. */
const model: FakeHandler = (req) => {
  const system = (req.body.messages ?? [])
    .filter((m) => m.role === 'system')
    .map((m) => (typeof m.content === 'string' ? m.content : ''))
    .join('\n');
  return { content: system.includes('[1] (') ? 'The bookshop is closed on Sundays [1].' : 'I do not know that, sorry.' };
};

/** A shop's help desk answering from the base, handing over to a person when asked for one. */
const helpDesk = (baseId: string) => ({
  llm: { model: 'fake-model' },
  workflow: {
    initial_node: 'hello',
    nodes: [
      { id: 'hello', name: 'Hello', static_text: 'Ask me about the bookshop.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
      {
        id: 'answer',
        name: 'Answer',
        prompt: 'You answer questions about the bookshop.',
        knowledge: { bases: [baseId], top_k: 2 },
        transitions: [
          { to: 'human', condition: 'contains:a person' },
          { to: 'answer', condition: 'user_responded' },
        ],
      },
      { id: 'human', name: 'Person', type: 'handoff', handoff_reason: 'Asked for a person', static_text: 'A colleague will take over.', transitions: [] },
    ],
  },
});

/**
 * Holds the reading of every document at its last step – writing its passages – until `release`:
 * the passages' table is locked, so a document stays `processing` for as long as the test looks
 * at it, whatever the machine's speed. Adding and listing documents go on meanwhile.
 */
/** Holds not yet released: let go before the harness stops, whatever a failing test left behind. */
const holds = new Set<() => Promise<void>>();

async function holdReading(h: GatewayHarness): Promise<() => Promise<void>> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const held = h.db.transaction().execute(async (trx) => {
    await sql`LOCK TABLE knowledge_chunks IN EXCLUSIVE MODE`.execute(trx);
    locked();
    await released;
  });
  await Promise.race([isLocked, held]);
  const letGo = async () => {
    holds.delete(letGo);
    release();
    await held;
  };
  holds.add(letGo);
  return letGo;
}

/** How far the page, or a table in it, is wider than the screen (0: every column in sight, nothing runs past the edge). */
const overflow = (page: Page) =>
  page.evaluate(
    "Math.max(document.documentElement.scrollWidth - document.documentElement.clientWidth, ...[...document.querySelectorAll('.table-scroll')].map((t) => t.scrollWidth - t.clientWidth))",
  ) as Promise<number>;

describe('knowledge bases in the console, in Chromium', () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let llm: FakeLlm;
  let browser: Browser;
  let base: string;
  let owner: string;
  let viewer: string;
  /** The base the first test makes, and what it holds, for the tests after it. */
  let baseId = '';
  let hoursId = '';

  beforeAll(async () => {
    llm = await startFakeLlm();
    llm.setHandler(model);
    served = await startConsoleHarness({ live: {}, llmBaseUrl: llm.url });
    ({ h, browser, base } = served);
    ({ key: owner } = await h.seedTenant('Harbour Books'));
    const minted = await h.withKey(owner, 'POST', '/api/keys', { name: 'Board member', role: 'viewer' });
    expect(minted.status).toBe(201);
    viewer = minted.body.key;
  });
  afterAll(async () => {
    await Promise.all([...holds].map((letGo) => letGo()));
    await served?.close();
    await llm?.close();
  });

  /** A fresh browser at `viewport`, signed in with `key` at `path`. */
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

  const documentsOf = async (id: string) =>
    (await h.withKey(owner, 'GET', `/api/knowledge/${id}/documents`)).body.documents as { id: string; title: string; status: string; chunks: number }[];

  it('an editor creates, renames and deletes bases; uploads a Markdown file and pastes text, each read while the page looks on; searches; deletes a document', async () => {
    const { context, page, problems } = await signIn(owner, '/console/knowledge');
    await page.getByRole('heading', { name: 'Knowledge', level: 1 }).waitFor();
    await page.getByText('No knowledge bases yet. Create one').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // A base: a name and one of the languages PostgreSQL stems.
    await page.getByLabel('Name').fill('Help centre');
    await page.getByLabel('Language').selectOption('english');
    await page.getByRole('button', { name: 'Create knowledge base' }).click();
    await page.getByRole('status').filter({ hasText: '“Help centre” is ready for its documents.' }).waitFor();
    const row = page.locator('tr[data-base-id]', { hasText: 'Help centre' });
    await expect(row.locator('[data-language]').textContent()).resolves.toBe('English');
    baseId = (await row.getAttribute('data-base-id')) ?? '';
    expect(baseId).toMatch(/^kb_/);

    // Renamed; then a second base, deleted after a second click.
    await page.getByRole('button', { name: 'Change Help centre' }).click();
    await page.getByRole('heading', { name: 'Change Help centre' }).waitFor();
    await page.getByLabel('Name').fill('Harbour help');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: '“Harbour help” is saved.' }).waitFor();
    await expect(h.withKey(owner, 'GET', `/api/knowledge/${baseId}`).then((r) => r.body)).resolves.toMatchObject({ name: 'Harbour help', language: 'english' });
    await page.getByLabel('Name').fill('Scratch');
    await page.getByRole('button', { name: 'Create knowledge base' }).click();
    const scratch = page.locator('tr[data-base-id]', { hasText: 'Scratch' });
    await scratch.waitFor();
    const scratchId = await scratch.getAttribute('data-base-id');
    await scratch.getByRole('button', { name: 'Delete Scratch' }).click();
    await scratch.getByRole('button', { name: 'Confirm delete Scratch' }).click();
    await page.getByRole('status').filter({ hasText: '“Scratch” is deleted, with its documents.' }).waitFor();
    await expect(scratch.count()).resolves.toBe(0);
    expect((await h.withKey(owner, 'GET', `/api/knowledge/${scratchId}`)).status).toBe(404);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-knowledge-bases-desktop');

    // The base's page: no documents yet.
    await page.getByRole('link', { name: 'Harbour help' }).click();
    await page.getByRole('heading', { name: 'Harbour help', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/console/knowledge/${baseId}`);
    await page.getByText('No documents yet: add a file').waitFor();
    // Marks this page: a reload would forget it.
    await page.evaluate('window.notReloaded = true');

    // A Markdown file: `processing` while it is read, then ready with its passages – the list follows by itself.
    let release = await holdReading(h);
    await page.getByLabel('File', { exact: true }).setInputFiles(KNOWLEDGE_MD);
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByRole('status').filter({ hasText: '“knowledge” is added: the list shows when it is read.' }).waitFor();
    const manual = page.locator('tr[data-document-id]', { hasText: 'knowledge' });
    await expect(manual.getAttribute('data-status')).resolves.toBe('processing');
    await expect(manual.locator('.document-status .badge').textContent()).resolves.toBe('Reading…');
    await page.getByRole('status').filter({ hasText: 'Reading 1 document: the list refreshes by itself.' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-knowledge-reading-desktop');
    await release();
    await page.locator('tr[data-status="ready"]', { hasText: 'knowledge' }).waitFor();
    const [read] = await documentsOf(baseId);
    expect(read).toMatchObject({ title: 'knowledge', status: 'ready' });
    expect(read?.chunks).toBeGreaterThan(5);
    await expect(manual.locator('.document-status .badge').textContent()).resolves.toBe('Ready');
    await expect(manual.locator('[data-passages]').textContent()).resolves.toBe(`${read?.chunks} passages`);

    // Pasted text with its title: the same, one passage.
    release = await holdReading(h);
    await page.getByLabel('Pasted text').check();
    await page.getByLabel('Title', { exact: true }).fill(HOURS.title);
    await page.getByLabel('Text', { exact: true }).fill(HOURS.text);
    await page.getByRole('button', { name: 'Add text' }).click();
    const hours = page.locator('tr[data-document-id]', { hasText: HOURS.title });
    await hours.waitFor();
    await expect(hours.getAttribute('data-status')).resolves.toBe('processing');
    await release();
    await page.locator('tr[data-status="ready"]', { hasText: HOURS.title }).waitFor();
    await expect(hours.locator('[data-passages]').textContent()).resolves.toBe('1 passage');
    hoursId = (await hours.getAttribute('data-document-id')) ?? '';
    await expect(page.locator('[data-counts]').textContent()).resolves.toBe(`2 documents · ${(read?.chunks ?? 0) + 1} passages`);
    await page.getByRole('status').filter({ hasText: 'Reading' }).waitFor({ state: 'detached' });
    expect(await page.evaluate('window.notReloaded')).toBe(true);

    // A web page the memory service may not fetch (a loopback address): failed, saying why.
    await page.getByLabel('A web page').check();
    await page.getByLabel('Address').fill('http://127.0.0.1:9/returns');
    await page.getByRole('button', { name: 'Add page' }).click();
    const page9 = page.locator('tr[data-document-id]', { hasText: '127.0.0.1:9/returns' });
    await page.locator('tr[data-status="failed"]', { hasText: '127.0.0.1:9/returns' }).waitFor();
    await expect(page9.locator('.badge').textContent()).resolves.toBe('Failed');
    await expect(page9.locator('.document-error').textContent()).resolves.toMatch(/\w+/);

    // The search: a passage of the pasted document, best first; then a question nothing answers.
    await page.getByLabel('Question', { exact: true }).fill(ANSWERED);
    await page.getByRole('button', { name: 'Search' }).click();
    const best = page.locator('ol.passages li').first();
    await best.waitFor();
    await expect(best.getAttribute('data-document-id')).resolves.toBe(hoursId);
    await expect(best.locator('.passage-source').textContent()).resolves.toMatch(/^Opening hours · Opening hours score \d\.\d\d$/);
    await expect(best.locator('.passage-text').textContent()).resolves.toContain('On Sundays the bookshop is closed.');
    expect(await seriousViolations(page)).toEqual([]);
    await best.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'console-knowledge-base-desktop');
    await page.getByLabel('Question', { exact: true }).fill(UNANSWERED[0] ?? '');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('[data-search="none"]', { hasText: 'No passage scores the base’s threshold (0.20) or more' }).waitFor();
    await expect(page.locator('ol.passages').count()).resolves.toBe(0);

    // The failed page deleted, after a second click.
    await page9.getByRole('button', { name: /^Delete / }).click();
    await page9.getByRole('button', { name: /^Confirm delete / }).click();
    await page.getByRole('status').filter({ hasText: 'is deleted, with its passages.' }).waitFor();
    await expect(page9.count()).resolves.toBe(0);
    expect((await documentsOf(baseId)).map((d) => d.title).sort()).toEqual([HOURS.title, 'knowledge']);

    // The list counts what the base holds.
    await page.getByRole('link', { name: 'Knowledge', exact: true }).first().click();
    const listed = page.locator(`tr[data-base-id="${baseId}"]`);
    await expect(listed.locator('[data-count="documents"]').textContent()).resolves.toBe('2 documents');
    await expect(listed.locator('[data-count="chunks"]').textContent()).resolves.toBe(`${(read?.chunks ?? 0) + 1} passages`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an agent answering from the base shows its sources in the playground and the inbox, and lists the questions it had nothing for', async () => {
    expect((await h.withKey(owner, 'POST', '/api/agents', { name: 'bookshop', config: helpDesk(baseId) })).status).toBe(201);
    const { context, page, problems } = await signIn(owner, '/console/agents/bookshop/try');
    await page.getByRole('button', { name: 'Start a session' }).click();
    await page.locator('.turn.assistant', { hasText: 'Ask me about the bookshop.' }).waitFor();
    const say = async (text: string) => {
      const turns = await page.locator('.turn.assistant').count();
      await page.getByLabel('Message').fill(text);
      await page.keyboard.press('Enter');
      await page.locator('.turn.assistant').nth(turns).waitFor();
      return page.locator('.turn.assistant').nth(turns);
    };

    // An answer from the base: its sources under it, the marker kept in its words.
    const answered = await say(ANSWERED);
    await expect(answered.locator('.said').textContent()).resolves.toContain('closed on Sundays [1]');
    await expect(answered.locator('.sources-title').textContent()).resolves.toBe('Sources');
    await expect(answered.locator('.sources li').allTextContents()).resolves.toEqual(['[1] Opening hours']);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-knowledge-playground-desktop');
    // Questions the base has nothing for: no sources, and each a gap.
    for (const question of UNANSWERED) {
      const unanswered = await say(question);
      await expect(unanswered.locator('.said').textContent()).resolves.toContain('I do not know that');
      await expect(unanswered.locator('.sources').count()).resolves.toBe(0);
    }
    await say('Can I talk to a person, please?');

    // The agent's knowledge gaps: newest first, with the base searched.
    await page.getByRole('link', { name: 'Knowledge gaps' }).click();
    await page.getByRole('heading', { name: 'Knowledge gaps' }).waitFor();
    const gaps = page.locator('tr[data-gap]');
    await gaps.nth(1).waitFor();
    await expect(gaps.locator('.gap-question').allTextContents()).resolves.toEqual([...UNANSWERED].reverse());
    // The base searched, by its name, opening its page.
    await expect(gaps.first().getByRole('link', { name: 'Harbour help' }).getAttribute('href')).resolves.toBe(`/console/knowledge/${baseId}`);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-knowledge-gaps-desktop');

    // The conversation handed over: the operator reads the answer with its sources.
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.locator('.inbox-list a', { hasText: 'Asked for a person' }).click();
    const line = page.locator('.history .bubble.assistant', { hasText: 'closed on Sundays' });
    await line.locator('.sources').waitFor();
    await expect(line.locator('.sources li').allTextContents()).resolves.toEqual(['[1] Opening hours']);
    await expect(page.locator('.history .sources').count()).resolves.toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await line.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'console-knowledge-inbox-desktop');
    // Leaving the inbox would cut its event stream; the context closes with it open.
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a viewer reads the bases, their documents and gaps, and searches, with no button that changes them', async () => {
    const { context, page, problems } = await signIn(viewer, '/console/knowledge');
    const row = page.locator(`tr[data-base-id="${baseId}"]`);
    await row.waitFor();
    await expect(page.getByRole('heading', { name: 'New knowledge base' }).count()).resolves.toBe(0);
    await expect(
      page
        .getByRole('button')
        .filter({ hasText: /Change|Delete/ })
        .count(),
    ).resolves.toBe(0);
    await row.getByRole('link', { name: 'Harbour help' }).click();
    await page.locator('tr[data-document-id]', { hasText: HOURS.title }).waitFor();
    await expect(page.getByRole('heading', { name: 'Add a document' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /Delete/ }).count()).resolves.toBe(0);
    await page.getByLabel('Question', { exact: true }).fill(ANSWERED);
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page.locator('ol.passages li').first().getAttribute('data-document-id')).resolves.toBe(hoursId);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-knowledge-viewer-desktop');
    await page.goto(`${base}/console/agents/bookshop/knowledge-gaps`);
    await page.locator('tr[data-gap]').nth(1).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a phone: the list, the base with its form and search, and the gaps fit the screen', async () => {
    const { context, page, problems } = await signIn(owner, '/console/knowledge', PHONE);
    await page.locator(`tr[data-base-id="${baseId}"]`).waitFor();
    await saveScreenshot(page, 'console-knowledge-bases-phone');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Harbour help' }).click();
    await page.locator('tr[data-status="ready"]', { hasText: HOURS.title }).waitFor();
    await saveScreenshot(page, 'console-knowledge-base-phone');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByLabel('Pasted text').check();
    await page.getByLabel('Text', { exact: true }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'console-knowledge-add-phone');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.getByLabel('Question', { exact: true }).fill(ANSWERED);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('ol.passages li').first().scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'console-knowledge-search-phone');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${base}/console/agents/bookshop/knowledge-gaps`);
    await page.locator('tr[data-gap]').nth(1).waitFor();
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    // The tabs scroll sideways: the open one is in sight.
    const tab = await page.getByRole('link', { name: 'Knowledge gaps' }).boundingBox();
    expect((tab?.x ?? 0) + (tab?.width ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-knowledge-gaps-phone');
    expect(problems).toEqual([]);
    await context.close();
  });
});
