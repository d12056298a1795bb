import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import { samplePdf } from '@parley/uploads/test-files';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawnPng, filesLink, pasteFiles } from './visitor-files-fixtures.js';
import { type HostSite, startHostSite, startWidgetPlatform, type WidgetPlatform } from './widget-fixtures.js';

/** The visitor's credential, as the widget keeps it on the host site. */
const sessionOf = async (page: Page, token: string) =>
  JSON.parse(String(await page.evaluate(`localStorage.getItem('parley.chat.${token}')`))).session as string;

describe('visitors’ files, thumbs and rating in the widget on another origin’s strict page, in Chromium', () => {
  let platform: WidgetPlatform;
  let host: HostSite;
  let token: string;

  beforeAll(async () => {
    platform = await startWidgetPlatform();
    token = (await filesLink(platform.h, platform.gateway.url)).token;
    // The host's policy: images from itself only (no blob:, no data:, not the platform's), no inline style or script.
    host = await startHostSite(platform.gateway.url, token);
  });
  afterAll(async () => {
    await host?.close();
    await platform?.stop();
  });

  it('an image picked and a PDF pasted upload from the widget, are sent and shown, under a policy that refuses blob: images; thumbs; the rating when it ends', async () => {
    const context = await platform.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(host.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByRole('heading', { name: 'Spoke & Chain front desk' }).waitFor();
    const png = await drawnPng(page);

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Attach files' }).click()]);
    await chooser.setFiles({ name: 'cracked-frame.png', mimeType: 'image/png', buffer: png });
    await page.locator('.pending-file.done', { hasText: 'cracked-frame.png' }).waitFor();
    // A screenshot pasted into the message box joins the files.
    await page.getByLabel('Message').focus();
    await pasteFiles(page, [{ name: 'receipt.pdf', type: 'application/pdf', bytes: samplePdf() }]);
    await page.locator('.pending-file.done', { hasText: 'receipt.pdf' }).waitFor();
    // The image preview is drawn from its bytes: the host's policy has no say over a canvas.
    await page.getByRole('img', { name: 'cracked-frame.png' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    platform.llm.setHandler(() => ({ content: 'I can see the crack. Bring the bike in.' }));
    await page.getByLabel('Message').fill('The frame cracked.');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'I can see the crack.' }).waitFor();
    const mine = page.locator('.message.user', { hasText: 'The frame cracked.' });
    await mine.getByRole('img', { name: 'cracked-frame.png' }).waitFor();
    await mine.locator('a.file-link', { hasText: 'receipt.pdf' }).waitFor();
    const href = String(await mine.locator('a.file-link', { hasText: 'receipt.pdf' }).getAttribute('href'));
    expect(href.startsWith(`${platform.gateway.url}/api/public/uploads/upl_`)).toBe(true);
    const messages = (platform.llm.requests.at(-1)?.body.messages ?? []) as Array<{ role: string; content: unknown }>;
    expect(messages.at(-1)?.content).toEqual([
      expect.objectContaining({ type: 'text' }),
      { type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` } },
    ]);
    await saveScreenshot(page, 'widget-files-conversation');

    // Thumbs on the agent's answer, as on the chat page.
    const answer = page.locator('.message.assistant', { hasText: 'I can see the crack.' });
    await answer.getByRole('button', { name: 'Helpful', exact: true }).click();
    await waitFor(async () => (await answer.getByRole('button', { name: 'Helpful', exact: true }).getAttribute('aria-pressed')) === 'true', {
      timeoutMs: 5_000,
    });
    await waitFor(
      async () => {
        const history = await platform.h.inject({ method: 'GET', url: `/api/public/history/${token}?session=${await sessionOf(page, token)}` });
        return (
          (history.body.messages as Array<{ content: string; feedback?: string }>).find((m) => m.content.startsWith('I can see the crack.'))?.feedback === 'up'
        );
      },
      { timeoutMs: 5_000 },
    );

    // The conversation ends: the widget asks for a rating once.
    await page.getByLabel('Message').fill('Thanks, bye');
    await page.keyboard.press('Enter');
    const question = page.getByRole('group', { name: 'How would you rate this conversation?' });
    await question.waitFor();
    // The message that ended it was acknowledged as usual: no passing "not connected" on the way.
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await page.locator('.message.assistant', { hasText: 'Glad I could help.' }).waitFor();
    await question.locator('label.star').nth(4).click();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-rating');
    await page.getByRole('button', { name: 'Send rating' }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you for rating this conversation.' }).waitFor();
    const history = await platform.h.inject({ method: 'GET', url: `/api/public/history/${token}?session=${await sessionOf(page, token)}` });
    expect(history.body.rating).toEqual({ score: 5, comment: null });
    // Nothing on the strict host page was refused or failed: no CSP violation, no error.
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
