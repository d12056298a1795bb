import { type FakeLlm, launchChromium, saveScreenshot, seriousViolations, startFakeLlm, waitFor, watchPage } from '@parley/testing';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';
import { streamingAgent } from './public-link-fixtures.js';
import { type ServedGateway, serveGateway } from './served-gateway.js';

/** Where a link's owner keeps its pictures: answered by the browser context itself (the machine has no internet). */
const CDN = 'https://cdn.parley.test';
const LOGO = `${CDN}/logo.svg`;
const AVATAR = `${CDN}/avatar.svg`;
const picture = (fill: string, letter: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="${fill}"/><text x="32" y="44" font-size="34" font-family="sans-serif" text-anchor="middle" fill="#ffffff">${letter}</text></svg>`;

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const REPLY = 'Your bike BK-20417 is ready. We close at 18:00.';

/** A computed style of an element, read in the page. */
type Styles = { getComputedStyle(node: unknown): Record<string, string> };
const style = (element: Locator, ...names: string[]) =>
  element.evaluate((node, wanted) => {
    // Runs in the page; this file is compiled without the DOM's types.
    const computed = (globalThis as unknown as Styles).getComputedStyle(node);
    return Object.fromEntries(wanted.map((name) => [name, computed[name] ?? '']));
  }, names);
const box = async (element: Locator) => {
  const found = await element.boundingBox();
  expect(found).not.toBeNull();
  return found as NonNullable<typeof found>;
};
const documentAttribute = (page: Page, name: string) =>
  page.evaluate(`document.documentElement.getAttribute(${JSON.stringify(name)})`) as Promise<string | null>;
const isDark = (page: Page) => page.evaluate("document.documentElement.classList.contains('dark')") as Promise<boolean>;

describe("the chat page's languages and look in Chromium", () => {
  let h: GatewayHarness;
  let llm: FakeLlm;
  let gateway: ServedGateway;
  let browser: Browser;
  let agent: { tenantId: string; name: string };

  beforeAll(async () => {
    llm = await startFakeLlm();
    llm.setHandler(() => ({ content: REPLY }));
    h = await startGatewayHarness({}, { live: {}, llmBaseUrl: llm.url });
    gateway = await serveGateway(h);
    agent = await h.seedAgent(streamingAgent, 'repairs');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
    await llm?.close();
  });

  const link = async (settings: Record<string, unknown>) =>
    (
      await h.bus.request('links.links.create', {
        tenantId: agent.tenantId,
        agentName: agent.name,
        settings: {
          title: 'Spoke & Chain front desk',
          welcome_message: 'Hello! Ask us about your repair.',
          max_messages_per_session: 10,
          rate_limit_per_minute: 100,
          ...settings,
        } as never,
        publicBaseUrl: gateway.url,
      })
    ).token;

  /** A phone (or `options`) whose requests to the owner's CDN are answered with pictures; `broken` answers 404. */
  const open = async (options: Parameters<Browser['newContext']>[0] = {}, broken: string[] = []) => {
    const context: BrowserContext = await browser.newContext({ ...PHONE, ...options });
    await context.route(`${CDN}/**`, (route) => {
      const url = route.request().url();
      if (broken.includes(url)) return route.fulfill({ status: 404, body: '' });
      return route.fulfill({ contentType: 'image/svg+xml', body: url === LOGO ? picture('#0f766e', 'S') : picture('#7c3aed', 'R') });
    });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    return { context, page, problems };
  };

  const chat = async (page: Page, text: string) => {
    await page.locator('#message').fill(text);
    await page.keyboard.press('Enter');
    await page.locator('.messages .message.assistant', { hasText: 'BK-20417' }).waitFor();
    await waitFor(async () => (await page.locator('.agent-status').textContent()) === '', { timeoutMs: 5_000 });
  };

  it("speaks German for a link in de, Japanese to a browser that prefers it, and Arabic right to left, mirrored; the agent's words stay as written", async () => {
    const german = await open();
    await german.page.goto(`${gateway.url}/c/${await link({ locale: 'de' })}`);
    await german.page.getByRole('button', { name: 'Senden' }).waitFor();
    expect(await documentAttribute(german.page, 'lang')).toBe('de');
    expect(await documentAttribute(german.page, 'dir')).toBe('ltr');
    await expect(german.page.locator('#message').getAttribute('placeholder')).resolves.toBe('Nachricht eingeben');
    await expect(german.page.locator('.limits').textContent()).resolves.toBe('noch 10 Nachrichten');
    // The owner's welcome is not translated.
    await expect(german.page.locator('.welcome').textContent()).resolves.toBe('Hello! Ask us about your repair.');
    await chat(german.page, 'Ist mein Rad fertig?');
    // The reply can show (from the live event stream) before the message's own answer updates the count.
    await expect.poll(() => german.page.locator('.limits').textContent()).toMatch(/^noch 9 Nachrichten · endet nach \d+ Min\. ohne Aktivität$/);
    await expect(german.page.getByRole('button', { name: 'Neue Unterhaltung' }).isVisible()).resolves.toBe(true);
    expect(german.problems).toEqual([]);
    await german.context.close();

    // No locale on the link: the browser's first language the page speaks (ja-JP → ja).
    const japanese = await open({ locale: 'ja-JP' });
    await japanese.page.goto(`${gateway.url}/c/${await link({})}`);
    await japanese.page.getByRole('button', { name: '送信' }).waitFor();
    expect(await documentAttribute(japanese.page, 'lang')).toBe('ja-JP');
    await expect(japanese.page.locator('#message').getAttribute('placeholder')).resolves.toBe('メッセージを入力');
    await expect(japanese.page.locator('.limits').textContent()).resolves.toBe('残り10件のメッセージ');
    expect(japanese.problems).toEqual([]);
    await japanese.context.close();

    // Arabic: right to left, the visitor's bubbles on the left, the agent's on the right, Send left of the box.
    const arabic = await open({ locale: 'en-US' });
    await arabic.page.goto(`${gateway.url}/c/${await link({ locale: 'ar' })}`);
    await arabic.page.getByRole('button', { name: 'إرسال' }).waitFor();
    expect(await documentAttribute(arabic.page, 'lang')).toBe('ar');
    expect(await documentAttribute(arabic.page, 'dir')).toBe('rtl');
    await expect(arabic.page.locator('.limits').textContent()).resolves.toBe('تتبقّى 10 رسائل');
    await chat(arabic.page, 'هل دراجتي جاهزة؟');
    // Arabic plurals: 9 takes the "few" form (3 to 10), 10 too but 11 would take "many".
    await expect.poll(() => arabic.page.locator('.limits').textContent()).toMatch(/^تتبقّى 9 رسائل · /);
    const width = PHONE.viewport.width;
    const mine = await box(arabic.page.locator('.messages .message.user').first());
    const reply = await box(arabic.page.locator('.messages .message.assistant').first());
    expect(mine.x, "the visitor's bubble starts at the left edge").toBeLessThan(30);
    expect(reply.x + reply.width, 'the reply ends at the right edge').toBeGreaterThan(width - 30);
    expect(mine.x + mine.width).toBeLessThan(reply.x + reply.width);
    const field = await box(arabic.page.locator('#message'));
    const send = await box(arabic.page.getByRole('button', { name: 'إرسال' }));
    expect(send.x + send.width, 'Send sits left of the box').toBeLessThanOrEqual(field.x + 1);
    // The agent wrote in English: its reply runs left to right within the page.
    const answer = arabic.page.locator('.messages .message.assistant', { hasText: 'BK-20417' });
    await expect(answer.locator('.markdown').getAttribute('dir')).resolves.toBe('auto');
    await expect(answer.locator('.markdown').textContent()).resolves.toBe(REPLY);
    expect(await seriousViolations(arabic.page)).toEqual([]);
    await saveScreenshot(arabic.page, 'look-chat-arabic');
    expect(arabic.problems).toEqual([]);
    await arabic.context.close();
  });

  it('has no serious accessibility violation in any of its six languages, light or dark', async () => {
    for (const locale of ['en', 'de', 'fr', 'es', 'ja', 'ar']) {
      const { context, page, problems } = await open({ colorScheme: 'light' });
      await page.goto(`${gateway.url}/c/${await link({ locale })}`);
      await page.locator(`html[lang="${locale}"] .composer button`).waitFor();
      await chat(page, 'Is my bike ready?');
      expect(await isDark(page)).toBe(false);
      expect(await seriousViolations(page), `${locale}, light`).toEqual([]);
      // The link leaves the mode to the visitor: their system turning dark turns the page, live.
      await page.emulateMedia({ colorScheme: 'dark' });
      await waitFor(() => isDark(page), { timeoutMs: 2_000 });
      expect(await seriousViolations(page), `${locale}, dark`).toEqual([]);
      if (locale === 'en') await saveScreenshot(page, 'look-chat-phone-dark');
      expect(problems).toEqual([]);
      await context.close();
    }
  }, 90_000);

  it("wears a link's look from the first frame when the browser has opened the link before; a first visit follows the visitor's mode until the link comes in", async () => {
    const url = `${gateway.url}/c/${await link({ theme: { brand_color: '#fde047', mode: 'light' } })}`;
    for (const [device, options] of [
      ['phone', {}],
      ['desktop', { viewport: { width: 1440, height: 900 }, isMobile: false, hasTouch: false }],
    ] as const) {
      const { context, page, problems } = await open({ ...options, colorScheme: 'dark' });
      // Every mode the page wears, from the document's first moment on (the class of <html>).
      await page.addInitScript(() => {
        const seen: string[] = [];
        (globalThis as unknown as { modesSeen: string[] }).modesSeen = seen;
        const doc = (globalThis as unknown as { document: { documentElement: { classList: { contains(name: string): boolean } } | null } }).document;
        const note = () => {
          const mode = doc.documentElement?.classList.contains('dark') ? 'dark' : 'light';
          if (seen.at(-1) !== mode) seen.push(mode);
        };
        const Observer = (globalThis as unknown as { MutationObserver: new (callback: () => void) => { observe(target: unknown, options: unknown): void } })
          .MutationObserver;
        new Observer(note).observe(doc, { attributes: true, attributeFilter: ['class'], subtree: true, childList: true });
        note();
      });
      const modesSeen = () => page.evaluate('globalThis.modesSeen') as Promise<string[]>;
      const send = page.locator('.composer button');
      // The page's title is the link's once its info is in.
      const linkIn = () => expect.poll(() => page.title()).toContain('Spoke & Chain front desk');

      // The first visit: the visitor's system is dark, and the page follows it until the link says light.
      await page.goto(url);
      await linkIn();
      await expect.poll(() => style(send, 'backgroundColor')).toEqual({ backgroundColor: 'rgb(253, 224, 71)' });
      expect(await isDark(page)).toBe(false);
      expect(await modesSeen(), device).toEqual(['light', 'dark', 'light']);

      // The next visit wears the link's light look and colour before the link comes in: never dark.
      await page.reload();
      await linkIn();
      await expect.poll(() => style(send, 'backgroundColor')).toEqual({ backgroundColor: 'rgb(253, 224, 71)' });
      expect(await modesSeen(), device).toEqual(['light']);
      await saveScreenshot(page, `look-chat-${device}-kept-light`);
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it("wears the brand colour with readable text on it, the logo and the avatar; light, dark or the visitor's mode", async () => {
    // A light yellow: white would be unreadable on it, so its buttons and bubbles get near-black text.
    const yellow = await open({ colorScheme: 'dark' });
    await yellow.page.goto(`${gateway.url}/c/${await link({ theme: { brand_color: '#fde047', logo_url: LOGO, avatar_url: AVATAR, mode: 'light' } })}`);
    const send = yellow.page.locator('.composer button');
    await send.waitFor();
    // The link's look comes with the link, after the page has drawn its composer: its colour and
    // its mode are worn together (chat-app.tsx), so once the one shows, the other holds.
    await expect.poll(() => style(send, 'backgroundColor', 'color')).toEqual({ backgroundColor: 'rgb(253, 224, 71)', color: 'rgb(17, 24, 39)' });
    // mode "light" holds even for a visitor whose system is dark.
    expect(await isDark(yellow.page)).toBe(false);
    const logo = yellow.page.locator('header img.logo');
    await waitFor(() => logo.evaluate((node) => (node as unknown as { naturalWidth: number }).naturalWidth > 0), { timeoutMs: 5_000 });
    await expect(logo.getAttribute('alt')).resolves.toBe('Spoke & Chain front desk logo');
    // Its box was there before the picture arrived: the same size it is drawn at.
    expect(await box(logo)).toMatchObject({ width: 36, height: 36 });
    await chat(yellow.page, 'Is my bike ready?');
    await expect(style(yellow.page.locator('.messages .message.user').first(), 'backgroundColor', 'color')).resolves.toEqual({
      backgroundColor: 'rgb(253, 224, 71)',
      color: 'rgb(17, 24, 39)',
    });
    const avatar = yellow.page.locator('.messages .message.assistant img.avatar').first();
    await waitFor(() => avatar.evaluate((node) => (node as unknown as { naturalWidth: number }).naturalWidth > 0), { timeoutMs: 5_000 });
    const reply = await box(yellow.page.locator('.messages .message.assistant').first());
    const face = await box(avatar);
    expect(face.x + face.width, 'the avatar sits beside the reply').toBeLessThanOrEqual(reply.x);
    expect(await seriousViolations(yellow.page)).toEqual([]);
    await saveScreenshot(yellow.page, 'look-chat-phone-light-brand');
    expect(yellow.problems).toEqual([]);
    await yellow.context.close();

    // A deep blue gets white text; mode "dark" holds for a visitor whose system is light.
    const blue = await open({ colorScheme: 'light' }, [AVATAR]);
    await blue.page.goto(`${gateway.url}/c/${await link({ theme: { brand_color: '#1d4ed8', avatar_url: AVATAR, mode: 'dark' } })}`);
    await blue.page.locator('.composer button').waitFor();
    expect(await isDark(blue.page)).toBe(true);
    await expect(style(blue.page.locator('.composer button'), 'backgroundColor', 'color')).resolves.toEqual({
      backgroundColor: 'rgb(29, 78, 216)',
      color: 'rgb(255, 255, 255)',
    });
    await chat(blue.page, 'Is my bike ready?');
    // The avatar could not be had: left out, not shown broken, and the reply takes the whole width again.
    await waitFor(async () => (await blue.page.locator('img.avatar').count()) === 0, { timeoutMs: 5_000 });
    await expect(blue.page.locator('.message.has-avatar').count()).resolves.toBe(0);
    expect(await seriousViolations(blue.page)).toEqual([]);
    await saveScreenshot(blue.page, 'look-chat-phone-dark-brand');
    // The 404 of the avatar is what this part of the test asks for.
    expect(blue.problems.filter((p) => !p.includes('404'))).toEqual([]);
    await blue.context.close();
  });
});
