import { launchChromium, saveScreenshot, seriousViolations, watchPage } from '@parley/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { follow } from '../src/routes/management/escalations/escalation.test-kit.js';
import { type FollowUpHarness, followUpLink, mailText, menuAgent, startFollowUpHarness } from '../src/routes/public/follow-up/public-follow-up.test-kit.js';
import { type HostSite, startHostSite } from './widget-fixtures.js';

/**
 * The visitor's side of operators in Chromium (docs/escalation.md "Offering a person", "Leaving a
 * message", "Transcripts by email"): the chat page and the widget offer a person as their link
 * says, take a message and an email when nobody can answer, and send the transcript by mail.
 */
describe('a person, a message left for later and the transcript, in Chromium', () => {
  let f: FollowUpHarness;
  let browser: Browser;
  let base: string;
  const hosts: HostSite[] = [];

  beforeAll(async () => {
    f = await startFollowUpHarness();
    await f.h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(f.h.app.server.address() as { port: number }).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    for (const host of hosts) await host.close();
    await f?.stop();
  });

  /** A phone-sized chat page of the link, its problems watched. */
  async function chatPage(token: string): Promise<{ page: Page; problems: string[]; close(): Promise<void> }> {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/c/${token}`);
    await page.locator('h1', { hasText: 'Support desk' }).waitFor();
    return { page, problems, close: () => context.close() };
  }
  const unexpected = (problems: string[]) => problems.filter((p) => !/Failed to load resource|net::ERR/.test(p));

  it('offer_person "always": "Talk to a person" from the start; asking opens the conversation in the inbox', async () => {
    const { h } = f;
    const { agent, token } = await followUpLink(h, { offer_person: 'always' });
    const { page, problems, close } = await chatPage(token);
    const ask = page.getByRole('button', { name: 'Talk to a person' });
    await ask.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'offer-person-always');
    await ask.click();
    await page.locator('.escalation', { hasText: 'Waiting for a person. You are next' }).waitFor();
    await expect(ask.count()).resolves.toBe(0);
    // Nobody of the tenant has the inbox open: the answer says so, and the page offers to leave a message.
    await page.getByRole('form', { name: 'Leave a message' }).getByText('Nobody is available right now.').waitFor();
    const inbox = await h.admin('GET', '/api/inbox', undefined, agent.tenantId);
    expect(inbox.body.items).toEqual([expect.objectContaining({ state: 'waiting', reason: 'The visitor asked for a person', offline: false })]);
    expect(unexpected(problems)).toEqual([]);
    await close();
  });

  it('offer_person "never" shows no control; "after_unanswered:1" shows it once the agent did not understand', async () => {
    const never = await followUpLink(f.h, { offer_person: 'never' });
    const first = await chatPage(never.token);
    await first.page.getByLabel('Message').fill('what is this?');
    await first.page.keyboard.press('Enter');
    await first.page.locator('.message.assistant', { hasText: 'Say billing or bye.' }).nth(1).waitFor();
    await expect(first.page.getByRole('button', { name: 'Talk to a person' }).count()).resolves.toBe(0);
    await first.close();

    const after = await followUpLink(f.h, { offer_person: 'after_unanswered:1' });
    const { page, close } = await chatPage(after.token);
    await page.getByLabel('Message').fill('billing');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Billing it is.' }).waitFor();
    await expect(page.getByRole('button', { name: 'Talk to a person' }).count()).resolves.toBe(0);
    await page.getByLabel('Message').fill('thanks');
    await page.keyboard.press('Enter');
    await page.locator('.message.user', { hasText: 'thanks' }).waitFor();
    await page.getByLabel('Message').fill('my parcel never came');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Talk to a person' }).waitFor();
    // The offer stands after a reload.
    await page.reload();
    await page.getByRole('button', { name: 'Talk to a person' }).waitFor();
    await close();
  });

  it('the offline notice opens the form: the visitor leaves a message and their email; the inbox lists it as offline; the answer comes by mail and in the chat', async () => {
    const { h, inbox } = f;
    const { agent, token } = await followUpLink(h, { offer_person: 'always' });
    const { page, problems, close } = await chatPage(token);
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await page.locator('.escalation', { hasText: 'You are next' }).waitFor();
    const form = page.getByRole('form', { name: 'Leave a message' });
    await form.getByText('Nobody is available right now. Leave your message and your email').waitFor();
    await form.getByLabel('Your email').fill('ines@example.org');
    await form.getByLabel('Your message').fill('Please call me about my broken kettle.');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'offline-form');
    await form.getByRole('button', { name: 'Send message' }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you. Your message is with us, and the answer will come to ines@example.org.' }).waitFor();
    await page.locator('.message.user', { hasText: 'Please call me about my broken kettle.' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'offline-form-sent');

    const listed = await h.admin('GET', '/api/inbox', undefined, agent.tenantId);
    const [item] = listed.body.items as { escalation_id: string; offline: boolean; last_message: string }[];
    expect(item).toMatchObject({ offline: true, last_message: 'Please call me about my broken kettle.' });
    const key = (await h.admin('POST', `/api/tenants/${agent.tenantId}/keys`, { name: 'Rosa' })).body.key as string;
    expect((await h.withKey(key, 'POST', `/api/inbox/${item!.escalation_id}/claim`)).status).toBe(200);
    await page.locator('.escalation', { hasText: 'You are talking with Rosa.' }).waitFor();
    const mails = inbox.mails.length;
    expect((await h.withKey(key, 'POST', `/api/inbox/${item!.escalation_id}/messages`, { content: 'Rosa here: we will call you at noon.' })).status).toBe(201);
    await page.locator('.message.operator', { hasText: 'we will call you at noon' }).waitFor();
    expect(mailText((await inbox.next('ines@example.org', mails)).raw)).toContain('Rosa here: we will call you at noon.');
    expect(unexpected(problems)).toEqual([]);
    await close();
  });

  it('with an operator online there is no notice: the visitor may still choose to leave a message instead of waiting', async () => {
    const { h } = f;
    const { agent, token } = await followUpLink(h, { offer_person: 'always' });
    const key = (await h.admin('POST', `/api/tenants/${agent.tenantId}/keys`, { name: 'Sol' })).body.key as string;
    // The operator's inbox is open: they count as online.
    const desk = follow(`${base}/api/inbox/events`, ['escalation'], { authorization: `Bearer ${key}` });
    await desk.opened;
    const { page, close } = await chatPage(token);
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await page.locator('.escalation', { hasText: 'You are next' }).waitFor();
    await expect(page.getByRole('form', { name: 'Leave a message' }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Can’t wait? Leave a message and your email' }).click();
    const form = page.getByRole('form', { name: 'Leave a message' });
    await form.getByLabel('Your email').fill('mo@example.org');
    await form.getByLabel('Your message').fill('Back tomorrow, mail me.');
    await form.getByRole('button', { name: 'Send message' }).click();
    await page.getByRole('status').filter({ hasText: 'the answer will come to mo@example.org' }).waitFor();
    const listed = await h.withKey(key, 'GET', '/api/inbox');
    expect(listed.body.items).toEqual([expect.objectContaining({ offline: true, last_message: 'Back tomorrow, mail me.' })]);
    desk.source.close();
    await close();
  });

  it('"Email me the transcript" during the conversation, mailed at its end; at the end the form is open by itself', async () => {
    const { h, inbox } = f;
    const { token } = await followUpLink(h);
    const { page, problems, close } = await chatPage(token);
    await page.getByLabel('Message').fill('billing');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Billing it is.' }).waitFor();
    await page.getByRole('button', { name: 'Email me the transcript' }).click();
    await page.getByLabel('Email address for the transcript').fill('jon@example.org');
    await page.getByRole('button', { name: 'Send transcript' }).click();
    await page.getByRole('status').filter({ hasText: 'The transcript will be emailed to jon@example.org when this conversation ends.' }).waitFor();
    const mails = inbox.mails.length;
    await page.getByLabel('Message').fill('bye');
    await page.keyboard.press('Enter');
    await page.getByText('This conversation has ended.').waitFor();
    const text = mailText((await inbox.next('jon@example.org', mails)).raw);
    expect(text).toContain('You:\n  billing');
    expect(text).toContain('Goodbye!');

    // The next conversation ends before anyone asks: the form is there at its end.
    await page.getByRole('button', { name: 'Start a new conversation' }).click();
    await page.getByLabel('Message').fill('bye');
    await page.keyboard.press('Enter');
    await page.getByText('This conversation has ended.').waitFor();
    const field = page.getByLabel('Email address for the transcript');
    await field.fill('kai@example.org');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'transcript-at-end');
    await page.getByRole('button', { name: 'Send transcript' }).click();
    await page.getByRole('status').filter({ hasText: 'The transcript is on its way to kai@example.org.' }).waitFor();
    expect(mailText((await inbox.next('kai@example.org', mails)).raw)).toContain('Goodbye!');
    expect(unexpected(problems)).toEqual([]);
    await close();
  });

  it("the console's link form sets who answers: when a person is offered, the team, transcripts to the tenant; a refused count shows under its field", async () => {
    const { h } = f;
    const own = await h.seedTenant('Kettle Co');
    expect((await h.withKey(own.key, 'POST', '/api/agents', { name: 'kettles', config: menuAgent })).status).toBe(201);
    const billing = await h.withKey(own.key, 'POST', '/api/teams', { name: 'Billing' });
    expect(billing.status, billing.text).toBe(201);
    const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/agents/kettles/links`);
    await page.getByLabel('API key').fill(own.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'New link' }).click();
    const form = page.locator('form.link-form');
    await form.getByLabel('Title', { exact: true }).fill('Kettle help');
    await form.getByLabel('Offer visitors a person').selectOption('after_unanswered');
    await form.getByLabel('How many not understood').fill('25');
    await form.getByLabel('Team', { exact: true }).selectOption({ label: 'Billing' });
    await form.getByLabel('Mail every conversation’s transcript to the operator address').check();
    await form.getByRole('button', { name: 'Create link' }).click();
    // Refused: 25 is past 20; the problem sits under the choice it names.
    await form.locator('#link-offer_person-problem').waitFor();
    await expect(form.getByLabel('Offer visitors a person').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await form.getByLabel('Offer visitors a person').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'console-link-people');
    await form.getByLabel('How many not understood').fill('2');
    await form.getByRole('button', { name: 'Create link' }).click();
    await page.getByRole('button', { name: 'Analytics Kettle help' }).waitFor();
    const listed = (await h.withKey(own.key, 'GET', '/api/agents/kettles/public-links')).body as { links: Record<string, unknown>[] };
    expect(listed.links.find((l) => l.title === 'Kettle help')).toMatchObject({
      offer_person: 'after_unanswered:2',
      team: billing.body.id,
      transcript_to_tenant: true,
    });
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  it('the widget: a person on offer, the offline form and the transcript, in German', async () => {
    const { h } = f;
    const { agent, token } = await followUpLink(h, { offer_person: 'always', locale: 'de' });
    const host = await startHostSite(base, token);
    hosts.push(host);
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(host.url);
    await page.getByRole('button', { name: /chat/i }).first().click();
    const ask = page.getByRole('button', { name: 'Mit einem Menschen sprechen' });
    await ask.click();
    await page.locator('.escalation', { hasText: 'Warten auf einen Menschen' }).waitFor();
    // Nobody is online: the widget offers the form by itself, in the link's language.
    await page.getByText('Gerade ist niemand erreichbar. Hinterlassen Sie Ihre Nachricht').waitFor();
    await page.getByLabel('Ihre E-Mail-Adresse').fill('lena@example.org');
    await page.getByLabel('Ihre Nachricht').fill('Bitte rufen Sie mich an.');
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-offline-form-de');
    await page.getByRole('button', { name: 'Nachricht senden' }).click();
    await page.getByText('Danke. Ihre Nachricht ist bei uns, die Antwort kommt an lena@example.org.').waitFor();
    const listed = await h.admin('GET', '/api/inbox', undefined, agent.tenantId);
    expect(listed.body.items).toEqual([expect.objectContaining({ offline: true, last_message: 'Bitte rufen Sie mich an.' })]);
    await page.getByRole('button', { name: 'Verlauf per E-Mail senden' }).click();
    await page.getByLabel('E-Mail-Adresse für den Verlauf').fill('lena@example.org');
    await page.getByRole('button', { name: 'Verlauf senden' }).click();
    await page.getByText('Der Verlauf wird an lena@example.org gesendet, wenn dieses Gespräch endet.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'widget-transcript-de');
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});
