import { createLogger } from '@parley/logger';
import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpMailer } from '../src/mail/verification-mailer.js';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import { ADMIN_KEY, type GatewayHarness } from './gateway-harness.js';
import { type SmtpInbox, startSmtpInbox } from './smtp-inbox.js';

/** An intake agent that runs on its own rules (no LLM): a greeting that waits for a name and a zip code. */
const INTAKE = {
  workflow: {
    initial_node: 'greeting',
    nodes: [
      {
        id: 'greeting',
        name: 'Welcome Greeting',
        static_text: 'Hi! What is your first name and zip code?',
        transitions: [{ to: 'extract', condition: 'user_responded' }],
      },
      {
        id: 'extract',
        name: 'Extract User Info',
        extract: [
          { name: 'first_name', description: 'first name', pattern: "(?:name is|I am|I'm)\\s+([A-Z][a-z]+)" },
          { name: 'zip_code', description: 'zip code', pattern: '\\b(\\d{5})\\b' },
        ],
        transitions: [
          { to: 'thanks', condition: 'variables_extracted:first_name,zip_code' },
          { to: 'greeting', condition: 'always' },
        ],
      },
      {
        id: 'thanks',
        name: 'Thanks',
        static_text: 'Thank you, {{first_name}}! We will call you.',
        transitions: [{ to: 'thanks', condition: 'user_responded' }],
      },
    ],
  },
};
/** The same with the second node's transition pointing at a node that does not exist. */
const BROKEN = structuredClone(INTAKE);
(BROKEN.workflow.nodes[1] as { transitions: { to: string }[] }).transitions[0]!.to = 'thank_you';

/** The same with an extraction pattern RE2 cannot run (a lookbehind): a problem only the server finds, the builder cannot. */
const RE2_REFUSES = structuredClone(INTAKE);
(RE2_REFUSES.workflow.nodes[1] as { extract: { pattern: string }[] }).extract[0]!.pattern = '(?<=name is )\\w+';

/** Everything a person could read or copy off the page: its text and the values of its fields. */
const everythingShown = (page: Page) =>
  page.evaluate("document.body.innerText + ' ' + [...document.querySelectorAll('input, textarea')].map((field) => field.value).join(' ')") as Promise<string>;

const usage = async (page: Page, column: 'sessions' | 'messages') =>
  Number(await page.locator(`tr[data-link-id] td[data-usage="${column}"]`).first().textContent());

describe('the console /console in Chromium', () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let mailer: ReturnType<typeof smtpMailer>;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    // A platform that can mail verification codes: only then may a link ask visitors for their email.
    inbox = await startSmtpInbox();
    mailer = smtpMailer({ smtpUrl: inbox.url, from: 'Parley <no-reply@parley.test>', logger: createLogger({ service: 'mailer', level: 'silent' }) });
    served = await startConsoleHarness({ live: {}, mailer });
    ({ h, browser, base } = served);
  });
  afterAll(async () => {
    await served?.close();
    mailer?.close();
    await inbox?.close();
  });

  it('signs in, creates an agent from JSON (a bad config shows its path), tries it, makes a link, and watches its usage move as a visitor chats', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);

    // `/` leads to the console, which asks for a key first.
    await page.goto(`${base}/`);
    expect(new URL(page.url()).pathname).toBe('/console');
    await page.getByLabel('API key').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('API key').fill('adm_not-the-key-at-all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'That key is not accepted' }).waitFor();

    // The admin key: choose a tenant (here, create the first one).
    await page.getByLabel('API key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Choose a tenant' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('New tenant').fill('Bay Clinic');
    await page.getByRole('button', { name: 'Create tenant' }).click();
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    await expect(page.locator('.who').textContent()).resolves.toContain('Bay Clinic');
    // The key is in this tab's sessionStorage, never in the address or a cookie.
    expect(page.url()).not.toContain(ADMIN_KEY);
    await expect(page.evaluate('sessionStorage.getItem("parley.console")')).resolves.toContain(ADMIN_KEY);
    expect(await context.cookies()).toEqual([]);

    // A new agent: a config with a broken transition is refused, its path shown beside the editor.
    await page.getByRole('link', { name: 'New agent' }).click();
    await page.getByLabel('Name').fill('intake');
    await page.getByLabel('Config (JSON)').fill(JSON.stringify(BROKEN, null, 2));
    await page.getByRole('button', { name: 'Create agent' }).click();
    const refusal = page.getByRole('alert');
    await refusal.locator('code.path', { hasText: 'config.workflow.nodes[1].transitions[0].to' }).waitFor();
    await expect(page.getByLabel('Config (JSON)').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-agent-config-error');
    // Not even JSON: the line and column where it breaks, without asking the server.
    await page.getByLabel('Config (JSON)').fill('{\n  "workflow": {\n    "initial_node": "greeting",,\n  }\n}');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByRole('alert').filter({ hasText: 'line 3' }).waitFor();
    await page.getByLabel('Config (JSON)').fill(JSON.stringify(INTAKE, null, 2));
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByRole('heading', { name: 'intake', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/agents/intake');
    await page.locator('.badge', { hasText: 'active: v1' }).waitFor();

    // A second version, saved as a draft and published; then v1 made active again.
    const edited = structuredClone(INTAKE);
    edited.workflow.nodes[0]!.static_text = 'Hello! Your first name and zip code, please?';
    await page.getByLabel('Config (JSON)').fill(JSON.stringify(edited, null, 2));
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved as draft v2.' }).waitFor();
    await page.getByRole('button', { name: 'Publish v2' }).click();
    await page.getByRole('button', { name: 'Confirm publish v2' }).click();
    await page.locator('.badge', { hasText: 'active: v2' }).waitFor();
    await page.getByRole('button', { name: 'Make active v1' }).click();
    await page.getByRole('button', { name: 'Confirm make active v1' }).click();
    await page.locator('.badge', { hasText: 'active: v1' }).waitFor();

    // The playground: each reply with its node, transitions and extracted variables.
    await page.getByRole('link', { name: 'Try it' }).click();
    await page.getByRole('button', { name: 'Start a session' }).click();
    await page.locator('.turn.assistant', { hasText: 'Hi! What is your first name and zip code?' }).waitFor();
    await page.getByLabel('Message').fill("I'm Anna");
    await page.keyboard.press('Enter');
    const second = page.locator('.turn.assistant').nth(1);
    await second.waitFor();
    await expect(second.locator('.transitions li').allTextContents()).resolves.toEqual([
      'Welcome Greeting (greeting) → Extract User Info (extract)user_responded',
      'Extract User Info (extract) → Welcome Greeting (greeting)always',
    ]);
    await expect(second.locator('.debug').textContent()).resolves.toContain('first_name = Anna');
    await page.getByLabel('Message').fill('It is 94110');
    await page.keyboard.press('Enter');
    const third = page.locator('.turn.assistant').nth(2);
    await third.waitFor();
    await expect(third.locator('.said').textContent()).resolves.toContain('Thank you, Anna! We will call you.');
    await expect(third.locator('.debug strong').textContent()).resolves.toBe('Thanks (thanks)');
    await expect(page.locator('.vars').textContent()).resolves.toBe('first_nameAnnazip_code94110');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-playground');

    // A link with limits: its address shown once, with a QR code, copied to the clipboard.
    await page.getByRole('link', { name: 'Public links' }).click();
    await page.getByRole('button', { name: 'New link' }).click();
    await page.getByLabel('Title').fill('Intake line');
    await page.getByLabel('Welcome message').fill('Welcome to Bay Clinic intake.');
    await page.getByLabel('Max sessions').fill('5');
    await page.getByLabel('Max messages per session').fill('12');
    await page.getByLabel('Messages per minute').fill('30');
    await page.getByLabel('Allowed origins').fill('https://bay-clinic.example');
    await page.getByRole('button', { name: 'Create link' }).click();
    const address = page.getByRole('textbox', { name: 'Link address' });
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(new RegExp(`^${base}/c/[A-Za-z0-9_-]{32}$`));
    const qrInk = (await page.evaluate(
      `(() => { const c = document.querySelector('canvas.qr'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let dark = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0 && d[i - 1] < 128) dark++; return [c.width, dark]; })()`,
    )) as [number, number];
    expect(qrInk[0]).toBeGreaterThanOrEqual(21);
    expect(qrInk[1]).toBeGreaterThan(100);
    await page.getByRole('button', { name: 'Copy address' }).click();
    await expect(page.evaluate('navigator.clipboard.readText()')).resolves.toBe(url);
    const row = page.locator('tr[data-link-id]', { hasText: 'Intake line' });
    await expect(row.locator('.badge').textContent()).resolves.toBe('active');
    await expect(row.textContent()).resolves.toContain('5 sessions, 12 messages each, 30/min a session');
    expect([await usage(page, 'sessions'), await usage(page, 'messages')]).toEqual([0, 0]);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-link-created');

    // A visitor opens it in a second tab and chats; the console's counters move without a reload.
    const visitor = await context.newPage();
    visitor.setDefaultTimeout(10_000);
    await visitor.goto(url);
    await visitor.locator('.welcome', { hasText: 'Welcome to Bay Clinic intake.' }).waitFor();
    await visitor.getByLabel('Message').fill('My name is Omar, zip 60601');
    await visitor.keyboard.press('Enter');
    await visitor.locator('.message.assistant', { hasText: 'Thank you, Omar!' }).waitFor();
    await page.bringToFront();
    await waitFor(async () => (await usage(page, 'sessions')) === 1 && (await usage(page, 'messages')) === 3, { timeoutMs: 12_000 });
    await expect(row.locator('td').nth(5).textContent()).resolves.not.toBe('—');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-link-usage');

    // Deactivated: the visitor's page says so; deleted: gone from the list.
    await row.getByRole('button', { name: 'Deactivate Intake line' }).click();
    await row.locator('.badge', { hasText: 'inactive' }).waitFor();
    await visitor.reload();
    await visitor.getByRole('heading', { name: 'This chat link has been turned off' }).waitFor();
    await row.getByRole('button', { name: 'Delete Intake line' }).click();
    await row.getByRole('button', { name: 'Confirm delete Intake line' }).click();
    await waitFor(async () => (await page.locator('tr[data-link-id]').count()) === 0, { timeoutMs: 5_000 });

    // A reload keeps the person signed in on the same view; signing out forgets the key.
    await page.reload();
    await page.getByRole('heading', { name: 'Public links' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    await expect(page.evaluate('sessionStorage.length')).resolves.toBe(0);
    expect(problems.filter((p) => !p.includes('status of 4'))).toEqual([]);
    await context.close();
  });

  it('a link with every setting the form offers: the management API has each one; after "Done", and after a reload, its address is nowhere on the page', async () => {
    const own = await h.seedTenant('Harbor Dental');
    expect((await h.withKey(own.key, 'POST', '/api/agents', { name: 'reception', config: INTAKE })).status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/agents/reception/links`);
    await page.getByLabel('API key').fill(own.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Public links' }).waitFor();
    await page.getByRole('button', { name: 'New link' }).click();
    await page.getByRole('heading', { name: 'New public link' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const field = (label: string) => page.getByLabel(label, { exact: true });
    await field('Title').fill('Front desk');
    await field('Description').fill('Questions about appointments and bills.');
    await field('Welcome message').fill('Welcome to Harbor Dental.');
    await field('Expires in (hours)').fill('48');
    await field('Max sessions').fill('40');
    await field('Max messages per session').fill('25');
    await field('Session timeout (minutes)').fill('15');
    await field('Messages per minute').fill('60');
    await field('Keep messages (days)').fill('30');
    await field('Passcode').fill('smile-2026');
    await field('Allowed origins').fill('https://harbor-dental.example\nhttps://www.harbor-dental.example');
    await field('Allowed addresses').fill('10.20.0.0/16\n192.168.7.0/24');
    await field('Denied addresses').fill('10.20.3.4');
    await field('Visitors verify their email first').check();
    await field('Active').uncheck();
    // Files from visitors: 5 MB, the default types but PDF, and GIF images.
    await field('Visitors may attach files').check();
    await field('Largest file (MB)').fill('5');
    await field('PDF').uncheck();
    await field('GIF image').check();
    // The look: a colour typed as hex (the picker follows it), the pictures, dark.
    await field('Brand colour').fill('#0f766e');
    await expect(page.getByLabel('Pick the brand colour').inputValue()).resolves.toBe('#0f766e');
    await field('Logo URL').fill('https://cdn.harbor-dental.example/logo.png');
    await field('Avatar URL').fill('https://cdn.harbor-dental.example/avatar.png');
    await field('Mode').selectOption('dark');
    // A language the pages have no words for: its tag, for dates and numbers.
    await field('Language of the chat page and widget').selectOption('other');
    await field('Language tag').fill('pt-BR');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-new-link-form');
    const asked = Date.now();
    await page.getByRole('button', { name: 'Create link' }).click();
    const address = page.getByRole('textbox', { name: 'Link address' });
    await address.waitFor();
    const url = await address.inputValue();
    const token = url.split('/c/')[1] ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);

    // The platform has every setting as it was entered.
    const listed = await h.withKey(own.key, 'GET', '/api/agents/reception/public-links');
    expect(listed.status).toBe(200);
    expect(listed.body.links).toHaveLength(1);
    const link = listed.body.links[0];
    expect(link).toMatchObject({
      title: 'Front desk',
      description: 'Questions about appointments and bills.',
      welcome_message: 'Welcome to Harbor Dental.',
      max_sessions: 40,
      max_messages_per_session: 25,
      session_timeout_minutes: 15,
      rate_limit_per_minute: 60,
      retention_days: 30,
      has_passcode: true,
      require_email_verification: true,
      require_identity: false,
      allowed_origins: ['https://harbor-dental.example', 'https://www.harbor-dental.example'],
      ip_allow: ['10.20.0.0/16', '192.168.7.0/24'],
      ip_deny: ['10.20.3.4'],
      active: false,
      state: 'inactive',
      uploads: { enabled: true, max_bytes: 5 * 1024 * 1024, types: ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'text/plain'] },
      theme: {
        brand_color: '#0f766e',
        logo_url: 'https://cdn.harbor-dental.example/logo.png',
        avatar_url: 'https://cdn.harbor-dental.example/avatar.png',
        mode: 'dark',
      },
      locale: 'pt-BR',
    });
    const expiresInHours = (Date.parse(link.expires_at) - asked) / 3_600_000;
    expect(expiresInHours).toBeGreaterThan(47.9);
    expect(expiresInHours).toBeLessThan(48.1);
    // Nor is the token or the passcode anywhere in what the API lists.
    expect(JSON.stringify(listed.body)).not.toContain(token);
    expect(JSON.stringify(listed.body)).not.toContain('smile-2026');
    const row = page.locator('tr[data-link-id]', { hasText: 'Front desk' });
    await expect(row.textContent()).resolves.toContain('40 sessions, 25 messages each, 60/min a session, email verified, passcode');

    // "Done": the address is gone – text, fields and QR code – and a reload does not bring it back.
    expect(await everythingShown(page)).toContain(token);
    await page.getByRole('button', { name: 'Done' }).click();
    await address.waitFor({ state: 'detached' });
    expect(await everythingShown(page)).not.toContain(token);
    expect(await page.content()).not.toContain(token);
    await expect(page.locator('canvas.qr').count()).resolves.toBe(0);
    await saveScreenshot(page, 'console-link-done');
    await page.reload();
    await row.waitFor();
    expect(await everythingShown(page)).not.toContain(token);
    expect(await page.content()).not.toContain(token);
    await expect(page.locator('canvas.qr').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('the versions page: a new version the server refuses shows the problem at its path, and the agent stays as it was', async () => {
    const own = await h.seedTenant('Pier Clinic');
    expect((await h.withKey(own.key, 'POST', '/api/agents', { name: 'triage', config: INTAKE })).status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/agents/triage`);
    await page.getByLabel('API key').fill(own.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Versions' }).waitFor();
    await page.locator('.badge', { hasText: 'active: v1' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // A broken transition the builder finds as it is typed (docs/guide.md); a pattern only the server can judge.
    await page.getByLabel('Config (JSON)').fill(JSON.stringify(RE2_REFUSES, null, 2));
    await page.getByRole('button', { name: 'Save as draft' }).click();
    const refusal = page.getByRole('alert').filter({ has: page.locator('code.path') });
    await refusal.locator('code.path', { hasText: 'config.workflow.nodes[1].extract[0].pattern' }).waitFor();
    await expect(page.getByLabel('Config (JSON)').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByLabel('Config (JSON)').getAttribute('aria-describedby')).resolves.toBe(await refusal.getAttribute('id'));
    // Nothing saved: no notice, still v1 alone, and the edited text kept for fixing.
    await expect(page.getByRole('status').filter({ hasText: 'Saved as draft' }).count()).resolves.toBe(0);
    await expect(page.locator('.badge', { hasText: 'active: v1' }).count()).resolves.toBe(1);
    await expect(page.getByLabel('Config (JSON)').inputValue()).resolves.toContain('(?<=name is');
    const agent = await h.withKey(own.key, 'GET', '/api/agents/triage');
    expect(agent.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-version-refused');
    // The refusal is an answer the page expected (400), not a fault.
    expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    await context.close();
  });

  it('the inbox: an escalation appears without reloading; claimed, answered (the visitor sees the typing and the reply), handed back', async () => {
    const tenant = await h.seedTenant('Repair Shop');
    const desk = {
      workflow: {
        initial_node: 'ask',
        nodes: [
          { id: 'ask', name: 'Ask', static_text: 'How can I help?', transitions: [{ to: 'answer', condition: 'user_responded' }] },
          { id: 'answer', name: 'Answer', static_text: 'The agent answers.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
        ],
      },
    };
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'front-desk', config: desk })).status).toBe(201);
    const named = await h.admin('POST', `/api/tenants/${tenant.tenantId}/keys`, { name: 'Maria' });
    const link = await h.withKey(tenant.key, 'POST', '/api/agents/front-desk/public-links', { title: 'Repairs' });
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
        status: r.status,
        body: (r.status === 204 ? null : await r.json()) as any,
      }));

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/console/inbox`);
    await page.getByLabel('API key').fill(named.body.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.locator('.badge', { hasText: 'Live' }).waitFor();
    await page.getByText('Nobody is waiting for a person.').waitFor();

    // A visitor asks for a person: it appears live, with its place in the queue.
    const started = await post(`/api/public/chat/${link.body.token}`, { content: 'my brakes squeak' });
    const session = started.body.session as string;
    const asked = await post(`/api/public/chat/${link.body.token}/escalate`, { session, reason: 'Brakes squeak after repair' });
    expect(asked.status).toBe(201);
    const entry = page.locator(`a[data-escalation-id="${asked.body.escalation.id}"]`);
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toContain('waiting · #1');
    await post(`/api/public/chat/${link.body.token}`, { content: 'Are you there?', session });
    await entry.locator('.preview', { hasText: 'Are you there?' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await entry.click();
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.getByText('claimed by Maria (you)').waitFor();
    await page.locator('.history .bubble.user', { hasText: 'Are you there?' }).waitFor();
    // The visitor's live stream shows the operator typing, then the reply with the operator's name.
    const visitorEvents = (await fetch(`${base}/api/public/history/${link.body.token}?session=${session}&after=`).then((r) => r.json())) as {
      last_event_id: string | null;
    };
    await page.getByLabel('Message').fill('Hello, this is Maria from the workshop.');
    const waitForEvent = (match: (event: { event: string; data: Record<string, unknown> }) => boolean) =>
      waitFor(
        async () => {
          const polled = (await fetch(`${base}/api/public/history/${link.body.token}?session=${session}&after=${visitorEvents.last_event_id ?? ''}`).then((r) =>
            r.json(),
          )) as { events: unknown[] };
          return (polled.events as { event: string; data: Record<string, unknown> }[]).some(match);
        },
        { timeoutMs: 5_000 },
      );
    await waitForEvent((e) => e.event === 'status' && e.data.by === 'operator' && e.data.state === 'typing');
    // Enter pressed twice in a hurry: the reply goes out once.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.locator('.history .bubble.operator', { hasText: 'Hello, this is Maria' }).waitFor();
    await waitForEvent((e) => e.event === 'message' && e.data.role === 'operator' && e.data.operator_name === 'Maria');
    // The visitor typing shows in the inbox.
    expect((await post(`/api/public/chat/${link.body.token}/typing`, { session })).status).toBe(204);
    await page.getByText('The visitor is typing…').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-inbox');
    const stored = (await fetch(`${base}/api/public/history/${link.body.token}?session=${session}`).then((r) => r.json())) as { messages: { role: string }[] };
    expect(stored.messages.filter((message) => message.role === 'operator')).toHaveLength(1);

    // Handed back: the agent answers the next message.
    await page.getByRole('button', { name: 'Hand back to the agent' }).click();
    // The click only sends the release: the visitor is told once it is stored, and only then is the agent back.
    await waitForEvent((e) => e.event === 'escalation' && e.data.state === 'released');
    const after = await post(`/api/public/chat/${link.body.token}`, { content: 'thanks!', session });
    expect(after.body.response).toBe('The agent answers.');
    await context.close();
  });

  it('a tenant key signs straight into its own tenant, sees only its agents, and is signed out once revoked-looking keys stop working', async () => {
    const own = await h.seedTenant('Solo Bakery');
    await h.withKey(own.key, 'POST', '/api/agents', { name: 'orders', config: INTAKE });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/console/agents/orders/links`);
    await page.getByLabel('API key').fill(own.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The address asked for is the view it opens on.
    await page.getByRole('heading', { name: 'Public links' }).waitFor();
    await expect(page.locator('.who').textContent()).resolves.toContain('Solo Bakery');
    await expect(page.getByRole('button', { name: 'Switch tenant' }).count()).resolves.toBe(0);
    await page.locator('.crumbs').getByRole('link', { name: 'Agents', exact: true }).click();
    // The list arrives after the view: its one row first, then nothing else.
    await page.locator('tbody tr', { hasText: 'orders' }).waitFor();
    await expect(page.locator('tbody tr').allTextContents()).resolves.toEqual([expect.stringContaining('orders')]);
    await saveScreenshot(page, 'console-agents');

    // Settings: the operator address for notices; API keys: a named key for a new operator.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings · Solo Bakery' }).waitFor();
    await page.getByLabel('Operator email').fill('desk@bakery.example');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Notices go to desk@bakery.example.' }).waitFor();
    await page.getByRole('link', { name: 'Open API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await page.getByRole('button', { name: 'New key' }).click();
    await page.getByLabel('Name').fill('Night shift');
    await page.getByLabel('Role').selectOption('operator');
    await page.getByRole('button', { name: 'Create key' }).click();
    const minted = await page.getByLabel('Key of Night shift').inputValue();
    expect(minted).toMatch(/^prl_/);
    expect((await h.withKey(minted, 'GET', '/api/me')).body).toMatchObject({ actor: { kind: 'key', name: 'Night shift' }, role: 'operator' });
    expect((await h.withKey(minted, 'GET', '/api/tenants')).body.tenants[0]).toMatchObject({ id: own.tenantId, operator_email: 'desk@bakery.example' });
    expect(await seriousViolations(page)).toEqual([]);

    // The audit log has each of those changes with who made them; the chain holds.
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.locator('td code', { hasText: 'key.create' }).first().waitFor();
    await expect(page.locator('tbody tr', { hasText: 'tenant.update' }).textContent()).resolves.toContain('Support');
    await page.getByLabel('Action').fill('tenant.update');
    await page.getByRole('button', { name: 'Filter' }).click();
    await waitFor(async () => (await page.locator('tbody tr').count()) === 1, { timeoutMs: 5_000 });
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await page.getByRole('status').filter({ hasText: 'The chain holds' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-audit');

    // A key the platform stops accepting signs the person out with a reason.
    await page.evaluate(
      `sessionStorage.setItem('parley.console', JSON.stringify({ key: 'prl_revoked-revoked-revoked-revoked', scope: 'tenant', tenantId: '${own.tenantId}' }))`,
    );
    await page.reload();
    await page.getByText('Your key is no longer accepted. Sign in again.').waitFor();
    await context.close();
  });
});
