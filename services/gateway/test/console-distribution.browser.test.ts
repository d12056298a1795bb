import { readFile } from 'node:fs/promises';
import { smtpLinkMailer, twilioSmsSender } from '@parley/links';
import { createLogger } from '@parley/logger';
import { type FakeSmsProvider, saveScreenshot, seriousViolations, startFakeSmsProvider, waitFor, watchPage } from '@parley/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { greetingAgent, linkUrlsIn, tokenOf } from '../src/routes/management/distribution/link-distribution.test-kit.js';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';
import type { GatewayHarness } from './gateway-harness.js';
import { type SmtpInbox, startSmtpInbox } from './smtp-inbox.js';

/** The console's person sits in New York, so "your time" and a Berlin schedule's own time differ. */
const VIEWER = { locale: 'en-GB', timezoneId: 'America/New_York' };

/** An instant's hour and minute in a zone (`09:00`), as the page's en-GB dates write them. */
const clock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

describe('the console’s templates, new URLs and schedules in Chromium', () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let inbox: SmtpInbox;
  let provider: FakeSmsProvider;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    // The links service mails links through a real SMTP server on loopback.
    inbox = await startSmtpInbox();
    // And texts them through a Twilio-compatible provider on loopback.
    provider = await startFakeSmsProvider();
    served = await startConsoleHarness({
      distribution: {
        mailer: smtpLinkMailer({ smtpUrl: inbox.url, from: 'Parley <links@parley.test>', logger: createLogger({ service: 'links-test', level: 'warn' }) }),
        sms: twilioSmsSender({
          providerUrl: provider.url,
          accountSid: provider.accountSid,
          authToken: provider.authToken,
          from: '+15005550006',
          allowPrivate: true,
        }),
        distribution: { retryDelaysSeconds: [1], pollIntervalMs: 100 },
      },
    });
    ({ h, browser, base } = served);
  });
  afterAll(async () => {
    await served?.close();
    await inbox?.close();
    await provider?.close();
  });

  /** A tenant with the greeting agent, and a page signed in with its key at `path`. */
  async function signedIn(name: string, path: string): Promise<{ key: string; context: BrowserContext; page: Page; problems: string[] }> {
    const tenant = await h.seedTenant(name);
    expect((await h.withKey(tenant.key, 'POST', '/api/agents', { name: 'checkin', config: greetingAgent })).status).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...VIEWER });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}${path}`);
    await page.getByLabel('API key').fill(tenant.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    return { key: tenant.key, context, page, problems };
  }

  it('a link from the customer_support template: the form filled in, one field changed, the template’s limits kept, the address mailed; a new URL, and the old one answers 404', async () => {
    const { key, context, page, problems } = await signedIn('Support Desk', '/console/agents/checkin/links');
    await page.getByRole('heading', { name: 'Public links' }).waitFor();
    await page.getByRole('button', { name: 'New link' }).click();
    const field = (label: string) => page.getByLabel(label, { exact: true });

    // Choosing the template fills the form with its settings; what it leaves out shows as a link would have it.
    await field('Template').selectOption('customer_support');
    await expect(field('Title').inputValue()).resolves.toBe('Customer support');
    expect(
      await Promise.all(
        ['Expires in (hours)', 'Max sessions', 'Max messages per session', 'Messages per minute', 'Session timeout (minutes)'].map((label) =>
          field(label).inputValue(),
        ),
      ),
    ).toEqual(['2', '5', '50', '15', '30']);
    await page.getByText('A support conversation for a customer').waitFor();
    // One field changed, and the address mailed to the customer.
    await field('Title').fill('Support for Ana');
    await field('Email the address to').fill('ana@example.com');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-link-from-template');

    const since = inbox.mails.length;
    const asked = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/agents/checkin/public-links');
    await page.getByRole('button', { name: 'Create link' }).click();
    // The request names the template and carries only what the person changed (the body's fields win over the template's).
    expect((await asked).postDataJSON()).toEqual({
      template: 'customer_support',
      title: 'Support for Ana',
      send: { channels: [{ type: 'email', to: 'ana@example.com' }] },
    });
    const address = page.getByRole('textbox', { name: 'Link address' });
    await address.waitFor();
    const url = await address.inputValue();
    expect(url).toMatch(new RegExp(`^${base}/c/[A-Za-z0-9_-]{32}$`));
    await page.getByText('Mailed to ana@example.com.').waitFor();
    // The mail carries the very address the console showed.
    expect(linkUrlsIn(await inbox.next('ana@example.com', since))).toEqual([url]);

    // The platform made it with the template's limits and the changed title.
    const listed = await h.withKey(key, 'GET', '/api/agents/checkin/public-links');
    expect(listed.body.links).toHaveLength(1);
    const link = listed.body.links[0];
    expect(link).toMatchObject({
      title: 'Support for Ana',
      max_sessions: 5,
      max_messages_per_session: 50,
      rate_limit_per_minute: 15,
      session_timeout_minutes: 30,
      active: true,
    });
    const openHours = (Date.parse(link.expires_at) - Date.parse(link.created_at)) / 3_600_000;
    expect(openHours).toBeGreaterThan(1.99);
    expect(openHours).toBeLessThan(2.01);
    const row = page.locator(`tr[data-link-id="${link.id}"]`);
    await expect(row.textContent()).resolves.toContain('5 sessions, 50 messages each, 15/min a session');

    // A new URL, asked twice (it cannot be undone): shown once like a new link's; the old one is gone at once.
    await page.getByRole('button', { name: 'Done' }).click();
    await row.getByRole('button', { name: 'New URL Support for Ana' }).click();
    await row.getByRole('button', { name: 'Confirm new URL Support for Ana' }).click();
    await page.getByRole('heading', { name: '“Support for Ana” has a new address' }).waitFor();
    const rotated = await address.inputValue();
    expect(rotated).toMatch(new RegExp(`^${base}/c/[A-Za-z0-9_-]{32}$`));
    expect(rotated).not.toBe(url);
    await expect(page.locator('canvas.qr').count()).resolves.toBe(1);
    expect((await fetch(`${base}/api/public/links/${tokenOf(url)}`)).status).toBe(404);
    expect((await fetch(`${base}/api/public/links/${tokenOf(rotated)}`)).status).toBe(200);
    const visitor = await context.newPage();
    await visitor.goto(url);
    await visitor.getByRole('heading', { name: 'This chat link does not exist' }).waitFor();
    // Same link, same settings: only its address changed.
    const after = await h.withKey(key, 'GET', '/api/agents/checkin/public-links');
    expect(after.body.links.map((l: { id: string; max_sessions: number }) => [l.id, l.max_sessions])).toEqual([[link.id, 5]]);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-link-new-url');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a schedule made in the console: a bad cron shown at `cron`, then 0 9 * * 1-5 in Berlin with its next run, run now with two links mailed, paused, resumed and deleted', async () => {
    const { key, context, page, problems } = await signedIn('Morning Clinic', '/console/schedules');
    await page.getByRole('heading', { name: 'Schedules' }).waitFor();
    await page.getByText('No schedules yet.').waitFor();
    await page.getByRole('button', { name: 'New schedule' }).click();
    const field = (label: string) => page.getByLabel(label, { exact: true });
    // The zone starts as the person's own.
    await expect(field('Time zone').inputValue()).resolves.toBe('America/New_York');
    await field('Name').fill('Morning check-in');
    await field('Agent').selectOption('checkin');
    await field('Cron').fill('61 9 * * 1-5');
    await field('Time zone').fill('Europe/Berlin');
    await field('Template').selectOption('daily_checkin');
    await field('Recipients').fill('ana@example.com, Ana\nben@example.com, Ben');
    await field('Mail subject').fill('Good morning, {{name}}');
    await page.getByRole('button', { name: 'Create schedule' }).click();

    // The server's refusal, under the field it names, tied to it for assistive technology.
    const cronProblem = page.locator('#schedule-cron-problem');
    await cronProblem.locator('code.path', { hasText: /^cron$/ }).waitFor();
    await expect(field('Cron').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(field('Cron').getAttribute('aria-describedby')).resolves.toContain('schedule-cron-problem');
    await page.getByRole('alert').filter({ hasText: 'Not saved' }).waitFor();
    await expect(field('Time zone').getAttribute('aria-invalid')).resolves.toBeNull();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-schedule-bad-cron');
    expect((await h.withKey(key, 'GET', '/api/schedules')).body.schedules).toEqual([]);

    await field('Cron').fill('0 9 * * 1-5');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.getByRole('status').filter({ hasText: '“Morning check-in” is saved.' }).waitFor();
    const saved = (await h.withKey(key, 'GET', '/api/schedules')).body.schedules;
    expect(saved).toHaveLength(1);
    const schedule = saved[0];
    expect(schedule).toMatchObject({
      name: 'Morning check-in',
      agent: 'checkin',
      cron: '0 9 * * 1-5',
      timezone: 'Europe/Berlin',
      template: 'daily_checkin',
      recipients: [
        { email: 'ana@example.com', name: 'Ana' },
        { email: 'ben@example.com', name: 'Ben' },
      ],
      send: { channels: [{ type: 'email' }], subject: 'Good morning, {{name}}' },
      active: true,
    });

    // Its next run, in the person's time (New York) and in Berlin's: a weekday at 09:00 there.
    const row = page.locator(`tr[data-schedule-id="${schedule.id}"]`);
    const next = row.locator('td[data-next-run]');
    await expect(next.locator('time').getAttribute('datetime')).resolves.toBe(schedule.next_run_at);
    expect(clock(schedule.next_run_at, 'Europe/Berlin')).toBe('09:00');
    await expect(next.locator('[data-zone="schedule"]').textContent()).resolves.toContain('09:00');
    await expect(next.locator('[data-zone="local"]').textContent()).resolves.toContain(clock(schedule.next_run_at, 'America/New_York'));
    await expect(next.textContent()).resolves.toContain('Europe/Berlin');
    await expect(row.textContent()).resolves.toContain('0 9 * * 1-5');
    expect(await seriousViolations(page)).toEqual([]);

    // Run now: two personalised links, each mailed to its recipient; the run is in the history.
    const since = inbox.mails.length;
    await row.getByRole('button', { name: 'Run now Morning check-in' }).click();
    await page.getByRole('status').filter({ hasText: '“Morning check-in” ran: 2 links made, 2 sent.' }).waitFor();
    const run = page.locator('.runs tbody tr');
    await run.first().waitFor();
    await expect(run.count()).resolves.toBe(1);
    await expect(run.locator('td[data-count="links"]').textContent()).resolves.toBe('2');
    await expect(run.locator('td[data-count="sent"]').textContent()).resolves.toBe('2');
    await expect(run.textContent()).resolves.toMatch(/run now.*succeeded.*none/);
    const ana = await inbox.next('ana@example.com', since);
    const ben = await inbox.next('ben@example.com', since);
    expect(ana.subject).toBe('Good morning, Ana');
    expect(ben.subject).toBe('Good morning, Ben');
    const urls = [...linkUrlsIn(ana), ...linkUrlsIn(ben)];
    expect(urls).toHaveLength(2);
    expect(new Set(urls).size).toBe(2);
    // Running by hand leaves the next slot where it was.
    await expect(next.locator('time').getAttribute('datetime')).resolves.toBe(schedule.next_run_at);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-schedules');

    // Paused: no next run; resumed: one again; deleted after a second click.
    await row.getByRole('button', { name: 'Pause Morning check-in' }).click();
    await row.locator('.badge', { hasText: 'paused' }).waitFor();
    await expect(next.textContent()).resolves.toBe('paused');
    expect((await h.withKey(key, 'GET', `/api/schedules/${schedule.id}`)).body).toMatchObject({ active: false, next_run_at: null });
    await row.getByRole('button', { name: 'Resume Morning check-in' }).click();
    await row.locator('.badge', { hasText: 'active' }).waitFor();
    await next.locator('time').waitFor();
    expect((await h.withKey(key, 'GET', `/api/schedules/${schedule.id}`)).body.active).toBe(true);
    await row.getByRole('button', { name: 'Delete Morning check-in' }).click();
    await row.getByRole('button', { name: 'Confirm delete Morning check-in' }).click();
    await waitFor(async () => (await page.locator('tr[data-schedule-id]').count()) === 0, { timeoutMs: 5_000 });
    expect((await h.withKey(key, 'GET', '/api/schedules')).body.schedules).toEqual([]);
    // The one refusal was the bad cron's, an answer the page expected.
    expect(problems.filter((p) => !p.includes('status of 400'))).toEqual([]);
    await context.close();
  });
  it('a link texted from the console: a number not in E.164 form is refused in the browser, in the console’s words; then the address is texted to the provider', async () => {
    const phone = '+4915112345678';
    const { key, context, page, problems } = await signedIn('Texting Desk', '/console/agents/checkin/links');
    await page.getByRole('heading', { name: 'Public links' }).waitFor();
    await page.getByRole('button', { name: 'New link' }).click();
    const field = (label: string) => page.getByLabel(label, { exact: true });
    await field('Title').fill('Texted check-in');
    await field('Send the address by').selectOption('sms');
    await field('Text the address to').fill('0151 1234 5678');
    let asked = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/agents/checkin/public-links') asked++;
    });
    await page.getByRole('button', { name: 'Create link' }).click();

    // Said under the field, tied to it, before anything is asked of the server.
    const check = page.locator('#link-send-to-check');
    await check.waitFor();
    await expect(check.textContent()).resolves.toMatch(/^Not a phone number the platform can text: type \+ and the country code/);
    await expect(field('Text the address to').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(field('Text the address to').getAttribute('aria-describedby')).resolves.toContain('link-send-to-check');
    expect(asked).toBe(0);
    expect((await h.withKey(key, 'GET', '/api/agents/checkin/public-links')).body.links).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-link-sms-wrong-number');

    // Retyped, the problem goes; sent, the request carries an SMS channel.
    await field('Text the address to').fill(phone);
    await check.waitFor({ state: 'detached' });
    const request = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/agents/checkin/public-links');
    await page.getByRole('button', { name: 'Create link' }).click();
    expect((await request).postDataJSON()).toMatchObject({ title: 'Texted check-in', send: { channels: [{ type: 'sms', to: phone }] } });
    const address = page.getByRole('textbox', { name: 'Link address' });
    await address.waitFor();
    const url = await address.inputValue();
    await page.getByText(new RegExp(`^(Being texted|Texted) to \\${phone}\\.$`)).waitFor();
    // The provider got one text to the number, the link's very address on its last line.
    const text = await waitFor(() => provider.messages.find((message) => message.to === phone));
    expect(text?.body?.split('\n').at(-1)).toBe(url);
    const [link] = (await h.withKey(key, 'GET', '/api/agents/checkin/public-links')).body.links;
    const [delivery] = await waitFor(async () => {
      const listed = (await h.withKey(key, 'GET', `/api/public-links/${link.id}/deliveries`)).body.deliveries;
      return listed[0]?.state === 'sent' && listed;
    });
    expect(delivery).toMatchObject({ channel: 'sms', to: phone, response_code: 201 });
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-link-texted');

    // The number's privacy requests (docs/management-api.md "Privacy"): checked as typed, exported as a file, erased once typed again.
    await page.getByRole('link', { name: 'Privacy' }).click();
    await page.getByLabel('By phone number').check();
    const who = page.getByLabel('Phone number', { exact: true });
    await who.fill('0151 1234 5678');
    await page.locator('#privacy-who-check').waitFor();
    await expect(who.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByRole('button', { name: 'Export data' }).isDisabled()).resolves.toBe(true);
    await who.fill(phone);
    await page.locator('#privacy-who-check').waitFor({ state: 'detached' });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export data' }).click();
    const exported = JSON.parse(await readFile((await (await download).path()) as string, 'utf8'));
    expect(exported).toMatchObject({ phone, link_deliveries: [expect.objectContaining({ link_id: link.id, channel: 'sms', recipient: phone })] });
    await page.getByLabel(`Type ${phone} to confirm`).fill(phone);
    await page.getByRole('button', { name: 'Erase everything' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Erased for ${phone}: 1 text, 0 schedules.` })
      .waitFor();
    expect((await h.withKey(key, 'GET', `/api/public-links/${link.id}/deliveries`)).body.deliveries[0]).toMatchObject({ to: '[erased]' });
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-privacy-phone');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a schedule texted from the console: the number checked in the browser, a run texts each link, and a refused number shows in the run’s errors', async () => {
    const phone = '+14155550123';
    const refused = '+14155550124';
    provider.refuse(refused);
    const { key, context, page, problems } = await signedIn('Texting Clinic', '/console/schedules');
    await page.getByRole('heading', { name: 'Schedules' }).waitFor();
    const field = (label: string) => page.getByLabel(label, { exact: true });
    const newSchedule = async (name: string, to: string) => {
      await page.getByRole('button', { name: 'New schedule' }).click();
      await field('Name').fill(name);
      await field('Agent').selectOption('checkin');
      await field('Cron').fill('0 9 * * 1-5');
      await field('Time zone').fill('Europe/Berlin');
      await field('Template').selectOption('daily_checkin');
      await field('Recipients').fill('ana@example.com, Ana\nben@example.com, Ben');
      await field('Send the links by').selectOption('sms');
      await field('Text the links to').fill(to);
      await field('First line of the text').fill('Good morning, {{name}}');
    };

    await newSchedule('Texted check-in', '+1 415 555 0123');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    const check = page.locator('#schedule-send-to-check');
    await check.waitFor();
    await expect(check.textContent()).resolves.toMatch(/^Not a phone number the platform can text/);
    await expect(field('Text the links to').getAttribute('aria-invalid')).resolves.toBe('true');
    expect((await h.withKey(key, 'GET', '/api/schedules')).body.schedules).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-schedule-sms-wrong-number');

    await field('Text the links to').fill(phone);
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.getByRole('status').filter({ hasText: '“Texted check-in” is saved.' }).waitFor();
    const [schedule] = (await h.withKey(key, 'GET', '/api/schedules')).body.schedules;
    expect(schedule).toMatchObject({ send: { channels: [{ type: 'sms', to: phone }], subject: 'Good morning, {{name}}' } });

    // Run now: a text per recipient's link, all to the number; the run counts them.
    const row = page.locator(`tr[data-schedule-id="${schedule.id}"]`);
    await row.getByRole('button', { name: 'Run now Texted check-in' }).click();
    await page.getByRole('status').filter({ hasText: '“Texted check-in” ran: 2 links made, 2 sent.' }).waitFor();
    const texts = provider.messages.filter((message) => message.to === phone);
    expect(texts.map((message) => message.body?.split('\n')[0]).sort()).toEqual(['Good morning, Ana', 'Good morning, Ben']);
    const run = page.locator('.runs tbody tr');
    await run.first().waitFor();
    await expect(run.locator('td[data-count="sent"]').textContent()).resolves.toBe('2');

    // A number the provider refuses: the run lists each refused text by the number it went to.
    await newSchedule('Refused texts', refused);
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.getByRole('status').filter({ hasText: '“Refused texts” is saved.' }).waitFor();
    const second = (await h.withKey(key, 'GET', '/api/schedules')).body.schedules.find((s: { name: string }) => s.name === 'Refused texts');
    await page.locator(`tr[data-schedule-id="${second.id}"]`).getByRole('button', { name: 'Run now Refused texts' }).click();
    await page.getByRole('status').filter({ hasText: '“Refused texts” ran: 2 links made, 0 sent.' }).waitFor();
    const errors = page.locator('.runs ul.errors li[data-channel="sms"]');
    await waitFor(async () => (await errors.count()) === 2, { timeoutMs: 5_000 });
    await expect(errors.first().textContent()).resolves.toBe(
      `${refused}: sms: the provider answered 400: 21211 The 'To' number ${refused} is not a valid phone number.`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'console-schedule-texted');
    provider.accept(refused);
    // The refusals the page expected: none but the provider's, which the API reported as the run's errors.
    expect(problems).toEqual([]);
    await context.close();
  });
});
