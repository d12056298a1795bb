import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostSite, startAppSite, startWidgetPlatform, type WidgetPlatform } from './widget-fixtures.js';

/** Requests for a page made in the test's own doing: a platform that is down, a policy refusing it. */
const expected = (problems: string[]) => problems.filter((p) => !/127\.0\.0\.1:9\b|ERR_CONNECTION_REFUSED/.test(p));

/** How many widgets are on the page (each its own element, its pane in a shadow root). */
const widgets = (page: Page) => page.locator('parley-chat-widget').count();

/**
 * A site built with a framework component for the widget (React's or Vue's), against a real
 * platform: its app (`build()`: /app.js) mounts the component with the link tokens it is given
 * and a page context (`/repairs`, plan `pro`), and has controls that change its props – "Auf
 * Deutsch", "Ask about rentals", "Remove the chat", "Hide the chat button" – or call the
 * widget's methods – "Ask about a chain" (prefill), "Ask if it is ready" (sendMessage) – and a
 * list of what the component reported ("What the chat said": `ready`, `open`, `unread: n`,
 * `role: content`, ` (replayed)` after a replayed message, `error (code): message`).
 */
export function describeWidgetComponent(framework: string, build: () => Promise<string>): void {
  describe(`the ${framework} component for the widget, in Chromium`, () => {
    let platform: WidgetPlatform;
    let site: HostSite;

    beforeAll(async () => {
      const appJs = await build();
      platform = await startWidgetPlatform();
      const rentals = await platform.addLink({ title: 'Spoke & Chain rentals', welcome_message: 'Hi! Which bike would you like to rent?' });
      site = await startAppSite(platform.gateway.url, [platform.token, rentals.token], appJs);
    }, 120_000);
    afterAll(async () => {
      await site?.close();
      await platform?.stop();
    });

    it('puts the chat on the page once, chats, follows its props and goes when unmounted', { timeout: 120_000 }, async () => {
      const context = await platform.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const problems = await watchPage(page);
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/widget.js')) scripts.push(request.url());
      });
      const sockets: { url: string; closed: boolean }[] = [];
      page.on('websocket', (socket) => {
        const entry = { url: socket.url(), closed: false };
        sockets.push(entry);
        socket.on('close', () => {
          entry.closed = true;
        });
      });
      const said = page.getByRole('list', { name: 'What the chat said' });

      await page.goto(site.url);
      await page.getByRole('button', { name: 'Open chat' }).click();
      await page.getByRole('heading', { name: 'Spoke & Chain help' }).waitFor();
      await page.getByText('Hello! Ask us about your repair.').waitFor();
      expect(await widgets(page)).toBe(1);

      platform.llm.setHandler(() => ({ content: 'Bring it in on Monday: the repair takes two days.' }));
      await page.getByLabel('Message').fill('When can I bring my bike?');
      await page.keyboard.press('Enter');
      await page.locator('.message.assistant', { hasText: 'Bring it in on Monday: the repair takes two days.' }).waitFor();
      await said.getByText('assistant: Bring it in on Monday: the repair takes two days.').waitFor();
      await expect(said.getByText('open').count()).resolves.toBe(1);
      // The ref is the widget itself.
      await waitFor(
        async () => {
          await page.getByRole('button', { name: 'Check the connection' }).click();
          return (await said.getByText('connected: true').count()) > 0;
        },
        { timeoutMs: 10_000 },
      );
      expect(await seriousViolations(page)).toEqual([]);
      await saveScreenshot(page, `widget-${framework}-chatting`);

      // Another language: the widget is built anew, open again, in German, the conversation kept.
      await page.getByRole('button', { name: 'Auf Deutsch' }).click();
      await page.getByLabel('Nachricht').waitFor();
      await page.locator('.message.assistant', { hasText: 'Bring it in on Monday: the repair takes two days.' }).waitFor();
      await page.getByRole('button', { name: 'Senden' }).waitFor();
      expect(await widgets(page)).toBe(1);
      expect(await page.locator('parley-chat-widget .bubble').getAttribute('aria-label')).toBe('Chat öffnen');
      await saveScreenshot(page, `widget-${framework}-german`);

      // Another link: its own title and welcome, not the other link's conversation.
      await page.getByRole('button', { name: 'Ask about rentals' }).click();
      await page.getByRole('heading', { name: 'Spoke & Chain rentals' }).waitFor();
      await page.getByText('Hi! Which bike would you like to rent?').waitFor();
      expect(await page.locator('parley-chat-widget .message', { hasText: 'Bring it in on Monday' }).count()).toBe(0);
      expect(await widgets(page)).toBe(1);
      await saveScreenshot(page, `widget-${framework}-other-link`);

      // Unmounted: the widget and its live connection go.
      await page.getByRole('button', { name: 'Remove the chat' }).click();
      await waitFor(async () => (await widgets(page)) === 0, { timeoutMs: 5_000 });
      expect(sockets.length).toBeGreaterThan(0);
      await waitFor(() => sockets.every((socket) => socket.closed), { timeoutMs: 10_000 });
      expect(await page.getByRole('button', { name: /Open chat|Chat öffnen/ }).count()).toBe(0);
      await saveScreenshot(page, `widget-${framework}-removed`);

      // Back again, without loading widget.js a second time (strict mode's double mount neither).
      await page.getByRole('button', { name: 'Add the chat' }).click();
      await page.getByRole('button', { name: 'Chat öffnen' }).waitFor();
      expect(await widgets(page)).toBe(1);
      expect(scripts).toEqual([`${platform.gateway.url}/widget.js`]);
      expect(expected(problems)).toEqual([]);
      await context.close();
    });

    it('reports a platform it cannot reach and a missing link token, and puts no widget on the page', async () => {
      const context = await platform.browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const said = page.getByRole('list', { name: 'What the chat said' });

      await page.goto(`${site.url}?down`);
      await said.getByText('error (unavailable): Could not load http://127.0.0.1:9/widget.js').waitFor();
      expect(await widgets(page)).toBe(0);

      await page.goto(`${site.url}?no-token`);
      await said.getByText('error (invalid): ChatWidget: a link token is required').waitFor();
      expect(await widgets(page)).toBe(0);
      await context.close();
    });

    it("hands the page the widget's events and methods: ready, prefill, the page context, unread replies while closed, the launcher hidden by a prop, replays marked after a reload", {
      timeout: 120_000,
    }, async () => {
      const context = await platform.browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      const problems = await watchPage(page);
      const said = page.getByRole('list', { name: 'What the chat said' });
      const lines = async () => (await said.getByRole('listitem').allTextContents()).map((line) => line.trim());
      await page.goto(site.url);
      await said.getByText('ready', { exact: true }).waitFor();

      // A control of the page puts a question in the box and opens the pane; the visitor sends it.
      await page.getByRole('button', { name: 'Ask about a chain' }).click();
      const field = page.getByLabel('Message');
      await waitFor(async () => (await field.inputValue()) === 'My chain skips on the small cog');
      expect(await lines()).toEqual(['ready', 'open']);
      platform.llm.setHandler(() => ({ content: 'A worn cog: we replace it with the chain.' }));
      await page.keyboard.press('Enter');
      await said.getByText('assistant: A worn cog: we replace it with the chain.', { exact: true }).waitFor();

      // The component's page context is in the conversation's collected data.
      const stored = await platform.h.ctx.db
        .selectFrom('text_conversation_messages')
        .select('conversation_id')
        .where('content', '=', 'My chain skips on the small cog')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow();
      const view = await platform.h.admin('GET', `/api/conversations/${stored.conversation_id}`, undefined, platform.tenantId);
      expect(view.body.collected_data).toMatchObject({ 'context.page': '/repairs', 'context.plan': 'pro' });

      // Closed, the page asks through the widget: the reply counts as unread.
      await page.getByRole('button', { name: 'Close chat' }).click();
      platform.llm.setHandler(() => ({ content: 'Yes, it is ready.' }));
      await page.getByRole('button', { name: 'Ask if it is ready' }).click();
      await said.getByText('unread: 1', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Open chat (1)' }).waitFor();

      // The launcher hidden by a prop, and back.
      await page.getByRole('button', { name: 'Hide the chat button' }).click();
      await waitFor(async () => !(await page.locator('parley-chat-widget .bubble').isVisible()));
      await page.getByRole('button', { name: 'Show the chat button' }).click();
      await page.getByRole('button', { name: 'Open chat (1)' }).click();
      await said.getByText('unread: 0', { exact: true }).waitFor();

      // A reload: the history comes again, every message of it marked as a replay.
      await page.reload();
      await said.getByText('ready', { exact: true }).waitFor();
      await page.getByRole('button', { name: 'Open chat' }).click();
      await said.getByText('assistant: Yes, it is ready. (replayed)', { exact: true }).waitFor();
      const replays = (await lines()).filter((line) => line.includes(': '));
      expect(replays.length).toBeGreaterThan(0);
      expect(replays.every((line) => line.endsWith(' (replayed)'))).toBe(true);
      await saveScreenshot(page, `widget-${framework}-api`);
      expect(expected(problems)).toEqual([]);
      await context.close();
    });
  });
}
