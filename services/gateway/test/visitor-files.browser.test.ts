import { type FakeLlm, saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import { samplePdf } from '@parley/uploads/test-files';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayHarness } from './gateway-harness.js';
import type { ServedGateway } from './served-gateway.js';
import { drawnPng, dropFiles, filesLink, onDisk, PHONE, readable, startVisitorPages, type VisitorPages } from './visitor-files-fixtures.js';

/** What the fake LLM was last asked for a reply: the visitor's message, as parts when it carries images. */
function lastUserParts(llm: FakeLlm): Array<{ type: string; text?: string; image_url?: { url: string } }> {
  const messages = (llm.requests.at(-1)?.body.messages ?? []) as Array<{ role: string; content: unknown }>;
  const content = messages.filter((m) => m.role === 'user').at(-1)?.content;
  return Array.isArray(content) ? content : [{ type: 'text', text: String(content) }];
}

async function chooseFiles(page: Page, files: Array<{ name: string; mimeType: string; buffer: Buffer }>) {
  // The type the browser gives a picked file comes from its name, as for a visitor's own files.
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Attach files' }).click()]);
  expect(chooser.isMultiple()).toBe(true);
  await chooser.setFiles(onDisk(files));
}

describe('visitors’ files on the chat page /c/{token} in Chromium', () => {
  let pages: VisitorPages;
  let h: GatewayHarness;
  let llm: FakeLlm;
  let browser: Browser;
  let gateway: ServedGateway;

  beforeAll(async () => {
    pages = await startVisitorPages();
    ({ h, llm, browser, gateway } = pages);
  });
  afterAll(async () => pages?.stop());

  it('on a phone: an image picked with the attach button and a PDF dropped, uploaded with progress, sent, shown in the conversation; the agent sees the image', async () => {
    const link = await filesLink(h, gateway.url);
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${gateway.url}/c/${link.token}`);
    await page.getByRole('heading', { name: 'Spoke & Chain front desk' }).waitFor();
    const png = await drawnPng(page);

    // The attach button opens the system's picker for several files of the types the link takes.
    await expect(page.getByRole('button', { name: 'Attach files' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('input[type=file]').getAttribute('accept')).resolves.toBe('image/png,image/jpeg,application/pdf,text/plain');
    await chooseFiles(page, [{ name: 'cracked-frame.png', mimeType: 'image/png', buffer: png }]);
    // Its preview is the picture itself, drawn from its bytes, with its name, type and size.
    await page.getByRole('img', { name: 'cracked-frame.png' }).waitFor();
    await page.locator('.pending-file.done', { hasText: 'cracked-frame.png' }).waitFor();
    await expect(page.locator('.pending-file', { hasText: 'cracked-frame.png' }).locator('.file-meta').textContent()).resolves.toMatch(/^PNG · [\d.]+ kB$/);

    // A PDF dragged over the conversation: a drop zone says where it goes; dropped, it uploads too.
    await dropFiles(page, 'main.conversation', [{ name: 'receipt.pdf', type: 'application/pdf', bytes: samplePdf() }], async () => {
      await page.locator('.drop-hint', { hasText: 'Drop files here to attach them' }).waitFor();
      await expect(page.locator('main.conversation.dropping').count()).resolves.toBe(1);
    });
    await expect(page.locator('.drop-hint').count()).resolves.toBe(0);
    await page.locator('.pending-file.done', { hasText: 'receipt.pdf' }).waitFor();
    await expect(page.getByRole('list', { name: 'Files to send' }).locator('li').count()).resolves.toBe(2);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-files-pending');

    llm.setHandler(() => ({ content: 'Thanks – I can see the crack on the frame. Bring it in with the receipt.' }));
    await page.getByLabel('Message').fill('Here is the damage and my receipt.');
    // The reply can show (from the live event stream) before the message's own answer is in: the
    // reload below must not cut that request.
    const answered = page.waitForResponse(
      (response) => response.request().method() === 'POST' && new URL(response.url()).pathname === `/api/public/chat/${link.token}`,
    );
    await page.getByRole('button', { name: 'Send' }).click();
    expect((await answered).status()).toBe(200);
    await page.locator('.message.assistant', { hasText: 'I can see the crack' }).waitFor();
    await expect(page.locator('.pending-file').count()).resolves.toBe(0);

    // The agent got the image as an image part of the visitor's message, the PDF named beside it.
    const parts = lastUserParts(llm);
    expect(parts[0]?.text).toContain('Here is the damage and my receipt.');
    expect(parts[0]?.text).toContain('"receipt.pdf" (application/pdf');
    expect(parts.slice(1)).toEqual([{ type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}` } }]);

    // In the conversation, from the platform after a reload too: the image as a thumbnail, the PDF as a download.
    for (const round of ['sent', 'reloaded']) {
      if (round === 'reloaded') await page.reload();
      const mine = page.locator('.message.user', { hasText: 'Here is the damage' });
      const image = mine.getByRole('img', { name: 'cracked-frame.png' });
      await image.waitFor();
      const pdf = mine.locator('a.file-link', { hasText: 'receipt.pdf' });
      await expect(pdf.locator('.file-meta').textContent()).resolves.toMatch(/^PDF · [\d.]+ kB$/);
      const href = String(await pdf.getAttribute('href'));
      expect(href).toMatch(/^\/api\/public\/uploads\/upl_[\w-]{22}\?session=pcs_/);
      const download = await page.request.get(`${gateway.url}${href}`);
      expect(download.status()).toBe(200);
      expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="receipt.pdf"/);
      expect(download.headers()['x-content-type-options']).toBe('nosniff');
      expect(Buffer.from(await download.body()).equals(samplePdf())).toBe(true);
    }
    // Reloaded, the image comes from the platform (an <img> of the page's own origin), whole.
    const loadedWidth = "(() => { const img = document.querySelector('.message.user img'); return img && img.complete ? img.naturalWidth : 0; })()";
    await waitFor(async () => (await page.evaluate(loadedWidth)) === 320, { timeoutMs: 5_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-files-conversation');
    // The reload cuts the page's open event stream and any history read still in flight.
    expect(problems.filter((p) => !/api\/public\/(events|history)\/.* net::ERR_ABORTED$/.test(p))).toEqual([]);
    await context.close();
  }, 60_000);

  it('refuses a 20 MB file before a byte is sent, and an HTML page named .png from the platform’s 415, saying why in the visitor’s words', async () => {
    const link = await filesLink(h, gateway.url);
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/uploads')) uploads.push(request.method());
    });
    await page.goto(`${gateway.url}/c/${link.token}`);
    await page.getByRole('heading', { name: 'Spoke & Chain front desk' }).waitFor();

    await chooseFiles(page, [{ name: 'workshop-video.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(20 * 1024 * 1024, 1) }]);
    const tooLarge = page.locator('.pending-file.refused', { hasText: 'workshop-video.pdf' }).getByRole('alert');
    await tooLarge.waitFor();
    expect(readable(await tooLarge.textContent())).toBe('workshop-video.pdf is too large: files can be up to 10 MB.');
    // Refused in the page: no session was started for it and nothing was sent.
    expect(uploads).toEqual([]);
    await expect(page.evaluate(`localStorage.getItem('parley.chat.${link.token}')`)).resolves.toBeNull();

    // The browser calls it a PNG by its name; the platform reads its bytes and refuses it (415).
    await chooseFiles(page, [
      { name: 'photo.png', mimeType: 'image/png', buffer: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>') },
    ]);
    const wrongType = page.locator('.pending-file.refused', { hasText: 'photo.png' }).getByRole('alert');
    await wrongType.waitFor();
    expect(readable(await wrongType.textContent())).toBe('photo.png is not a type of file this chat accepts. It accepts PNG, JPEG, PDF, and TXT.');
    expect(uploads).toEqual(['POST']);
    // Neither can be sent: the button waits for a file that is stored, or some text.
    await expect(page.getByRole('button', { name: 'Send' }).isDisabled()).resolves.toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'chat-files-refused');

    // Each refused file can be taken out; the message box is as it was.
    await page.getByRole('button', { name: 'Remove workshop-video.pdf' }).click();
    await page.getByRole('button', { name: 'Remove photo.png' }).click();
    await expect(page.locator('.pending-file').count()).resolves.toBe(0);

    // The connection drops during an upload: said so, with a way to try again once it is back.
    const cut = (route: { abort(): Promise<void> }) => route.abort();
    await page.route('**/uploads?**', cut);
    await chooseFiles(page, [{ name: 'receipt.pdf', mimeType: 'application/pdf', buffer: samplePdf() }]);
    const lost = page.locator('.pending-file.refused', { hasText: 'receipt.pdf' });
    await lost.getByRole('alert').waitFor();
    expect(readable(await lost.getByRole('alert').textContent())).toBe('receipt.pdf could not be uploaded. Check your connection and try again.');
    await page.unroute('**/uploads?**', cut);
    await lost.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.pending-file.done', { hasText: 'receipt.pdf' }).waitFor();
    await expect(page.getByRole('button', { name: 'Send' }).isEnabled()).resolves.toBe(true);
    // The browser reports the refused and the cut uploads itself; nothing else may be.
    expect(problems.filter((p) => !/415|net::ERR_FAILED$/.test(p))).toEqual([]);
    await context.close();
  });

  it('speaks each of the six languages, mirrored in Arabic, light and dark: no serious accessibility violation with files chosen, a refusal shown or the rating asked', async () => {
    const TOO_LARGE = { en: 'is too large', de: 'ist zu groß', fr: 'est trop volumineux', es: 'es demasiado grande', ja: '大きすぎます', ar: 'كبير جدًا' };
    for (const [locale, tooLarge] of Object.entries(TOO_LARGE)) {
      const link = await filesLink(h, gateway.url, { locale });
      const context = await browser.newContext({ ...PHONE, colorScheme: 'light' });
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const problems = await watchPage(page);
      await page.goto(`${gateway.url}/c/${link.token}`);
      await page.locator(`html[lang="${locale}"] .composer`).waitFor();
      const attach = page.locator('button.attach');
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), attach.click()]);
      await chooser.setFiles(
        onDisk([
          { name: 'cracked-frame.png', buffer: await drawnPng(page) },
          { name: 'workshop-video.pdf', buffer: Buffer.alloc(11 * 1024 * 1024, 1) },
        ]),
      );
      await page.locator('.pending-file.done').waitFor();
      expect(readable(await page.locator('.pending-file.refused [role=alert]').textContent())).toContain(tooLarge);
      expect(await seriousViolations(page), `${locale}, light, files chosen`).toEqual([]);
      await page.emulateMedia({ colorScheme: 'dark' });
      await waitFor(async () => (await page.evaluate("document.documentElement.classList.contains('dark')")) === true, { timeoutMs: 2_000 });
      expect(await seriousViolations(page), `${locale}, dark, files chosen`).toEqual([]);
      if (locale === 'ar') {
        await expect(page.evaluate('document.documentElement.dir')).resolves.toBe('rtl');
        await saveScreenshot(page, 'chat-files-arabic-dark');
      }
      // The conversation ends: the rating is asked in the same language, readable in both modes.
      await page.locator('.composer textarea').fill('bye');
      await page.locator('.composer button[type=submit]').click();
      await page.locator('.rating .star').first().waitFor();
      expect(await seriousViolations(page), `${locale}, dark, rating`).toEqual([]);
      await page.emulateMedia({ colorScheme: 'light' });
      expect(await seriousViolations(page), `${locale}, light, rating`).toEqual([]);
      // The page closes the ended conversation's event stream itself: reported as aborted, not a fault.
      expect(problems.filter((p) => !/api\/public\/events\/.* net::ERR_ABORTED$/.test(p))).toEqual([]);
      await context.close();
    }
  }, 120_000);
});
