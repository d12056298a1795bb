import { saveScreenshot, seriousViolations } from '@parley/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleWithSso } from './console-harness.js';
import { echoAgent, type GatewayHarness } from './gateway-harness.js';

const SIGNED_OUT = 'You are signed out: your session has ended or your access was removed. Sign in again.';

/**
 * What the platform's pages complain of – console errors and warnings, failed requests – but not
 * the provider's development login page (its web fonts from the internet, its favicon), which is
 * not the platform's. Page errors and CSP violations count wherever they happen.
 */
function watchOwnPages(page: Page, origin: () => string): string[] {
  const problems: string[] = [];
  const ours = (url: string) => url === '' || url.startsWith(origin());
  page.on('console', (message) => {
    if ((message.type() === 'error' || message.type() === 'warning') && ours(message.location().url)) problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (ours(request.url())) problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  return problems;
}

/** The console's section links, left to right. */
const sections = (page: Page) => page.locator('nav.sections a').allTextContents();

/**
 * The console with SSO sign-in in Chromium (docs/management-api.md, "Signing in to the console with SSO"):
 * a real OpenID provider on loopback with its own login page, the gateway in front of the real
 * services, members added by the tenant's owner.
 */
describe('the console signed in with SSO, in Chromium', () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;
  let owner: string;
  let link: { token: string };
  const members: Record<string, string> = {};

  beforeAll(async () => {
    served = await startConsoleWithSso(
      [
        { email: 'ana.lima@aquarium.example', email_verified: true, name: 'Ana at the provider' },
        { email: 'bruno.costa@aquarium.example', email_verified: true, name: 'Bruno' },
        { email: 'stranger@elsewhere.example', email_verified: true, name: 'Stranger' },
      ],
      { live: {} },
    );
    ({ h, browser, base } = served);
    ({ key: owner } = await h.seedTenant('Tide Pool Aquarium'));
    for (const [email, name, role] of [
      ['ana.lima@aquarium.example', 'Ana Lima', 'operator'],
      ['bruno.costa@aquarium.example', 'Bruno Costa', 'editor'],
    ] as const) {
      const added = await h.withKey(owner, 'POST', '/api/members', { email, name, role });
      expect(added.status).toBe(201);
      members[name] = added.body.member_id;
    }
    expect((await h.withKey(owner, 'POST', '/api/agents', { name: 'tickets', config: echoAgent })).status).toBe(201);
    link = (await h.withKey(owner, 'POST', '/api/agents/tickets/public-links', { title: 'Box office' })).body;
  });
  afterAll(async () => {
    await served?.close();
  });

  /** A fresh browser at the console's sign-in page. */
  async function openConsole(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = watchOwnPages(page, () => base);
    await page.goto(`${base}/console`);
    await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
    return { context, page, problems };
  }

  /** "Sign in with SSO", then the provider's own login form, as a person fills it in. */
  async function signInAtProvider(page: Page, email: string): Promise<void> {
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.locator('input[name=login]').fill(email);
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
      status: r.status,
      body: (r.status === 204 ? null : await r.json()) as any,
    }));

  it('an operator member signs in through the provider: named in the header, the inbox and the teams to read, answers under their name, signs out', async () => {
    const { context, page, problems } = await openConsole();
    // The key form stays beside SSO.
    await page.getByLabel('API key').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-sso-sign-in');

    await signInAtProvider(page, 'ana.lima@aquarium.example');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console');
    await expect(page.locator('.who .person').textContent()).resolves.toBe('Ana Lima · operator');
    await expect(page.locator('.who').textContent()).resolves.toContain('Tide Pool Aquarium');
    expect(await sections(page)).toEqual(['Inbox', 'Canned replies', 'Teams']);
    // The session is a cookie no script can read; nothing is kept in the tab.
    const session = (await context.cookies(base)).find((cookie) => cookie.name === 'parley_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    await expect(page.evaluate('document.cookie')).resolves.not.toContain('parley_session');
    await expect(page.evaluate('sessionStorage.getItem("parley.console")')).resolves.toBeNull();
    await page.locator('.badge', { hasText: 'Live' }).waitFor();

    // A visitor asks for a person: Ana, the one operator online, is offered it, accepts and answers
    // (each change carries the CSRF token).
    const started = await post(`/api/public/chat/${link.token}`, { content: 'I lost my ticket' });
    const asked = await post(`/api/public/chat/${link.token}/escalate`, { session: started.body.session, reason: 'Lost ticket' });
    expect(asked.status).toBe(201);
    const entry = page.locator(`.queue.offered a[data-escalation-id="${asked.body.escalation.id}"]`);
    await entry.click();
    await page.locator('.conversation').getByRole('button', { name: 'Accept' }).click();
    await page.getByText('claimed by Ana Lima (you)').waitFor();
    await page.getByLabel('Message').fill('Hello, Ana here – I can reissue it.');
    await page.keyboard.press('Enter');
    // Who answered: the member's name, in the console and on the visitor's side.
    const reply = page.locator('.history .bubble.operator', { hasText: 'Ana here' });
    await reply.waitFor();
    await expect(reply.locator('.who').textContent()).resolves.toBe('Ana Lima');
    const history = (await fetch(`${base}/api/public/history/${link.token}?session=${started.body.session}`).then((r) => r.json())) as {
      messages: { role: string; operator_name?: string }[];
    };
    expect(history.messages.filter((m) => m.role === 'operator')).toEqual([expect.objectContaining({ operator_name: 'Ana Lima' })]);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-sso-operator-inbox');
    // The audit log names the member.
    const audit = await h.withKey(owner, 'GET', '/api/audit?action=member.sign_in');
    expect(audit.body.entries[0].actor).toMatchObject({ kind: 'member', id: members['Ana Lima'], name: 'Ana Lima' });

    // Beyond the role, by address: the role message. A reload keeps the session.
    await page.goto(`${base}/console/agents`);
    await page.getByRole('heading', { name: 'Your role (operator) cannot open this page' }).waitFor();
    await expect(page.locator('.who .person').textContent()).resolves.toBe('Ana Lima · operator');

    // Signing out ends the session on the server: the cookie is gone and a reload asks to sign in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
    expect((await context.cookies(base)).some((cookie) => cookie.name === 'parley_session')).toBe(false);
    await page.reload();
    await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
    const ended = await h.withKey(owner, 'GET', '/api/audit?action=member.sign_out');
    expect(ended.body.entries[0].actor).toMatchObject({ kind: 'member', name: 'Ana Lima' });
    // Expected refusals only: the console asking who is signed in before anyone is (401), and the
    // inbox's live stream ended by leaving the page.
    expect(problems.filter((p) => !p.includes('status of 401') && !p.includes('/api/inbox/events net::ERR_ABORTED'))).toEqual([]);
    await context.close();
  });

  it("an editor member whose role is lowered sees the server's refusal; removed by the owner, their next step signs them out", async () => {
    const { context, page, problems } = await openConsole();
    await signInAtProvider(page, 'bruno.costa@aquarium.example');
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    await expect(page.locator('.who .person').textContent()).resolves.toBe('Bruno Costa · editor');
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
    await page.getByRole('link', { name: 'Schedules' }).click();
    await page.getByRole('heading', { name: 'Schedules' }).waitFor();

    // The owner, in the console with the tenant's key, makes Bruno a viewer.
    const ownerContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const ownerPage = await ownerContext.newPage();
    ownerPage.setDefaultTimeout(10_000);
    await ownerPage.goto(`${base}/console/team`);
    await ownerPage.getByLabel('API key').fill(owner);
    await ownerPage.getByRole('button', { name: 'Sign in' }).click();
    const bruno = ownerPage.locator('tr[data-member-id]', { hasText: 'Bruno Costa' });
    await bruno.getByLabel('Role of Bruno Costa').selectOption('viewer');
    await ownerPage.getByRole('status').filter({ hasText: 'Bruno Costa is now viewer.' }).waitFor();

    // Bruno's page, still open on the schedules: the server refuses, and the page says why.
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByRole('alert').filter({ hasText: 'Your role (viewer) cannot do this: it needs the editor role or above.' }).waitFor();
    // A reload shows what a viewer has.
    await page.reload();
    await page.getByRole('heading', { name: 'Your role (viewer) cannot open this page' }).waitFor();
    expect(await sections(page)).toEqual(['Agents', 'Knowledge']);

    // Removed: the owner confirms; Bruno's next step finds him signed out.
    await bruno.getByRole('button', { name: 'Remove Bruno Costa' }).click();
    await bruno.getByRole('button', { name: 'Confirm remove Bruno Costa' }).click();
    await ownerPage.getByRole('status').filter({ hasText: 'Bruno Costa is removed and signed out.' }).waitFor();
    await saveScreenshot(ownerPage, 'console-sso-owner-removed-member');
    await page.locator('nav.sections').getByRole('link', { name: 'Agents' }).click();
    await page.getByText(SIGNED_OUT).waitFor();
    await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
    // Signing in again (the provider remembers him: no login form this time) is refused.
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.getByRole('heading', { name: 'Not a member' }).waitFor();
    await page.getByText('bruno.costa@aquarium.example is not a member of any team').waitFor();
    expect(problems.filter((p) => !/status of (401|403)/.test(p))).toEqual([]);
    await ownerContext.close();
    await context.close();
  });

  it('a person who is no member of any team gets a clear refusal page, and the way back to the console', async () => {
    const { context, page, problems } = await openConsole();
    await signInAtProvider(page, 'stranger@elsewhere.example');
    await page.getByRole('heading', { name: 'Not a member' }).waitFor();
    await page.getByText('stranger@elsewhere.example is not a member of any team on this Parley. Ask an owner to add you.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/auth/oidc/callback');
    expect((await context.cookies(base)).some((cookie) => cookie.name === 'parley_session')).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-sso-not-a-member');
    await page.getByRole('link', { name: 'Back to the console' }).click();
    await page.getByRole('link', { name: 'Sign in with SSO' }).waitFor();
    // The refusal page's own 403, and the console asking who is signed in (401): nothing else.
    expect(problems.filter((p) => !/status of (401|403)/.test(p))).toEqual([]);
    await context.close();
  });
});
