import { orderStatusTool, type ShopService, saveScreenshot, seriousViolations, startShopService, watchPage } from '@parley/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import type { GatewayHarness } from './gateway-harness.js';

/** An order desk that looks the order up when it has its number (a node's `call`), and says so – or that the shop is down. */
const deskAgent = (shop: string) => ({
  tools: [orderStatusTool(shop, { timeout_ms: 2_000 })],
  workflow: {
    initial_node: 'ask',
    nodes: [
      {
        id: 'ask',
        name: 'Ask',
        static_text: 'Your order number?',
        extract: [{ name: 'order_id', pattern: '(BK-\\d+)' }],
        transitions: [{ to: 'look', condition: 'variables_extracted:order_id' }],
      },
      {
        id: 'look',
        name: 'Look up',
        call: { tool: 'order_status', args: { order_id: '{{order_id}}' }, save_as: 'order' },
        transitions: [
          { to: 'found', condition: 'tool_ok:order' },
          { to: 'down', condition: 'tool_failed:order' },
        ],
      },
      { id: 'found', name: 'Found', static_text: 'Order {{order_id}} is {{order.status}}.', transitions: [{ to: 'ask', condition: 'user_responded' }] },
      { id: 'down', name: 'Down', static_text: 'The shop is not answering ({{order_error}}).', transitions: [{ to: 'ask', condition: 'user_responded' }] },
    ],
  },
});

/** The playground shows each turn's tool calls beside its transitions (docs/workflow.md "Tools"), on a desktop and a phone. */
describe('the playground in Chromium: tool calls in the trace', () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;
  let shop: ShopService;
  let owner: string;

  beforeAll(async () => {
    shop = await startShopService();
    // The shop is on loopback: the runner reaches it only as in development.
    served = await startConsoleHarness({ runnerTools: { allowPrivate: true } });
    ({ h, browser, base } = served);
    ({ key: owner } = await h.seedTenant('Lamp Shop'));
    expect((await h.withKey(owner, 'POST', '/api/agents', { name: 'desk', config: deskAgent(shop.url) })).status).toBe(201);
  });
  afterAll(async () => {
    await served?.close();
    await shop?.close();
  });

  it.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ])('on a %s: a call that answered, then one that failed, each with its status and time', async (name, viewport) => {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/agents/desk`);
    await page.getByLabel('API key').fill(owner);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Try it' }).click();
    await page.getByRole('button', { name: 'Start a session' }).click();
    await page.locator('.turn.assistant', { hasText: 'Your order number?' }).waitFor();

    shop.mode = { kind: 'ok' };
    await page.getByLabel('Message').fill('It is BK-1042');
    await page.keyboard.press('Enter');
    const found = page.locator('.turn.assistant').nth(1);
    await found.locator('.said', { hasText: 'Order BK-1042 is shipped.' }).waitFor();
    const call = found.getByRole('list', { name: 'Tool calls' }).locator('li');
    await expect(call.count()).resolves.toBe(1);
    await expect(call.textContent()).resolves.toMatch(/^order_status\(\{"order_id":"BK-1042"\}\) → ok \d+ ms$/);

    shop.mode = { kind: 'down' };
    await page.getByLabel('Message').fill('And BK-7?');
    await page.keyboard.press('Enter');
    const down = page.locator('.turn.assistant').nth(2);
    await down.locator('.said', { hasText: 'The shop is not answering (error).' }).waitFor();
    await expect(down.locator('.tool-calls li').getAttribute('data-status')).resolves.toBe('error');
    await expect(down.locator('.tool-calls .badge').textContent()).resolves.toBe('failed');
    // Nothing of the call's arguments runs past the screen's edge.
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, `console-playground-tools-${name}`);
    expect(problems).toEqual([]);
    await context.close();
  });
});
