import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsWhen, frontDeskAgent } from '../src/routes/management/analytics/analytics.test-kit.js';
import { parseCsv, textChat } from '../src/routes/management/exports/csv-export.test-kit.js';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import type { GatewayHarness } from './gateway-harness.js';

/** Clicks a panel's "Export CSV" and answers the saved file's name and rows (header first). */
async function exported(page: Page, scope: ReturnType<Page['locator']>): Promise<{ name: string; rows: string[][] }> {
  const saved = page.waitForEvent('download');
  await scope.getByRole('button', { name: 'Export CSV' }).click();
  const download = await saved;
  const path = await download.path();
  return { name: download.suggestedFilename(), rows: parseCsv(await readFile(path, 'utf8')) };
}

describe("the console's CSV exports in Chromium", () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    served = await startConsoleHarness();
    ({ h, browser, base } = served);
  });
  afterAll(() => served?.close());

  it('downloads transcripts (with progress and a Cancel), analytics and the audit log as CSV files', async () => {
    const own = await h.seedTenant('Harbour Tours');
    const made = await h.withKey(own.key, 'POST', '/api/agents', { name: 'bookings', config: frontDeskAgent });
    expect(made.status).toBe(201);
    const agent = { tenantId: own.tenantId, agentId: made.body.id as string, name: 'bookings' };
    const session = await textChat(h, agent, ['hello', 'a "quoted", line']);
    // A long conversation, so the download takes a while under a slow network.
    const [{ id: conversationId, message_count: count }] = (await h.ctx.db
      .selectFrom('text_conversations')
      .select(['id', 'message_count'])
      .where('session_id', '=', session)
      .execute()) as [{ id: string; message_count: number }];
    const long = Array.from({ length: 3_000 - count }, (_, i) => ({
      id: randomUUID(),
      conversation_id: conversationId,
      sequence: count + i,
      role: (i % 2 === 0 ? 'user' : 'assistant') as 'user' | 'assistant',
      content: `message ${count + i}: ${'lorem ipsum '.repeat(8)}`,
      node_id: 'ask',
    }));
    for (let i = 0; i < long.length; i += 500)
      await h.ctx.db
        .insertInto('text_conversation_messages')
        .values(long.slice(i, i + 500))
        .execute();
    await sql`UPDATE text_conversations SET message_count = 3000 WHERE id = ${conversationId}`.execute(h.ctx.db);
    await analyticsWhen(h, '/api/agents/bookings/analytics', own.tenantId, (b) => b.sessions.started === 1);

    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/agents/bookings/transcripts`);
    await page.getByLabel('API key').fill(own.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Transcripts' }).waitFor();
    const transcripts = page.locator('section[aria-labelledby="transcripts-heading"]');

    // Under a slow network the rows and kilobytes received so far show, and Cancel stops it.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: 24 * 1024, uploadThroughput: -1 });
    await transcripts.getByRole('button', { name: 'Export CSV' }).click();
    const status = transcripts.getByRole('status');
    await waitFor(async () => /^[1-9][\d,]* rows received \([\d.,]+ kB\)…$/.test((await status.textContent()) ?? ''), { timeoutMs: 20_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-export-progress');
    await transcripts.getByRole('button', { name: 'Cancel' }).click();
    await status.filter({ hasText: 'Export cancelled.' }).waitFor();
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // At full speed: the whole file, every message in order.
    const file = await exported(page, transcripts);
    expect(file.name).toMatch(/^transcripts-bookings-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/);
    const [header, ...rows] = file.rows;
    expect(header).toEqual([
      'conversation_id',
      'session_id',
      'channel',
      'link_id',
      'agent_version',
      'conversation_started_at',
      'conversation_ended_at',
      'seq',
      'role',
      'operator_name',
      'content',
      'created_at',
    ]);
    expect(rows).toHaveLength(3_000);
    expect(rows.map((row) => Number(row[7]))).toEqual(Array.from({ length: 3_000 }, (_, i) => i));
    expect(rows[3]?.[10]).toBe('a "quoted", line');
    await status.filter({ hasText: 'Saved transcripts-bookings-' }).waitFor();
    await expect(status.textContent()).resolves.toMatch(/: 3,000 rows\.$/);
    await saveScreenshot(page, 'console-export-done');

    // The analytics panel's series, with its total row.
    await page.getByRole('link', { name: 'Analytics', exact: true }).click();
    const panel = page.locator('[data-analytics="agent:bookings"]');
    await panel.locator('[data-figure="sessions"]', { hasText: '1' }).waitFor();
    const analytics = await exported(page, panel);
    expect(analytics.name).toMatch(/^analytics-agent-bookings-[\d-]+\.csv$/);
    expect(analytics.rows[0]).toEqual(['at', 'sessions', 'messages', 'tokens', 'ended', 'resolved', 'resolution_rate', 'sentiment', 'cost_usd']);
    expect(analytics.rows.at(-1)?.slice(0, 2)).toEqual(['total', '1']);

    // The audit log: every entry the filter matches.
    await page.goto(`${base}/console/audit`);
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await page.getByLabel('Action').fill('agent.create');
    const audit = await exported(page, page.locator('form.inline'));
    expect(audit.name).toMatch(/^audit-[\d-]+\.csv$/);
    expect(audit.rows.slice(1).map((row) => [row[7], row[9]])).toEqual([['agent.create', 'bookings']]);
    // The cancelled download did not finish. And Chromium may report an export whose body the page
    // read to its end as aborted once the file is handed over to be saved (the server ends each
    // answer properly, and the files above are whole): only exports may say so.
    expect(problems.filter((problem) => !/^request failed: \S+format=csv net::ERR_ABORTED$/.test(problem.trim()))).toEqual([]);
    await context.close();
  });
});
