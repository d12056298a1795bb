import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import { echoAgent, type GatewayHarness } from './gateway-harness.js';

/** The console's section links, left to right. */
const sections = (page: Page) => page.locator('nav.sections a').allTextContents();

describe('the console by role, signed in with API keys, in Chromium', () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;
  /** A tenant with one agent and one link, and a key of each role. */
  let tenant: { tenantId: string; key: string };
  const keys: Record<'editor' | 'operator' | 'viewer', string> = { editor: '', operator: '', viewer: '' };

  beforeAll(async () => {
    served = await startConsoleHarness({ live: {} });
    ({ h, browser, base } = served);
    tenant = await h.seedTenant('Tide Pool Aquarium');
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'tickets', config: echoAgent })).status).toBe(201);
    expect((await h.withKey(tenant.key, 'POST', '/api/agents/tickets/public-links', { title: 'Box office' })).status).toBe(201);
    const names = { editor: 'Content team', operator: 'Rosa Díaz', viewer: 'Board member' } as const;
    for (const role of ['editor', 'operator', 'viewer'] as const) {
      const minted = await h.withKey(tenant.key, 'POST', '/api/keys', { name: names[role], role });
      expect(minted.status).toBe(201);
      keys[role] = minted.body.key;
    }
  });
  afterAll(() => served?.close());

  /**
   * Opens `path` as a person typing it would. A call of the page left behind that the browser cuts
   * off on the way out (ERR_ABORTED while navigating) is no fault of the page: not a problem.
   */
  async function open(page: Page, problems: string[], path: string): Promise<void> {
    const before = problems.length;
    await page.goto(`${base}${path}`);
    const during = problems.splice(before);
    problems.push(...during.filter((problem) => !problem.endsWith('net::ERR_ABORTED')));
  }

  /** A fresh browser signed in with `key` at `path`. */
  async function signIn(key: string, path = '/console'): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}${path}`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('.who .person').waitFor();
    return { context, page, problems };
  }

  it('an operator key: the header names it, the console is the inbox and the teams to read, and an address beyond it says why it cannot open', async () => {
    const { context, page, problems } = await signIn(keys.operator);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await expect(page.locator('.who .person').textContent()).resolves.toBe('Rosa Díaz · operator');
    await expect(page.locator('.who').textContent()).resolves.toContain('Tide Pool Aquarium');
    expect(await sections(page)).toEqual(['Inbox', 'Canned replies', 'Teams']);
    await page.locator('.badge', { hasText: 'Live' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-operator-inbox-only');

    // A deep link to the agents: a clear message, not a page that fails call by call.
    await open(page, problems, '/console/agents');
    await page.getByRole('heading', { name: 'Your role (operator) cannot open this page' }).waitFor();
    await page.getByText('Agents is for owners, editors and viewers.').waitFor();
    await expect(page.locator('table').count()).resolves.toBe(0);
    for (const path of ['/console/team/keys', '/console/audit', '/console/schedules', '/console/settings']) {
      await open(page, problems, path);
      await page.getByRole('heading', { name: 'Your role (operator) cannot open this page' }).waitFor();
    }
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-operator-refused');
    await page.getByRole('link', { name: 'Go to Inbox' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    // Leaving the inbox by address ends its live stream (aborted), as any navigation does.
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a viewer key reads agents, their links and analytics, and is offered no button that changes anything', async () => {
    const { context, page, problems } = await signIn(keys.viewer);
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    await expect(page.locator('.who .person').textContent()).resolves.toBe('Board member · viewer');
    expect(await sections(page)).toEqual(['Agents', 'Knowledge']);
    await page.locator('tbody tr', { hasText: 'tickets' }).waitFor();
    await expect(page.getByRole('link', { name: 'New agent' }).count()).resolves.toBe(0);

    // The agent: versions and config to read, no playground, no editor, nothing to activate.
    await page.getByRole('link', { name: 'tickets' }).click();
    await page.getByRole('heading', { name: 'Versions' }).waitFor();
    await expect(page.locator('nav.tabs a').allTextContents()).resolves.toEqual(['Config & versions', 'Public links', 'Analytics', 'Knowledge gaps', 'Tests']);
    await expect(page.getByLabel('Config (JSON)').inputValue()).resolves.toContain('"initial_node": "start"');
    await expect(page.getByLabel('Config (JSON)').getAttribute('readonly')).resolves.toBe('');
    await expect(page.getByRole('button', { name: 'Save as draft' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^(Publish|Make active|Try in playground)/ }).count()).resolves.toBe(0);

    // Its links: state and usage, analytics; no new link, no deactivate, new URL or delete.
    await page.getByRole('link', { name: 'Public links' }).click();
    const row = page.locator('tr[data-link-id]', { hasText: 'Box office' });
    await row.waitFor();
    await expect(row.getByRole('button').allTextContents()).resolves.toEqual(['Analytics Box office']);
    await expect(page.getByRole('button', { name: 'New link' }).count()).resolves.toBe(0);
    await row.getByRole('button', { name: 'Analytics Box office' }).click();
    await page.getByRole('heading', { name: 'Analytics – Box office' }).waitFor();
    await page.locator('[data-figure="sessions"]').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-viewer-links');

    // The playground and a new agent, asked for by address: the role message.
    await open(page, problems, '/console/agents/tickets/try');
    await page.getByRole('heading', { name: 'Your role (viewer) cannot open this page' }).waitFor();
    await open(page, problems, '/console/agents/new');
    await page.getByRole('heading', { name: 'Your role (viewer) cannot open this page' }).waitFor();
    await page.getByText('Creating an agent is for owners and editors.').waitFor();
    await open(page, problems, '/console/inbox');
    await page.getByRole('heading', { name: 'Your role (viewer) cannot open this page' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it("an editor key has all but the owners' pages", async () => {
    const { context, page, problems } = await signIn(keys.editor);
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    expect(await sections(page)).toEqual([
      'Agents',
      'Knowledge',
      'Link templates',
      'Bulk links',
      'Schedules',
      'Inbox',
      'Canned replies',
      'Teams',
      'Webhooks',
      'Secrets',
    ]);
    await page.getByRole('link', { name: 'New agent' }).waitFor();
    await open(page, problems, '/console/team');
    await page.getByRole('heading', { name: 'Your role (editor) cannot open this page' }).waitFor();
    await page.getByText('Members is for owners.').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('an owner key adds a member, changes their role and removes them; makes a key (shown once, copied), and revokes it', async () => {
    const { context, page, problems } = await signIn(tenant.key, '/console/team');
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    expect(await sections(page)).toEqual([
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
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await page.getByText('No members yet.').waitFor();

    // A member, by email, name and role.
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByLabel('Email').fill('  Ana.Lima@Aquarium.example ');
    await page.getByLabel('Name').fill('Ana Lima');
    await page.getByLabel('Role', { exact: true }).selectOption('operator');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('status').filter({ hasText: 'Ana Lima (ana.lima@aquarium.example) may now sign in with SSO as operator.' }).waitFor();
    const ana = page.locator('tr[data-member-id]', { hasText: 'Ana Lima' });
    await expect(ana.getByLabel('Role of Ana Lima').inputValue()).resolves.toBe('operator');
    const listed = await h.withKey(tenant.key, 'GET', '/api/members');
    expect(listed.body.members).toEqual([expect.objectContaining({ email: 'ana.lima@aquarium.example', name: 'Ana Lima', role: 'operator' })]);

    // The same email again: the server's refusal, shown.
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByLabel('Email').fill('ana.lima@aquarium.example');
    await page.getByLabel('Name').fill('Ana again');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();

    // A role changed at once; a second member added to be removed.
    await ana.getByLabel('Role of Ana Lima').selectOption('editor');
    await page.getByRole('status').filter({ hasText: 'Ana Lima is now editor.' }).waitFor();
    expect((await h.withKey(tenant.key, 'GET', '/api/members')).body.members[0].role).toBe('editor');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByLabel('Email').fill('temp@aquarium.example');
    await page.getByLabel('Name').fill('Temp Worker');
    await page.getByRole('button', { name: 'Add member' }).click();
    const temp = page.locator('tr[data-member-id]', { hasText: 'Temp Worker' });
    await temp.waitFor();
    await saveScreenshot(page, 'console-team-members');
    await temp.getByRole('button', { name: 'Remove Temp Worker' }).click();
    // One click asks again; only the second removes.
    expect((await h.withKey(tenant.key, 'GET', '/api/members')).body.members).toHaveLength(2);
    await temp.getByRole('button', { name: 'Confirm remove Temp Worker' }).click();
    await page.getByRole('status').filter({ hasText: 'Temp Worker is removed and signed out.' }).waitFor();
    await temp.waitFor({ state: 'detached' });
    expect((await h.withKey(tenant.key, 'GET', '/api/members')).body.members.map((m: { name: string }) => m.name)).toEqual(['Ana Lima']);

    // API keys: the list has each role; a new key with an expiry, shown once.
    await page.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    const rosa = page.locator('tr[data-key-id]', { hasText: 'Rosa Díaz' });
    await expect(rosa.locator('td').nth(1).textContent()).resolves.toBe('operator');
    await expect(page.locator('tr[data-key-id]', { hasText: 'Support' }).textContent()).resolves.toContain('you are signed in with it');
    await page.getByRole('button', { name: 'New key' }).click();
    await page.getByLabel('Name').fill('Night desk');
    await page.getByLabel('Role').selectOption('operator');
    const expiry = new Date(Date.now() + 30 * 86_400_000);
    const local = `${expiry.getFullYear()}-${String(expiry.getMonth() + 1).padStart(2, '0')}-${String(expiry.getDate()).padStart(2, '0')}T18:00`;
    await page.getByLabel('Expires (optional)').fill(local);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create key' }).click();
    const shown = page.getByLabel('Key of Night desk');
    const minted = await shown.inputValue();
    expect(minted).toMatch(/^prl_/);
    await page.getByRole('button', { name: 'Copy key' }).click();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(minted);
    expect((await h.withKey(minted, 'GET', '/api/me')).body).toMatchObject({ actor: { kind: 'key', name: 'Night desk' }, role: 'operator' });
    const night = page.locator('tr[data-key-id]', { hasText: 'Night desk' });
    await expect(night.locator('.badge').textContent()).resolves.toBe('active');
    await expect(night.locator('td').nth(4).textContent()).resolves.not.toBe('never');
    const stored = (await h.withKey(tenant.key, 'GET', '/api/keys')).body.keys.find((k: { name: string }) => k.name === 'Night desk');
    expect(new Date(stored.expires_at).getTime()).toBe(new Date(local).getTime());
    await saveScreenshot(page, 'console-team-keys');
    // Done: the key is nowhere on the page, and the list never had it.
    await page.getByRole('button', { name: 'Done' }).click();
    await shown.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(minted);

    // Revoked after a second click: refused at once, and listed as revoked.
    await night.getByRole('button', { name: 'Revoke Night desk' }).click();
    expect((await h.withKey(minted, 'GET', '/api/me')).status).toBe(200);
    await night.getByRole('button', { name: 'Confirm revoke Night desk' }).click();
    await night.locator('.badge', { hasText: 'revoked' }).waitFor();
    await expect(night.getByRole('button').count()).resolves.toBe(0);
    await waitFor(async () => (await h.withKey(minted, 'GET', '/api/me')).status === 401, { timeoutMs: 2_000 });
    expect(await seriousViolations(page)).toEqual([]);
    // The one refusal the page expected: the duplicate member (409).
    expect(problems.filter((p) => !p.includes('status of 409'))).toEqual([]);
    await context.close();
  });
});
