import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamingAgent } from './public-link-fixtures.js';
import { type HostSite, startHostSite, startWidgetPlatform, type WidgetPlatform } from './widget-fixtures.js';

const CDN = 'https://cdn.parley.test';
const LOGO = `${CDN}/logo.svg`;
const AVATAR = `${CDN}/avatar.svg`;
const picture = (fill: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" rx="12" fill="${fill}"/></svg>`;
const VIEWPORT = { width: 1280, height: 800 };

type Styles = { getComputedStyle(node: unknown): { backgroundColor: string; color: string } };
const colours = (element: Locator) =>
  element.evaluate((node) => {
    // Runs in the page; this file is compiled without the DOM's types.
    const style = (globalThis as unknown as Styles).getComputedStyle(node);
    return { background: style.backgroundColor, text: style.color };
  });

describe("the widget's language and look on a host page in Chromium", () => {
  let platform: WidgetPlatform;
  const sites: HostSite[] = [];

  beforeAll(async () => {
    platform = await startWidgetPlatform();
    platform.llm.setHandler(() => ({ content: 'Your bike BK-20417 is ready.' }));
  });
  afterAll(async () => {
    for (const site of sites) await site.close();
    await platform?.stop();
  });

  /** A host site under its strict policy (images from https allowed, for the logo and avatar) embedding a new link. */
  const site = async (settings: Record<string, unknown>) => {
    const agent = await platform.h.seedAgent(streamingAgent, `look-${sites.length}`);
    const link = await platform.h.bus.request('links.links.create', {
      tenantId: agent.tenantId,
      agentName: agent.name,
      settings: { title: 'Spoke & Chain help', welcome_message: 'Hello! Ask us about your repair.', ...settings } as never,
      publicBaseUrl: platform.gateway.url,
    });
    const host = await startHostSite(platform.gateway.url, link.token, { imageSources: 'https:' });
    sites.push(host);
    return host;
  };
  const visit = async (locale: string) => {
    const context = await platform.browser.newContext({ viewport: VIEWPORT, locale, colorScheme: 'light' });
    await context.route(`${CDN}/**`, (route) =>
      route.fulfill({ contentType: 'image/svg+xml', body: picture(route.request().url() === LOGO ? '#f59e0b' : '#7c3aed') }),
    );
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return { context, page, problems: await watchPage(page) };
  };

  it("speaks the link's Arabic right to left in the link's dark mode, the brand colour on its header and launcher; the host page keeps its own language", async () => {
    const host = await site({ locale: 'ar', theme: { brand_color: '#0f766e', logo_url: LOGO, avatar_url: AVATAR, mode: 'dark' } });
    const { context, page, problems } = await visit('en-US');
    await page.goto(host.url);
    // Nothing fetched yet: the launcher speaks the browser's language.
    await page.getByRole('button', { name: 'Open chat' }).click();
    const pane = page.getByRole('dialog', { name: 'محادثة: Spoke & Chain help' });
    await pane.waitFor();
    await expect(pane.getAttribute('dir')).resolves.toBe('rtl');
    await expect(pane.getAttribute('lang')).resolves.toBe('ar');
    await page.getByLabel('الرسالة').fill('هل دراجتي جاهزة؟');
    await page.keyboard.press('Enter');
    const reply = page.locator('.message.assistant:not(.streaming)', { hasText: 'BK-20417' });
    await reply.waitFor();
    // Mirrored: the visitor's bubble on the left of the agent's.
    const mine = (await page.locator('.message.user').boundingBox()) as NonNullable<Awaited<ReturnType<Locator['boundingBox']>>>;
    const theirs = (await reply.boundingBox()) as NonNullable<Awaited<ReturnType<Locator['boundingBox']>>>;
    expect(mine.x).toBeLessThan(theirs.x);
    await waitFor(
      () =>
        page
          .locator('.message.assistant img.avatar')
          .first()
          .evaluate((node) => (node as unknown as { naturalWidth: number }).naturalWidth > 0),
      { timeoutMs: 5_000 },
    );
    await waitFor(() => page.locator('.top img.logo').evaluate((node) => (node as unknown as { naturalWidth: number }).naturalWidth > 0), { timeoutMs: 5_000 });
    // The brand colour behind white text (#0f766e is dark enough for it) in a dark pane.
    await expect(colours(page.locator('.top'))).resolves.toEqual({ background: 'rgb(15, 118, 110)', text: 'rgb(255, 255, 255)' });
    await expect(colours(page.locator('.message.user'))).resolves.toEqual({ background: 'rgb(15, 118, 110)', text: 'rgb(255, 255, 255)' });
    await expect(colours(pane)).resolves.toMatchObject({ background: 'rgb(17, 24, 39)' });
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'look-widget-dark-arabic');

    await pane.getByRole('button', { name: 'إغلاق المحادثة' }).click();
    const launcher = page.getByRole('button', { name: 'فتح المحادثة' });
    await launcher.waitFor();
    await expect(colours(launcher)).resolves.toEqual({ background: 'rgb(15, 118, 110)', text: 'rgb(255, 255, 255)' });
    // The widget's language and direction stay inside it.
    await expect(page.evaluate('[document.documentElement.lang, document.documentElement.dir]')).resolves.toEqual(['en', '']);
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it("speaks the browser's German with a light brand colour: near-black text on it, light as the link says", async () => {
    const host = await site({ theme: { brand_color: '#fde047', mode: 'light' } });
    const { context, page, problems } = await visit('de-DE');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(host.url);
    // From before the pane exists, every change inside the widget is checked for the English it would show before its German came.
    await page.waitForFunction("document.querySelector('parley-chat-widget')?.shadowRoot");
    await page.evaluate(`(() => {
      const root = document.querySelector('parley-chat-widget').shadowRoot;
      window.englishSeen = [];
      const look = () => {
        for (const el of root.querySelectorAll('textarea, button')) {
          const english = [el.getAttribute('placeholder'), el.getAttribute('aria-label'), el.textContent.trim()].find((w) => w === 'Type a message' || w === 'Send' || w === 'Close chat');
          if (english) window.englishSeen.push(english);
        }
      };
      new MutationObserver(look).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    })()`);
    await page.getByRole('button', { name: 'Chat öffnen' }).click();
    const pane = page.getByRole('dialog', { name: 'Chat: Spoke & Chain help' });
    await pane.waitFor();
    await expect(pane.getAttribute('lang')).resolves.toBe('de-DE');
    // The pane spoke German from its first word: no English for a moment while the link's language was on its way.
    await expect(page.evaluate('window.englishSeen')).resolves.toEqual([]);
    await page.getByLabel('Nachricht').fill('Ist mein Rad fertig?');
    await page.getByRole('button', { name: 'Senden' }).click();
    await page.locator('.message.assistant:not(.streaming)', { hasText: 'BK-20417' }).waitFor();
    await expect(colours(page.locator('.message.user'))).resolves.toEqual({ background: 'rgb(253, 224, 71)', text: 'rgb(17, 24, 39)' });
    await expect(colours(page.locator('.top'))).resolves.toEqual({ background: 'rgb(253, 224, 71)', text: 'rgb(17, 24, 39)' });
    // "light" holds for a visitor whose system is dark.
    await expect(colours(pane)).resolves.toMatchObject({ background: 'rgb(255, 255, 255)' });
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'look-widget-light-german');
    expect(problems).toEqual([]);
    await context.close();
  });
});
