import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textChat } from '../src/routes/management/exports/csv-export.test-kit.js';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import { ADMIN_KEY, echoAgent, type GatewayHarness } from './gateway-harness.js';

/** A phone held upright and a desktop: every screen is used on both. */
const SIZES = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'desktop', width: 1440, height: 900 },
] as const;
type Size = (typeof SIZES)[number];

/** A test's steps on one page after another, in a browser: more than the default half minute. */
const SCREENS_MS = 120_000;

/** How far the page is wider than the window: nothing may make a phone scroll sideways. */
const overflow = (page: Page) => page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as Promise<number>;
/** What reaches past the window's right edge, for the message when something does: the outermost such elements. */
const widest = (page: Page) =>
  page.evaluate(
    `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1)).slice(0, 5).map((e) => e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')`,
  ) as Promise<string>;

describe.each(SIZES)('the console’s screens of every management API, on a $name ($width×$height) in Chromium', (size: Size) => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let tenant: { tenantId: string; key: string };
  let agentId: string;
  /** An editor's key: what the owners' buttons look like from below. */
  let editorKey: string;
  /** What the tenant's webhook receiver on loopback was sent. */
  const received: { type: string }[] = [];
  const receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push(JSON.parse(body) as { type: string });
      response.writeHead(204).end();
    });
  });
  let receiverUrl: string;
  const phone = size.width < 600;

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/parley`;
    served = await startConsoleHarness({ live: {}, webhooks: { allowPrivate: true, retryDelaysSeconds: [1], pollIntervalMs: 100 } });
    h = served.h;
    tenant = await h.seedTenant(`Harbour Ferries (${size.name})`);
    const agent = await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'timetable', config: echoAgent });
    expect(agent.status).toBe(201);
    agentId = agent.body.id;
    expect((await h.withKey(tenant.key, 'POST', '/api/agents/timetable/public-links', { title: 'Pier desk' })).status).toBe(201);
    // Something in the inbox, the teams and the members: their pages as an owner finds them at work.
    expect((await h.withKey(tenant.key, 'POST', '/api/teams', { name: 'Night desk' })).status).toBe(201);
    expect((await h.withKey(tenant.key, 'POST', '/api/knowledge', { name: 'Timetables and fares', language: 'english' })).status).toBe(201);
    const editor = await h.withKey(tenant.key, 'POST', '/api/keys', { name: 'Content desk', role: 'editor' });
    expect(editor.status).toBe(201);
    editorKey = editor.body.key;
    expect(
      (await h.withKey(tenant.key, 'POST', '/api/members', { email: 'ines.carvalho@harbour.example', name: 'Inês Carvalho', role: 'operator' })).status,
    ).toBe(201);
    const waiting = await textChat(h, { tenantId: tenant.tenantId, agentId }, ['My ticket for the 07:40 crossing from Pier 3 was charged twice'], {
      user_id: 'commuter-7',
    });
    expect((await h.signed('POST', `/api/chat/sessions/${waiting}/escalate`, { reason: 'Charged twice for one crossing' })).status).toBe(201);
  });
  afterAll(async () => {
    await served?.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  /** A browser of this size signed in with `key` (the admin key picks the tenant first), clipboard allowed. */
  async function signIn(key: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await served.browser.newContext({ viewport: { width: size.width, height: size.height } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.base });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    // Which call a refusal was, should one come: the console's own message names no address.
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`answered ${response.status()}: ${response.request().method()} ${response.url()}`);
    });
    await page.goto(`${served.base}/console`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.who .person').waitFor();
    return { context, page, problems };
  }

  /** Opens a section as a person would: on a phone the menu first (it closes again on the choice), on a desktop the column beside the page. */
  async function go(page: Page, section: string, heading = section): Promise<void> {
    const nav = page.locator('nav#console-sections');
    if (phone) {
      await expect(nav.isVisible()).resolves.toBe(false);
      await page.getByRole('button', { name: 'Menu' }).click();
    }
    await nav.getByRole('link', { name: section, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    if (phone) await expect(nav.isVisible()).resolves.toBe(false);
  }

  /** The page as it stands: nothing wider than a phone, nothing an accessibility check calls serious, and a screenshot to look at. */
  async function looked(page: Page, name: string): Promise<void> {
    await saveScreenshot(page, `console-screens-${size.name}-${name}`);
    if (phone) expect(await overflow(page), `${name} is wider than the phone: ${await widest(page)}`).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page), name).toEqual([]);
  }

  const clipboard = (page: Page) => page.evaluate('navigator.clipboard.readText()') as Promise<string>;

  it(
    'the navigation in groups, Teams beside Members; on a phone a menu; every page of an owner fits the screen',
    async () => {
      const { context, page, problems } = await signIn(tenant.key);
      await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
      // Hidden on a phone until the menu opens it: read as it is in the page.
      const nav = page.locator('nav#console-sections');
      await expect(nav.locator('.group-name').allTextContents()).resolves.toEqual(['Build', 'Support', 'Developers', 'Administration']);
      await expect(nav.locator('a').allTextContents()).resolves.toEqual([
        'Agents',
        'Knowledge',
        'Link templates',
        'Bulk links',
        'Schedules',
        'Inbox',
        'Canned replies',
        'Teams',
        'API keys',
        'Webhooks',
        'Secrets',
        'Members',
        'Privacy',
        'Budget',
        'Audit log',
        'Settings',
      ]);
      await expect(page.getByRole('button', { name: 'Menu' }).isVisible()).resolves.toBe(phone);
      await expect(nav.isVisible()).resolves.toBe(!phone);
      await looked(page, 'agents');
      if (phone) {
        await page.getByRole('button', { name: 'Menu' }).click();
        await expect(page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).resolves.toBe('true');
        await looked(page, 'menu');
        // Escape closes it again, back on its button.
        await nav.getByRole('link', { name: 'Webhooks' }).focus();
        await page.keyboard.press('Escape');
        await expect(nav.isVisible()).resolves.toBe(false);
        await expect(page.evaluate('document.activeElement.textContent')).resolves.toBe('Menu');
      }
      for (const [section, heading] of [
        ['Knowledge', 'Knowledge'],
        ['Link templates', 'Link templates'],
        ['Bulk links', 'Bulk links'],
        ['Schedules', 'Schedules'],
        ['Inbox', 'Inbox'],
        ['Canned replies', 'Canned replies'],
        ['Teams', 'Teams'],
        ['API keys', 'API keys'],
        ['Webhooks', 'Webhooks'],
        ['Secrets', 'Secrets'],
        ['Members', 'Members'],
        ['Privacy', 'Privacy'],
        ['Budget', 'Budget'],
        ['Audit log', 'Audit log'],
        ['Settings', /^Settings/],
      ] as const) {
        await go(page, section, heading as string);
        if (section === 'Inbox') await page.locator('.badge', { hasText: 'Live' }).waitFor();
        await looked(page, section.toLowerCase().replaceAll(' ', '-'));
        if (section === 'Inbox') {
          await page.locator('.inbox-list a', { hasText: 'Charged twice' }).click();
          await page.locator('.conversation').getByText('My ticket for the 07:40 crossing').waitFor();
          await looked(page, 'inbox-conversation');
        }
      }
      // An agent's every tab.
      await go(page, 'Agents');
      await page.getByRole('link', { name: 'timetable' }).click();
      for (const tab of ['Config & versions', 'Try it', 'Public links', 'Analytics', 'Knowledge gaps', 'Tests', 'Transcripts']) {
        await page.getByRole('navigation', { name: 'Agent sections' }).getByRole('link', { name: tab }).click();
        await page.locator('nav.tabs a[aria-current="page"]', { hasText: tab }).waitFor();
        await page.getByText('Loading…').waitFor({ state: 'detached' });
        await looked(page, `agent-${tab.toLowerCase().replaceAll(/[^a-z]+/g, '-')}`);
      }
      // The old address of the members' page leads there still.
      await page.goto(`${served.base}/console/team/keys`);
      await page.getByRole('heading', { level: 1, name: 'API keys' }).waitFor();
      expect(problems.filter((problem) => !problem.endsWith('net::ERR_ABORTED'))).toEqual([]);
      await context.close();
    },
    SCREENS_MS,
  );

  it(
    "an agent's UUID to copy; a new link's widget snippet (script tag, React, Vue) copied; the link edited on its page",
    async () => {
      const { context, page, problems } = await signIn(tenant.key);
      await page.getByRole('link', { name: 'timetable' }).click();
      const id = page.locator('[data-agent-id]');
      await expect(id.textContent()).resolves.toBe(agentId);
      await page.getByRole('button', { name: 'Copy ID' }).click();
      await page.getByRole('status').filter({ hasText: 'Copied to the clipboard.' }).waitFor();
      await expect(clipboard(page)).resolves.toBe(agentId);
      await looked(page, 'agent-id');

      // A new link: its address once, and the widget's snippet with its token.
      await page.getByRole('navigation', { name: 'Agent sections' }).getByRole('link', { name: 'Public links' }).click();
      await page.getByRole('button', { name: 'New link' }).click();
      await page.getByLabel('Title', { exact: true }).fill('Night crossing');
      await page.getByRole('button', { name: 'Create link' }).click();
      const url = await page.getByRole('textbox', { name: 'Link address' }).inputValue();
      const token = url.slice(url.lastIndexOf('/c/') + 3);
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const snippet = page.locator('textarea[data-snippet]');
      await expect(snippet.inputValue()).resolves.toBe(`<script src="${served.base}/widget.js" data-token="${token}" async></script>`);
      await page.getByRole('button', { name: 'React', exact: true }).click();
      await expect(snippet.inputValue()).resolves.toContain(`<ParleyChat platformUrl="${served.base}" token="${token}" />`);
      await page.getByRole('button', { name: 'Vue', exact: true }).click();
      const vue = await snippet.inputValue();
      expect(vue).toContain(`import { ParleyChat } from '@parley/widget-vue';`);
      expect(vue).toContain(`<ParleyChat platform-url="${served.base}" token="${token}" />`);
      await page.getByRole('button', { name: 'Copy snippet Vue' }).click();
      await expect(clipboard(page)).resolves.toBe(vue);
      await looked(page, 'link-created');
      await page.getByRole('button', { name: 'Done' }).click();

      // Its page: why the address is not shown again, the snippet with a placeholder, its settings changed.
      const created = (await h.withKey(tenant.key, 'GET', '/api/agents/timetable/public-links')).body.links.find(
        (link: { title: string }) => link.title === 'Night crossing',
      );
      await page.locator(`tr[data-link-id="${created.id}"]`).getByRole('link', { name: 'Edit Night crossing' }).click();
      await page.getByRole('heading', { name: 'Night crossing' }).waitFor();
      await expect(page.locator('[data-link-id]').textContent()).resolves.toBe(created.id);
      await page.getByText('The link’s address was shown once').waitFor();
      await expect(snippet.inputValue()).resolves.toContain('data-token="LINK_TOKEN"');
      await expect(page.getByLabel('Title', { exact: true }).inputValue()).resolves.toBe('Night crossing');
      await page.getByLabel('Title', { exact: true }).fill('Night crossing (winter)');
      await page.getByLabel('Max sessions', { exact: true }).fill('40');
      const asked = page.waitForRequest((request) => request.method() === 'PUT' && new URL(request.url()).pathname.endsWith(`/public-links/${created.id}`));
      await page.getByRole('button', { name: 'Save changes' }).click();
      // Only what was changed is sent.
      expect((await asked).postDataJSON()).toEqual({ title: 'Night crossing (winter)', max_sessions: 40 });
      await page.getByRole('status').filter({ hasText: '“Night crossing (winter)” is saved.' }).waitFor();
      const edited = (await h.withKey(tenant.key, 'GET', '/api/agents/timetable/public-links')).body.links.find(
        (link: { id: string }) => link.id === created.id,
      );
      expect(edited).toMatchObject({ title: 'Night crossing (winter)', max_sessions: 40, session_timeout_minutes: 30, active: true });
      await page.getByRole('heading', { name: 'Night crossing (winter)' }).waitFor();
      await looked(page, 'link-page');
      expect(problems).toEqual([]);
      await context.close();
    },
    SCREENS_MS,
  );

  it(
    'webhooks: one made (its secret shown once) receives an event, and its delivery shows with status and attempt; then deleted',
    async () => {
      const { context, page, problems } = await signIn(tenant.key);
      await go(page, 'Webhooks');
      await page.getByText('No webhooks yet.').waitFor();
      await page.getByRole('button', { name: 'New webhook' }).click();
      await page.getByLabel('URL').fill(receiverUrl);
      await page.getByLabel('All events').uncheck();
      await page.getByLabel('link.created').check();
      await looked(page, 'webhook-form');
      await page.getByRole('button', { name: 'Create webhook' }).click();
      const secret = await page.getByLabel('Signing secret').inputValue();
      expect(secret).toMatch(/^whsec_/);
      await page.getByRole('button', { name: 'Copy secret' }).click();
      await expect(clipboard(page)).resolves.toBe(secret);
      await looked(page, 'webhook-secret');
      await page.getByRole('button', { name: 'Done' }).click();
      expect(await page.content()).not.toContain(secret);
      const [webhook] = (await h.withKey(tenant.key, 'GET', '/api/webhooks')).body.webhooks;
      expect(webhook).toMatchObject({ url: receiverUrl, events: ['link.created'], format: 'standard' });

      // An event: its delivery, listed as it succeeds.
      const row = page.locator(`tr[data-webhook-id="${webhook.id}"]`);
      await row.getByRole('button', { name: `Deliveries ${receiverUrl}` }).click();
      await page.getByText('Nothing delivered yet').waitFor();
      expect((await h.withKey(tenant.key, 'POST', '/api/agents/timetable/public-links', { title: 'Morning crossing' })).status).toBe(201);
      await waitFor(() => received.some((event) => event.type === 'link.created'), { timeoutMs: 10_000 });
      const delivery = page.locator('tr[data-delivery]');
      await delivery.locator('[data-status="succeeded"]').waitFor();
      await expect(delivery.textContent()).resolves.toContain('link.created');
      await expect(delivery.locator('td').nth(2).textContent()).resolves.toBe('1');
      await expect(delivery.textContent()).resolves.toContain('204');
      await looked(page, 'webhook-deliveries');

      await row.getByRole('button', { name: `Delete ${receiverUrl}` }).click();
      await row.getByRole('button', { name: `Confirm delete ${receiverUrl}` }).click();
      await page.getByRole('status').filter({ hasText: 'is deleted' }).waitFor();
      await expect((await h.withKey(tenant.key, 'GET', '/api/webhooks')).body.webhooks).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();
    },
    SCREENS_MS,
  );

  it(
    'secrets: a tool secret set, given a new value and never shown; a chat secret made (shown once) and revoked',
    async () => {
      const { context, page, problems } = await signIn(tenant.key);
      await go(page, 'Secrets');
      await page.getByRole('button', { name: 'New tool secret' }).click();
      await page.getByLabel('Name', { exact: true }).fill('ferry_api');
      await expect(page.getByLabel('Name', { exact: true }).inputValue()).resolves.toBe('FERRY_API');
      await page.getByLabel('Value', { exact: true }).fill('s3cr3t-first-value');
      await page.getByRole('button', { name: 'Create secret' }).click();
      await page.getByRole('status').filter({ hasText: 'FERRY_API is set: tools may name it as {{secrets.FERRY_API}}.' }).waitFor();
      const row = page.locator('tr[data-secret="FERRY_API"]');
      await row.getByRole('button', { name: 'New value FERRY_API' }).click();
      await page.getByLabel('New value of FERRY_API').fill('s3cr3t-second-value');
      await page.getByRole('button', { name: 'Save value' }).click();
      await page.getByRole('status').filter({ hasText: 'FERRY_API has its new value' }).waitFor();
      const html = await page.content();
      expect(html).not.toContain('s3cr3t-first-value');
      expect(html).not.toContain('s3cr3t-second-value');
      const listed = (await h.withKey(tenant.key, 'GET', '/api/secrets')).body.secrets;
      expect(listed).toEqual([expect.objectContaining({ name: 'FERRY_API' })]);
      expect(listed[0].updated_at).not.toBe(listed[0].created_at);

      // A Text Chat API secret: shown once, signs requests, revoked.
      await page.getByRole('button', { name: 'New chat secret' }).click();
      const chatSecret = await page.getByLabel('Secret', { exact: true }).inputValue();
      expect(chatSecret).toMatch(/^chsec_/);
      await page.getByRole('button', { name: 'Copy secret' }).click();
      await expect(clipboard(page)).resolves.toBe(chatSecret);
      await looked(page, 'secrets');
      await page.getByRole('button', { name: 'Done' }).click();
      const [made] = (await h.withKey(tenant.key, 'GET', '/api/chat-secrets')).body.secrets;
      const chatRow = page.locator(`tr[data-chat-secret="${made.secret_id}"]`);
      await chatRow.getByRole('button', { name: `Revoke ${made.secret_id}` }).click();
      await chatRow.getByRole('button', { name: `Confirm revoke ${made.secret_id}` }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `${made.secret_id} is revoked` })
        .waitFor();
      await chatRow.waitFor({ state: 'detached' });
      await expect((await h.withKey(tenant.key, 'GET', '/api/chat-secrets')).body.secrets).toEqual([]);
      expect(problems).toEqual([]);
      await context.close();

      // An editor reads the tools' secrets by name, to write configs with, and changes nothing; the chat secrets are not theirs to see.
      const editor = await signIn(editorKey);
      await go(editor.page, 'Secrets');
      await editor.page.locator('tr[data-secret="FERRY_API"]').waitFor();
      await editor.page.getByText('Only owners set, change or delete them').waitFor();
      await expect(editor.page.getByRole('button', { name: /New tool secret|New value|Delete|New chat secret/ }).count()).resolves.toBe(0);
      await expect(editor.page.getByRole('heading', { name: 'Text Chat API secrets' }).count()).resolves.toBe(0);
      await looked(editor.page, 'secrets-editor');
      expect(editor.problems).toEqual([]);
      await editor.context.close();
    },
    SCREENS_MS,
  );

  it(
    "privacy: a visitor's data exported as a file, then erased once their user id is typed again",
    async () => {
      const userId = `rider-${size.name}`;
      await textChat(h, { tenantId: tenant.tenantId, agentId }, ['When is the last ferry?'], { user_id: userId });
      const { context, page, problems } = await signIn(tenant.key);
      await go(page, 'Privacy');
      await page.getByLabel('By signed user id').check();
      await page.getByLabel('User id', { exact: true }).fill(userId);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export data' }).click();
      const file = await download;
      const exported = JSON.parse(await readFile((await file.path()) as string, 'utf8'));
      expect(exported).toMatchObject({ user_id: userId, tenant_id: tenant.tenantId });
      expect(exported.conversations).toHaveLength(1);
      expect(JSON.stringify(exported.conversations[0].messages)).toContain('When is the last ferry?');
      await page
        .getByRole('status')
        .filter({ hasText: `Saved ${file.suggestedFilename()}` })
        .waitFor();

      // Erasing waits for the visitor to be typed again.
      const erase = page.getByRole('button', { name: 'Erase everything' });
      await expect(erase.isDisabled()).resolves.toBe(true);
      await page.getByLabel(`Type ${userId} to confirm`).fill(`${userId}x`);
      await expect(erase.isDisabled()).resolves.toBe(true);
      await page.getByLabel(`Type ${userId} to confirm`).fill(userId);
      await looked(page, 'privacy-erase');
      await erase.click();
      await page
        .getByRole('status')
        .filter({ hasText: `Erased for ${userId}: 1 conversation, ` })
        .waitFor();
      const after = await h.withKey(tenant.key, 'GET', `/api/visitors/users/${userId}/export`);
      expect(JSON.stringify(JSON.parse(after.text).conversations)).not.toContain('When is the last ferry?');
      expect(problems).toEqual([]);
      await context.close();
    },
    SCREENS_MS,
  );

  it(
    'a link template made and changed; links made in bulk for two people, then deactivated and given an expiry together',
    async () => {
      const { context, page, problems } = await signIn(tenant.key);
      await go(page, 'Link templates');
      await page.locator('tr[data-template="daily_checkin"]', { hasText: 'built in' }).waitFor();
      await page.getByRole('button', { name: 'New template' }).click();
      await page.getByLabel('Name', { exact: true }).fill('season_pass');
      await page.getByLabel('What it is for').fill('For season ticket holders');
      await page.getByLabel('Title', { exact: true }).fill('Season pass help');
      await page.getByLabel('Max sessions', { exact: true }).fill('3');
      await looked(page, 'template-form');
      await page.getByRole('button', { name: 'Create template' }).click();
      await page.getByRole('status').filter({ hasText: 'season_pass is ready to start links from.' }).waitFor();
      const template = () =>
        h.withKey(tenant.key, 'GET', '/api/link-templates').then((r) => r.body.templates.find((one: { name: string }) => one.name === 'season_pass'));
      await expect(template()).resolves.toMatchObject({ description: 'For season ticket holders', settings: { title: 'Season pass help', max_sessions: 3 } });
      await page.locator('tr[data-template="season_pass"]').getByRole('button', { name: 'Edit season_pass' }).click();
      await expect(page.getByLabel('Max sessions', { exact: true }).inputValue()).resolves.toBe('3');
      await page.getByLabel('Max sessions', { exact: true }).fill('5');
      await page.getByRole('button', { name: 'Save template' }).click();
      await page.getByRole('status').filter({ hasText: 'season_pass is saved.' }).waitFor();
      await expect(template()).resolves.toMatchObject({ settings: { title: 'Season pass help', max_sessions: 5 } });
      await looked(page, 'templates');

      // Two personalised links from the template, their addresses copied at once.
      await go(page, 'Bulk links');
      await page.getByLabel('Template').selectOption('season_pass');
      await page.getByLabel('Recipients').fill('ana@example.com, Ana\nbo@example.com, Bo');
      await page.getByRole('button', { name: 'Make links' }).click();
      await page.getByRole('heading', { name: '2 links made' }).waitFor();
      await page.getByRole('button', { name: 'Copy all addresses' }).click();
      const lines = (await clipboard(page)).split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(new RegExp(`^ana@example.com,${served.base}/c/[A-Za-z0-9_-]{32}$`));
      await looked(page, 'bulk-made');
      const made = (await h.withKey(tenant.key, 'GET', '/api/agents/timetable/public-links')).body.links.filter(
        (link: { title: string }) => link.title === 'Season pass help',
      );
      expect(made.map((link: { max_sessions: number }) => link.max_sessions)).toEqual([5, 5]);

      // Both chosen, deactivated together, then given an expiry two days away.
      for (const link of made) await page.locator(`tr[data-link-id="${link.id}"]`).getByRole('checkbox').check();
      await page.getByText('2 links chosen').waitFor();
      await page.getByRole('button', { name: 'Deactivate', exact: true }).click();
      await page.getByRole('status').filter({ hasText: '2 links changed.' }).waitFor();
      await page.getByLabel('Hours from now').fill('48');
      await page.getByRole('button', { name: 'Set expiry' }).click();
      await waitFor(async () => {
        const links = (await h.withKey(tenant.key, 'GET', '/api/agents/timetable/public-links')).body.links.filter(
          (link: { title: string }) => link.title === 'Season pass help',
        );
        return links.every((link: { active: boolean; expires_at: string | null }) => !link.active && link.expires_at !== null);
      });
      const expiry = (await h.withKey(tenant.key, 'GET', '/api/agents/timetable/public-links')).body.links.find(
        (link: { id: string }) => link.id === made[0].id,
      ).expires_at;
      expect(Math.round((Date.parse(expiry) - Date.now()) / 3_600_000)).toBe(48);
      await looked(page, 'bulk-changed');
      expect(problems).toEqual([]);
      await context.close();
    },
    SCREENS_MS,
  );

  it(
    "the budget: read by the tenant's owner, set by the platform's administrator",
    async () => {
      const owner = await signIn(tenant.key);
      await go(owner.page, 'Budget');
      await owner.page.getByText('No budget: the tenant’s turns are not capped.').waitFor();
      await owner.page.getByText('Only the platform’s administrator sets it').waitFor();
      await expect(owner.page.getByLabel('Tokens per day').count()).resolves.toBe(0);
      expect(owner.problems).toEqual([]);
      await owner.context.close();

      const { context, page, problems } = await signIn(ADMIN_KEY);
      await page.getByRole('button', { name: new RegExp(`Harbour Ferries \\(${size.name}\\)`) }).click();
      await go(page, 'Budget');
      await page.getByLabel('Tokens per day').fill('250000');
      await page.getByRole('button', { name: 'Set budget' }).click();
      await page.getByRole('status').filter({ hasText: 'The budget is 250,000 tokens a day.' }).waitFor();
      const listed = (await h.admin('GET', '/api/tenants')).body.tenants.find((one: { id: string }) => one.id === tenant.tenantId);
      expect(listed.tokens_per_day).toBe(250_000);
      await looked(page, 'budget');
      expect(problems).toEqual([]);
      await context.close();
    },
    SCREENS_MS,
  );
});
