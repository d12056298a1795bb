import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostSite, startHostSite, startWidgetPlatform, type WidgetPlatform } from './widget-fixtures.js';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
/** A long article: a page a visitor scrolls. */
const ARTICLE = Array.from(
  { length: 150 },
  (_, i) => `<p>Chapter ${i + 1}: how to keep a chain clean, oiled and quiet through a wet winter of riding.</p>`,
).join('');

/** The page's scroll position. */
const scrollY = (page: Page) => page.evaluate('Math.round(window.scrollY)') as Promise<number>;
/** The page's scroll position once it has come to rest: a swipe's momentum spent. */
async function restingScrollY(page: Page): Promise<number> {
  let last = -1;
  const rest = await waitFor(
    async () => {
      const now = await scrollY(page);
      const settled = now === last;
      last = now;
      return settled ? { y: now } : false;
    },
    { timeoutMs: 5_000, intervalMs: 150 },
  );
  return rest.y;
}
/** What has the keyboard focus inside the widget: `TEXTAREA`, `BUTTON.bubble`…; null when the focus is not in it. */
const focusInWidget = (page: Page) =>
  page.evaluate(
    "(() => { const e = document.querySelector('parley-chat-widget')?.shadowRoot?.activeElement; return e ? e.tagName + (e.className ? '.' + e.className : '') : null; })()",
  ) as Promise<string | null>;

/** A finger's swipe 300 px up from (x, y): what scrolls under it moves, as on a phone. */
async function swipeUp(context: BrowserContext, page: Page, at: { x: number; y: number }) {
  const cdp = await context.newCDPSession(page);
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', dy: number) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x: at.x, y: at.y - dy }] });
  await touch('touchStart', 0);
  for (let dy = 10; dy <= 300; dy += 10) await touch('touchMove', dy);
  await touch('touchEnd', 300);
  // Whatever moves has moved: two frames later.
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  await cdp.detach();
}

const box = async (element: Locator) => {
  const found = await element.boundingBox();
  expect(found).not.toBeNull();
  return found as NonNullable<typeof found>;
};

/**
 * The widget on a phone and on a desktop (docs/widget.md "On phones"): on a phone its pane covers
 * the screen and holds the page still under it, the keyboard focus goes where the visitor types,
 * Escape closes it; its controls are big enough to touch, and nothing of them is cut off in Arabic.
 */
describe('the widget on a phone and on a desktop, in Chromium', () => {
  let platform: WidgetPlatform;
  let english: HostSite;
  let arabic: HostSite;

  beforeAll(async () => {
    platform = await startWidgetPlatform({ mail: true });
    platform.llm.setHandler(() => ({ content: 'A new chain and a clean cassette: ready on Friday.' }));
    english = await startHostSite(platform.gateway.url, (await platform.addLink({ title: 'Spoke & Chain help', offer_person: 'always' })).token, {
      content: ARTICLE,
    });
    const ar = await platform.addLink({ title: 'مساعدة سبوك آند تشين', welcome_message: 'مرحبًا! اسألنا عن دراجتك.', locale: 'ar', offer_person: 'always' });
    arabic = await startHostSite(platform.gateway.url, ar.token, { content: ARTICLE });
  });
  afterAll(async () => {
    await english?.close();
    await arabic?.close();
    await platform?.stop();
  });

  it('on a phone: opened from the keyboard, the pane covers the screen with the focus in its message box, the page held still under it; Escape closes it and gives the focus back to the launcher', async () => {
    const context = await platform.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(english.url);
    const bubble = page.getByRole('button', { name: 'Open chat' });
    await bubble.waitFor();

    // The visitor reads down the page: it scrolls under their finger.
    await swipeUp(context, page, { x: 195, y: 500 });
    const read = await restingScrollY(page);
    expect(read).toBeGreaterThan(100);

    // The first opening, from the keyboard: the pane loads, and the focus lands in its message box.
    await bubble.focus();
    await page.keyboard.press('Enter');
    const pane = page.getByRole('dialog', { name: 'Chat: Spoke & Chain help' });
    await pane.getByText('Talk to a person').waitFor();
    await waitFor(async () => (await focusInWidget(page)) === 'TEXTAREA', { timeoutMs: 5_000 });

    // The whole screen, edge to edge.
    expect(await box(pane)).toEqual({ x: 0, y: 0, width: PHONE.width, height: PHONE.height });
    await saveScreenshot(page, 'widget-phone-full-screen');

    // A swipe on the pane's header moves nothing behind it.
    await swipeUp(context, page, { x: 150, y: 30 });
    await swipeUp(context, page, { x: 150, y: 800 });
    expect(await restingScrollY(page)).toBe(read);

    // A conversation on the phone: the message box stays at the bottom of the screen.
    await page.keyboard.type('My chain skips');
    await page.keyboard.press('Enter');
    await pane.locator('.message.assistant', { hasText: 'ready on Friday' }).waitFor();
    const field = await box(pane.getByLabel('Message'));
    expect(PHONE.height - (field.y + field.height)).toBeLessThan(60);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-phone-conversation');

    // Escape: closed, the focus back on the launcher, the page where the visitor left it – and scrolling again.
    await page.keyboard.press('Escape');
    await bubble.waitFor();
    expect(await pane.isVisible()).toBe(false);
    expect(await focusInWidget(page)).toBe('BUTTON.bubble');
    expect(await restingScrollY(page)).toBe(read);
    await swipeUp(context, page, { x: 195, y: 500 });
    expect(await restingScrollY(page)).toBeGreaterThan(read);
    await saveScreenshot(page, 'widget-phone-closed');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a desktop: the pane is a card in the corner and the page scrolls beside it as ever', async () => {
    const context = await platform.browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(english.url);
    await page.getByRole('button', { name: 'Open chat' }).click();
    const pane = page.getByRole('dialog', { name: 'Chat: Spoke & Chain help' });
    await pane.getByText('Talk to a person').waitFor();
    await waitFor(async () => (await focusInWidget(page)) === 'TEXTAREA', { timeoutMs: 5_000 });

    const card = await box(pane);
    expect(card.width).toBeLessThanOrEqual(380);
    expect(card.height).toBeLessThanOrEqual(560);
    expect(DESKTOP.width - (card.x + card.width)).toBeLessThanOrEqual(24);
    expect(DESKTOP.height - (card.y + card.height)).toBeLessThanOrEqual(24);
    // The page beside the card scrolls under the wheel.
    await page.mouse.move(400, 400);
    await page.mouse.wheel(0, 600);
    await waitFor(async () => (await scrollY(page)) > 100, { timeoutMs: 5_000 });
    expect(await page.evaluate('document.documentElement.style.overflow + document.body.style.overflow')).toBe('');
    await saveScreenshot(page, 'widget-desktop-card');

    await page.keyboard.press('Escape');
    expect(await focusInWidget(page)).toBe('BUTTON.bubble');
    expect(problems).toEqual([]);
    await context.close();
  });

  it("in Arabic on a phone: the footer's controls whole, none cut off, and every control of the pane 24 px or more to touch", async () => {
    const context = await platform.browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'en-US' });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(arabic.url);
    await page.getByRole('button', { name: 'Open chat' }).tap();
    const pane = page.locator('parley-chat-widget .panel');
    await pane.getByText('مرحبًا! اسألنا عن دراجتك.').waitFor();
    await pane.locator('textarea').fill('السلسلة تقفز');
    await pane.locator('textarea').press('Enter');
    await pane.locator('.message.assistant', { hasText: 'ready on Friday' }).waitFor();
    // Once there is a conversation: a person on offer, its transcript by email, and deleting it.
    const footer = pane.locator('.composer-area button');
    await waitFor(async () => (await footer.count()) >= 4, { timeoutMs: 5_000 });
    expect(await pane.getAttribute('dir')).toBe('rtl');

    const panel = await box(pane);
    for (const control of await footer.all()) {
      const name = (await control.textContent())?.trim();
      // Whole: its text fits its box, and its box the pane.
      const fits = await control.evaluate((node) => {
        // Runs in the page; this file is compiled without the DOM's types.
        const e = node as unknown as Record<'scrollWidth' | 'clientWidth' | 'scrollHeight' | 'clientHeight', number>;
        return e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight;
      });
      expect(fits, `${name} fits its box`).toBe(true);
      const at = await box(control);
      expect(at.x, `${name} inside the pane`).toBeGreaterThanOrEqual(panel.x);
      expect(at.x + at.width, `${name} inside the pane`).toBeLessThanOrEqual(panel.x + panel.width);
    }
    // Every control a finger can hit: 24 px or more each way.
    for (const control of await pane.locator('button:visible, textarea:visible, input:visible, select:visible').all()) {
      const at = await box(control);
      const name = (await control.getAttribute('aria-label')) ?? (await control.textContent())?.trim();
      expect(Math.min(at.width, at.height), `${name}: ${Math.round(at.width)}×${Math.round(at.height)}`).toBeGreaterThanOrEqual(24);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-phone-arabic-footer');
    expect(problems).toEqual([]);
    await context.close();
  });
});
