import { inboxLogKey } from '@parley/stores';
import { saveScreenshot, seriousViolations, waitFor, watchPage } from '@parley/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleHarness, startConsoleWithSso } from './console-harness.js';
import type { GatewayHarness } from './gateway-harness.js';

const PEOPLE = [
  { email: 'ana.lima@harbour.example', name: 'Ana Lima' },
  { email: 'bruno.costa@harbour.example', name: 'Bruno Costa' },
] as const;

/**
 * A ferry line's agent: it notes what the visitor says, and hands them to the Front desk team
 * when they ask for a person (a handoff node naming the team, docs/workflow.md "Handoff nodes").
 */
const ferryAgent = {
  workflow: {
    initial_node: 'start',
    nodes: [
      {
        id: 'start',
        name: 'Start',
        static_text: 'How can I help?',
        transitions: [
          { to: 'person', condition: 'contains:person' },
          { to: 'noted', condition: 'user_responded' },
        ],
      },
      {
        id: 'noted',
        name: 'Noted',
        static_text: 'Noted.',
        transitions: [
          { to: 'person', condition: 'contains:person' },
          { to: 'noted', condition: 'user_responded' },
        ],
      },
      {
        id: 'person',
        name: 'A person',
        type: 'handoff',
        handoff_reason: 'Asked for a person',
        handoff_team: 'Front desk',
        static_text: 'One moment: a colleague from the front desk takes over.',
        transitions: [{ to: 'noted', condition: 'user_responded' }],
      },
    ],
  },
};

/** What the platform's pages complain of, not the provider's development login page (its fonts, its favicon). */
function watchOwnPages(page: Page, origin: string): string[] {
  const problems: string[] = [];
  const ours = (url: string) => url === '' || url.startsWith(origin);
  page.on('console', (message) => {
    if ((message.type() === 'error' || message.type() === 'warning') && ours(message.location().url)) problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (ours(request.url())) problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  return problems;
}

/** Expected on the way: the console asking who is signed in before anyone is (401), and live streams cut off by leaving a page. */
const unexpected = (problems: string[]) => problems.filter((p) => !p.includes('status of 401') && !/net::ERR_ABORTED/.test(p));

interface Desk {
  name: string;
  memberId: string;
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/**
 * Operators at work (docs/escalation.md "Teams, presence and assignment"), as the people see it: an owner sets up a team in the console; two of its members,
 * each signed in with SSO in a browser of their own, are offered one visitor each, accept and
 * answer live; then one hands their visitor to the other with a note.
 */
describe('operators in Chromium: a team, presence, assignment and transfer', () => {
  let served: ConsoleHarness;
  let h: GatewayHarness;
  let browser: Browser;
  let base: string;
  let owner: string;
  let token: string;
  let tenantId: string;
  const memberIds: Record<string, string> = {};

  beforeAll(async () => {
    served = await startConsoleWithSso(
      PEOPLE.map((person) => ({ ...person, email_verified: true })),
      { live: {} },
    );
    ({ h, browser, base } = served);
    ({ key: owner, tenantId } = await h.seedTenant('Harbour Ferries'));
    for (const person of PEOPLE) {
      const added = await h.withKey(owner, 'POST', '/api/members', { email: person.email, name: person.name, role: 'operator' });
      expect(added.status).toBe(201);
      memberIds[person.name] = added.body.member_id;
    }
    expect((await h.withKey(owner, 'POST', '/api/agents', { name: 'tickets', config: ferryAgent })).status).toBe(201);
    const link = await h.withKey(owner, 'POST', '/api/agents/tickets/public-links', { title: 'Ferry tickets' });
    expect(link.status).toBe(201);
    ({ token } = link.body);
  });
  afterAll(async () => {
    await served?.close();
  });

  it('an owner sets up a team on the Teams page: members, business hours with a holiday, a cap; then makes it always open', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/teams`);
    await page.getByLabel('API key').fill(owner);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Teams' }).waitFor();
    await page.getByText('No teams yet.', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'New team' }).click();
    await page.getByLabel('Name').fill('Front desk');
    await page.getByLabel('Ana Lima').check();
    await page.getByLabel('Bruno Costa').check();
    await page.getByLabel('Most open conversations per operator').fill('3');
    await page.getByLabel('Only during business hours').check();
    await page.getByLabel('Time zone').selectOption('Europe/Lisbon');
    // Weekdays nine to five to start with; Saturday mornings added, Friday closing early.
    await expect(page.getByLabel('Opens on Monday').inputValue()).resolves.toBe('09:00');
    await page.getByRole('button', { name: 'Add hours on Saturday' }).click();
    await page.getByLabel('Opens on Saturday').fill('10:00');
    await page.getByLabel('Closes on Saturday').fill('14:00');
    await page.getByLabel('Closes on Friday').fill('15:30');
    await page.getByLabel('Holiday (closed all day)').fill('2026-12-25');
    await page.getByRole('button', { name: 'Add holiday' }).click();
    await page.getByRole('list', { name: 'Holidays' }).getByRole('listitem').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'operators-team-form');
    await page.getByRole('button', { name: 'Create team' }).click();
    await page.getByRole('status').filter({ hasText: 'Team Front desk is created.' }).waitFor();

    const [team] = (await h.withKey(owner, 'GET', '/api/teams')).body.teams;
    expect(team).toMatchObject({
      name: 'Front desk',
      max_open_per_operator: 3,
      hours: {
        timezone: 'Europe/Lisbon',
        weekly: { mon: [['09:00', '17:00']], fri: [['09:00', '15:30']], sat: [['10:00', '14:00']] },
        holidays: ['2026-12-25'],
      },
    });
    expect(team.hours.weekly.sun).toBeUndefined();
    expect(team.members.map((m: { name: string }) => m.name).sort()).toEqual(['Ana Lima', 'Bruno Costa']);
    const row = page.locator(`tr[data-team-id="${team.id}"]`);
    await expect(row.textContent()).resolves.toContain('Europe/Lisbon');
    await expect(row.textContent()).resolves.toContain('1 holiday');

    // Always open from now on, so that the visitors below find it open whatever the hour.
    await row.getByRole('button', { name: 'Edit Front desk' }).click();
    await page.getByLabel('Only during business hours').uncheck();
    await page.getByRole('button', { name: 'Save team' }).click();
    await page.getByRole('status').filter({ hasText: 'Team Front desk is saved.' }).waitFor();
    await row.getByText('Always open').waitFor();
    await expect(row.locator('.badge').textContent()).resolves.toBe('open now');
    expect((await h.withKey(owner, 'GET', `/api/teams/${team.id}`)).body).toMatchObject({ hours: null, open_now: true, max_open_per_operator: 3 });
    expect(await seriousViolations(page)).toEqual([]);
    await saveScreenshot(page, 'operators-teams-page');

    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });

  /** A member signed in with SSO in a browser of their own, on the inbox with its stream live. */
  async function signIn(person: (typeof PEOPLE)[number]): Promise<Desk> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems = watchOwnPages(page, base);
    await page.goto(`${base}/console`);
    await page.getByRole('link', { name: 'Sign in with SSO' }).click();
    await page.locator('input[name=login]').fill(person.email);
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.locator('.badge', { hasText: 'Live' }).waitFor();
    return { name: person.name, memberId: memberIds[person.name] ?? '', context, page, problems };
  }

  /** The status `desk` shows for `of` in its list of operators. */
  const statusIn = (desk: Desk, of: Desk) => desk.page.locator(`.operators li[data-member-id="${of.memberId}"]`);

  /** A visitor on the chat page who says what happened, then asks for a person: the agent hands them to the team. */
  async function visitorAsks(words: string) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/c/${token}`);
    await page.getByLabel('Message').fill(words);
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'Noted.' }).waitFor();
    await page.getByLabel('Message').fill('Can I talk to a person, please?');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: 'a colleague from the front desk takes over' }).waitFor();
    return { context, page, problems };
  }

  /** The escalation of the conversation where the visitor said `words`, once it is offered to someone: its id and to whom. */
  async function offered(words: string): Promise<{ id: string; memberId: string }> {
    let found: { id: string; memberId: string } | undefined;
    await waitFor(
      async () => {
        const { items } = (await h.withKey(owner, 'GET', '/api/inbox?state=assigned')).body as {
          items: { escalation_id: string; operator_member_id: string | null; last_message: string | null; conversation_id: string }[];
        };
        for (const item of items) {
          const history = (await h.withKey(owner, 'GET', `/api/conversations/${item.conversation_id}`)).body as { messages: { content: string }[] };
          if (item.operator_member_id && history.messages.some((m) => m.content === words))
            found = { id: item.escalation_id, memberId: item.operator_member_id };
        }
        return found !== undefined;
      },
      { timeoutMs: 20_000 },
    );
    return found as { id: string; memberId: string };
  }

  it('two online members of the team are offered a visitor each, accept and answer; one transfers theirs to the other with a note', async () => {
    const ana = await signIn(PEOPLE[0]);
    const bruno = await signIn(PEOPLE[1]);

    // An operator reads the team, and may not change it.
    await ana.page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Teams', exact: true }).click();
    await ana.page.locator('tr[data-team-id]', { hasText: 'Front desk' }).waitFor();
    await ana.page.getByText('Only owners create, change or delete teams.').waitFor();
    await expect(ana.page.getByRole('button', { name: 'New team' }).count()).resolves.toBe(0);
    await expect(ana.page.getByRole('button', { name: /Edit|Delete/ }).count()).resolves.toBe(0);
    expect(await seriousViolations(ana.page)).toEqual([]);
    await ana.page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Inbox', exact: true }).click();
    await ana.page.locator('.badge', { hasText: 'Live' }).waitFor();

    // Both online, each seen by the other, with nothing open; each is online by their own toggle.
    for (const [desk, other] of [
      [ana, bruno],
      [bruno, ana],
    ] as const) {
      await statusIn(desk, other).locator('.badge', { hasText: 'Online' }).waitFor();
      await statusIn(desk, desk).locator('.badge', { hasText: 'Online' }).waitFor();
      await expect(statusIn(desk, other).locator('.open-count').textContent()).resolves.toBe('0 open');
      await expect(desk.page.getByRole('button', { name: 'Online', pressed: true }).count()).resolves.toBe(1);
    }

    // A presence event told late (a stream that closed while its member opened another) does not leave a stale status.
    await h.live?.append(inboxLogKey(tenantId), {
      event: 'presence',
      data: { member_id: bruno.memberId, name: bruno.name, status: 'offline', open: 0 },
    });
    await statusIn(ana, bruno).locator('.badge', { hasText: 'Offline' }).waitFor();
    await statusIn(ana, bruno).locator('.badge', { hasText: 'Online' }).waitFor();

    // Two visitors ask for a person: each goes to the member with the fewest open conversations.
    const first = await visitorAsks('I missed the 9:40 ferry');
    const firstOffer = await offered('I missed the 9:40 ferry');
    const second = await visitorAsks('Can I bring my bike?');
    const secondOffer = await offered('Can I bring my bike?');
    expect(secondOffer.memberId).not.toBe(firstOffer.memberId);
    const [a, b] = firstOffer.memberId === ana.memberId ? [ana, bruno] : [bruno, ana];

    // Each sees theirs at the top, with the time left to accept, and the other's as offered to its operator.
    for (const [desk, own, others, otherDesk] of [
      [a, firstOffer, secondOffer, b],
      [b, secondOffer, firstOffer, a],
    ] as const) {
      const mine = desk.page.locator('.queue.offered li', { has: desk.page.locator(`a[data-escalation-id="${own.id}"]`) });
      await mine.waitFor();
      await expect(mine.locator('.badge').first().textContent()).resolves.toBe('offered to you');
      await expect(mine.getByRole('timer').textContent()).resolves.toMatch(/^(1:00|0:[0-5]\d) left to accept$/);
      const theirs = desk.page.locator(`a[data-escalation-id="${others.id}"]`);
      await theirs.waitFor();
      await expect(theirs.locator('.badge').first().textContent()).resolves.toBe(`offered to ${otherDesk.name}`);
      await expect(theirs.textContent()).resolves.toContain('team Front desk');
    }
    expect(await seriousViolations(a.page)).toEqual([]);

    // Each accepts from the list and answers; each visitor sees their own operator's name and words.
    for (const [desk, own, visitor, words] of [
      [a, firstOffer, first, 'The next ferry leaves at 10:40; your ticket is valid on it.'],
      [b, secondOffer, second, 'Bikes ride free on every crossing.'],
    ] as const) {
      await desk.page
        .locator('.queue.offered li', { has: desk.page.locator(`a[data-escalation-id="${own.id}"]`) })
        .getByRole('button', { name: /^Accept/ })
        .click();
      await desk.page.getByText(`claimed by ${desk.name} (you)`).waitFor();
      await desk.page.getByLabel('Message').fill(words);
      await desk.page.keyboard.press('Enter');
      await desk.page.locator('.history .bubble.operator', { hasText: words }).waitFor();
      await visitor.page.locator('.escalation', { hasText: `You are talking with ${desk.name}.` }).waitFor();
      const reply = visitor.page.locator('.message.operator', { hasText: words });
      await reply.waitFor();
      await expect(reply.locator('.author').textContent()).resolves.toBe(desk.name);
    }
    await statusIn(a, b).locator('.open-count', { hasText: '1 open' }).waitFor();

    // A hands their visitor to B, with a note only operators read.
    await a.page.getByRole('button', { name: 'Transfer…' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'Transfer “Asked for a person”' });
    await dialog.waitFor();
    await expect(dialog.getByLabel('A colleague').isChecked()).resolves.toBe(true);
    await dialog.getByLabel('Colleague', { exact: true }).selectOption(b.memberId);
    await dialog
      .getByLabel('Note for your colleague', { exact: false })
      .fill('Missed the 9:40; already rebooked on the 10:40, wants a refund of the difference.');
    expect(await seriousViolations(a.page)).toEqual([]);
    await saveScreenshot(a.page, 'operators-transfer-dialog');
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await a.page.getByText(`offered to ${b.name}`, { exact: true }).first().waitFor();
    await expect(a.page.locator('#operator-reply').count()).resolves.toBe(0);

    // B is offered it, with A's note; accepts it from the conversation and answers.
    const moved = b.page.locator('.queue.offered li', { has: b.page.locator(`a[data-escalation-id="${firstOffer.id}"]`) });
    await moved.waitFor();
    await moved.locator('.entry-notice', { hasText: 'wants a refund of the difference' }).waitFor();
    await moved.locator('a').click();
    await b.page
      .getByRole('list', { name: 'Notes for operators' })
      .getByText(`${a.name} transferred this conversation to ${b.name}`, { exact: false })
      .waitFor();
    await b.page.locator('.history .bubble.operator', { hasText: 'The next ferry leaves at 10:40' }).waitFor();
    expect(await seriousViolations(b.page)).toEqual([]);
    await saveScreenshot(b.page, 'operators-inbox-offered-transfer');
    await b.page.locator('.conversation').getByRole('button', { name: 'Accept' }).click();
    await b.page.getByText(`claimed by ${b.name} (you)`).waitFor();
    const refund = 'I have refunded the difference to your card.';
    await b.page.getByLabel('Message').fill(refund);
    await b.page.keyboard.press('Enter');
    await b.page.locator('.history .bubble.operator', { hasText: refund }).waitFor();

    // After a reload the note is still there: the item keeps its transfers. Shown once, as it was live.
    await b.page.reload();
    await b.page.locator('.badge', { hasText: 'Live' }).waitFor();
    await b.page.locator(`a[data-escalation-id="${firstOffer.id}"]`).click();
    const notes = b.page.getByRole('list', { name: 'Notes for operators' });
    await notes.waitFor();
    await expect(notes.getByRole('listitem').allTextContents()).resolves.toEqual([
      `${a.name} transferred this conversation to ${b.name}: Missed the 9:40; already rebooked on the 10:40, wants a refund of the difference.`,
    ]);
    expect(await seriousViolations(b.page)).toEqual([]);
    await saveScreenshot(b.page, 'operators-inbox-transfer-after-reload');

    // A's visitor sees that B took over, and B's answer under B's name; nothing of the note.
    await first.page.locator('.escalation', { hasText: `You are talking with ${b.name}.` }).waitFor();
    const answer = first.page.locator('.message.operator', { hasText: refund });
    await answer.waitFor();
    await expect(answer.locator('.author').textContent()).resolves.toBe(b.name);
    await expect(first.page.locator('body').textContent()).resolves.not.toContain('refund of the difference');
    await statusIn(a, b).locator('.open-count', { hasText: '2 open' }).waitFor();
    await statusIn(b, a).locator('.open-count', { hasText: '0 open' }).waitFor();

    // A steps away: B sees it at once.
    await a.page.getByRole('button', { name: 'Away' }).click();
    await a.page.getByRole('button', { name: 'Away', pressed: true }).waitFor();
    await statusIn(b, a).locator('.badge', { hasText: 'Away' }).waitFor();

    expect(await seriousViolations(a.page)).toEqual([]);
    expect(await seriousViolations(b.page)).toEqual([]);
    expect(await seriousViolations(first.page)).toEqual([]);
    await saveScreenshot(a.page, 'operators-inbox-after-transfer-from');
    await saveScreenshot(b.page, 'operators-inbox-after-transfer-to');
    await saveScreenshot(first.page, 'operators-visitor-after-transfer');
    expect(unexpected(a.problems)).toEqual([]);
    expect(unexpected(b.problems)).toEqual([]);
    expect(unexpected(first.problems)).toEqual([]);
    expect(unexpected(second.problems)).toEqual([]);
    for (const context of [a.context, b.context, first.context, second.context]) await context.close();
  }, 120_000);

  it("the agent's analytics table the operators' and the team's work, as the API counts it", async () => {
    const answer = (
      await h.withKey(
        owner,
        'GET',
        `/api/agents/tickets/analytics?from=${new Date(Date.now() - 86_400_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}`,
      )
    ).body as {
      operators: { name: string; conversations: number; missed: number }[];
      teams: { name: string | null; conversations: number; missed: number }[];
    };
    expect(answer.operators.length).toBeGreaterThan(0);
    expect(answer.operators.every((o) => ['Ana Lima', 'Bruno Costa'].includes(o.name))).toBe(true);
    expect(answer.teams.map((team) => team.name)).toEqual(['Front desk']);

    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const problems = await watchPage(page);
    await page.goto(`${base}/console/agents/tickets/analytics`);
    await page.getByLabel('API key').fill(owner);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Analytics – tickets' }).waitFor();
    const panel = page.locator('[data-analytics="agent:tickets"]');
    const operators = panel.getByRole('table', { name: 'Operators' });
    await operators.waitFor();
    await expect(operators.locator('thead th').allTextContents()).resolves.toEqual([
      'Name',
      'Conversations',
      'Median first response',
      'Median handling time',
      'Missed offers',
    ]);
    // A duration reads as the panel's others do: whole seconds, or minutes from one minute on.
    const duration = /^(\d+ s|\d+ min|–)$/;
    for (const operator of answer.operators) {
      const cells = await operators
        .locator('tbody tr', { has: page.getByRole('rowheader', { name: operator.name, exact: true }) })
        .locator('td')
        .allTextContents();
      expect(cells).toEqual([String(operator.conversations), expect.stringMatching(duration), expect.stringMatching(duration), String(operator.missed)]);
    }
    const teams = panel.getByRole('table', { name: 'Teams' });
    const desk = answer.teams[0];
    const row = await teams.locator('tbody tr').allTextContents();
    expect(row).toHaveLength(1);
    expect(row[0]).toMatch(new RegExp(`^Front desk${desk?.conversations}`));
    expect(await seriousViolations(page)).toEqual([]);
    await operators.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'operators-analytics-tables');
    expect(unexpected(problems)).toEqual([]);
    await context.close();
  });
});
