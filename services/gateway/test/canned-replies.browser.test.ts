import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskAgent } from '../src/routes/management/escalations/escalation.test-kit.js';
import { type ConsoleHarness, startConsoleHarness } from './console-harness.js';

/**
 * Canned replies as the two people see them: an operator answers an escalated conversation from
 * the console's inbox by typing `/` and a shortcut; the reply, filled from the conversation, is
 * what the visitor on the chat page reads.
 */
describe('canned replies in Chromium: the operator’s reply box and the visitor’s chat page', () => {
  let served: ConsoleHarness;

  beforeAll(async () => {
    served = await startConsoleHarness({ live: {} });
  });
  afterAll(() => served?.close());

  it('opens the matching replies on /tha, closes on Escape, and inserts the chosen one filled; Enter then sends it to the visitor', async () => {
    const { h, browser, base } = served;
    const { key: owner } = await h.seedTenant('Spoke & Chain');
    expect((await h.withKey(owner, 'POST', '/api/agents', { name: 'repairs', config: deskAgent })).status).toBe(201);
    // A personalised link: its sessions start with the recipient's name and order among their variables.
    const link = await h.withKey(owner, 'POST', '/api/agents/repairs/public-links', {
      title: 'Repairs desk',
      variables: { name: 'Ada', order_id: 'BK-20417' },
      offer_person: 'always',
    });
    expect(link.status, link.text).toBe(201);
    const operator = (await h.withKey(owner, 'POST', '/api/keys', { name: 'Maria', role: 'operator' })).body.key as string;
    for (const [shortcut, content] of [
      ['thanks', 'Thank you, {{visitor_name}}! Order {{order_id}} is ready for pickup. – {{operator_name}}, {{agent}} team'],
      ['thanks-later', 'Thanks for waiting, {{visitor_name}}. I will write again at {{pickup_time}}.'],
      ['hours', 'We are open 9 to 5.'],
    ]) {
      expect((await h.withKey(owner, 'POST', '/api/canned-replies', { shortcut, content })).status).toBe(201);
    }

    // The visitor chats, then asks for a person.
    const site = await browser.newContext({ viewport: { width: 420, height: 820 } });
    const visitor = await site.newPage();
    visitor.setDefaultTimeout(10_000);
    const visitorProblems = await watchPage(visitor);
    await visitor.goto(`${base}/c/${link.body.token}`);
    await visitor.getByLabel('Message').fill('Is my bike ready?');
    await visitor.keyboard.press('Enter');
    await visitor.locator('.message.assistant', { hasText: 'The agent answers.' }).waitFor();
    await visitor.getByRole('button', { name: 'Talk to a person' }).click();
    await visitor.locator('.escalation').waitFor();

    // The operator signs in, opens the conversation and takes it.
    const desk = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const console = await desk.newPage();
    console.setDefaultTimeout(10_000);
    const consoleProblems = await watchPage(console);
    await console.goto(`${base}/console/inbox`);
    await console.getByLabel('API key').fill(operator);
    await console.getByRole('button', { name: 'Sign in' }).click();
    await console.locator('.inbox-list a').first().click();
    await console.getByRole('button', { name: 'Claim' }).click();
    await console.getByText('claimed by Maria (you)').waitFor();
    const box = console.getByLabel('Message');
    await box.waitFor();
    // The conversation's variables have arrived: the picker fills from them.
    await console.locator('.trace-details').waitFor();

    // `/tha`: both replies whose shortcut begins with it, filled from the conversation; Escape closes the list.
    await box.pressSequentially('/tha');
    const list = console.getByRole('listbox', { name: 'Canned replies' });
    await list.waitFor();
    const options = list.getByRole('option');
    await expect(options.allTextContents()).resolves.toEqual([
      '/thanksThank you, Ada! Order BK-20417 is ready for pickup. – Maria, repairs team',
      '/thanks-laterThanks for waiting, Ada. I will write again at {{pickup_time}}.',
    ]);
    // The selected option and the box's active descendant agree once the keys' render has settled.
    const selected = async (n: number) => {
      const option = options.nth(n);
      await waitFor(
        async () =>
          (await option.getAttribute('aria-selected')) === 'true' && (await box.getAttribute('aria-activedescendant')) === (await option.getAttribute('id')),
        { timeoutMs: 5_000 },
      );
    };
    await selected(0);
    await console.keyboard.press('ArrowDown');
    await selected(1);
    expect(await seriousViolations(console)).toEqual([]);
    await saveScreenshot(console, 'canned-replies-picker-open');
    await console.keyboard.press('Escape');
    await list.waitFor({ state: 'detached' });
    await expect(box.inputValue()).resolves.toBe('/tha');
    // Closed for this word, the keys are the reply box's again: Enter would send, so the text is cleared instead.
    await box.fill('');

    // `/thanks`, then Enter: the shortcut is replaced by the reply, filled; nothing is sent yet.
    await box.pressSequentially('Hello! /thanks');
    await list.waitFor();
    await expect(options.count()).resolves.toBe(2);
    await console.keyboard.press('ArrowDown');
    await console.keyboard.press('ArrowUp');
    await console.keyboard.press('Enter');
    await list.waitFor({ state: 'detached' });
    const filled = 'Hello! Thank you, Ada! Order BK-20417 is ready for pickup. – Maria, repairs team';
    await expect(box.inputValue()).resolves.toBe(filled);
    await expect(console.locator('.history .bubble.operator').count()).resolves.toBe(0);
    // The caret is after the reply: what the operator types next follows it.
    await box.pressSequentially(' See you!');
    await expect(box.inputValue()).resolves.toBe(`${filled} See you!`);

    // Tab inserts as well.
    await box.pressSequentially(' /hou');
    await list.waitFor();
    await console.keyboard.press('Tab');
    await expect(box.inputValue()).resolves.toBe(`${filled} See you! We are open 9 to 5.`);

    // Enter, with the list closed, sends it; the visitor reads it, from Maria.
    await console.keyboard.press('Enter');
    const reply = visitor.locator('.message.operator', { hasText: 'Thank you, Ada! Order BK-20417 is ready for pickup.' });
    await reply.waitFor();
    await expect(reply.textContent()).resolves.toContain('– Maria, repairs team See you! We are open 9 to 5.');
    await expect(reply.locator('.author').textContent()).resolves.toBe('Maria');
    await console.locator('.history .bubble.operator', { hasText: 'See you!' }).waitFor();
    await expect(box.inputValue()).resolves.toBe('');
    expect(await seriousViolations(visitor)).toEqual([]);
    await saveScreenshot(visitor, 'canned-replies-visitor-reads');

    expect(visitorProblems).toEqual([]);
    expect(consoleProblems.filter((p) => !p.includes('/api/inbox/events net::ERR_ABORTED'))).toEqual([]);
    await site.close();
    await desk.close();
  });

  it('lets an editor add, change and delete a shared reply on the Canned replies page, linked from Settings', async () => {
    const { h, browser, base } = served;
    const { key: owner } = await h.seedTenant('Tide Pool Aquarium');
    const editor = (await h.withKey(owner, 'POST', '/api/keys', { name: 'Content team', role: 'editor' })).body.key as string;
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/replies`);
    await page.getByLabel('API key').fill(editor);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Canned replies', level: 1 }).waitFor();
    await page.getByText('No canned replies yet.').waitFor();
    // A key is nobody: it writes shared replies only, so it is not asked who may use them.
    await expect(page.getByRole('group', { name: 'Who may use it' }).count()).resolves.toBe(0);

    await page.getByLabel('Shortcut', { exact: true }).fill('/tickets');
    await page.getByLabel('Reply', { exact: true }).fill('Tickets are at the door, {{visitor_name}}.');
    await page.getByRole('button', { name: 'Add reply' }).click();
    await page.getByRole('status').filter({ hasText: '/tickets is ready to use.' }).waitFor();
    const row = page.locator('tr[data-reply-id]', { hasText: '/tickets' });
    await expect
      .poll(() => row.locator('td').allTextContents())
      .toEqual(['/tickets', 'Tickets are at the door, {{visitor_name}}.', 'the team', expect.any(String)]);

    // A taken shortcut: the server's refusal, under the form.
    await page.getByLabel('Shortcut', { exact: true }).fill('TICKETS');
    await page.getByLabel('Reply', { exact: true }).fill('Again');
    await page.getByRole('button', { name: 'Add reply' }).click();
    await page.getByRole('alert').filter({ hasText: 'taken' }).waitFor();

    await row.getByRole('button', { name: 'Edit /tickets' }).click();
    await page.getByRole('heading', { name: 'Change /tickets' }).waitFor();
    await page.getByLabel('Reply', { exact: true }).fill('Tickets are sold at the door.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: '/tickets is saved.' }).waitFor();
    await row.getByText('Tickets are sold at the door.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'canned-replies-page');

    await row.getByRole('button', { name: 'Delete /tickets' }).click();
    await row.getByRole('button', { name: 'Confirm delete /tickets' }).click();
    await page.getByText('No canned replies yet.').waitFor();
    expect((await h.withKey(owner, 'GET', '/api/canned-replies')).body.canned_replies).toEqual([]);

    expect(problems.filter((p) => !p.includes('status of 409'))).toEqual([]);
    await context.close();

    // The owner finds the page from Settings.
    const ownerContext = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    const ownerPage = await ownerContext.newPage();
    ownerPage.setDefaultTimeout(10_000);
    await ownerPage.goto(`${base}/console/settings`);
    await ownerPage.getByLabel('API key').fill(owner);
    await ownerPage.getByRole('button', { name: 'Sign in' }).click();
    await ownerPage.getByRole('link', { name: 'Open canned replies' }).click();
    await ownerPage.getByRole('heading', { name: 'Canned replies', level: 1 }).waitFor();
    expect(new URL(ownerPage.url()).pathname).toBe('/console/replies');
    await ownerContext.close();
  });
});
