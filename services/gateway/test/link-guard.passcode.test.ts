import { hashPasscode } from '@parley/auth';
import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSCODE_LINK_TRIES, PASSCODE_TRIES } from '../src/limits/link-guard.js';
import { analyticsWhen } from '../src/routes/management/analytics/analytics.test-kit.js';
import { expectError, type GatewayHarness, type InjectResult, startGatewayHarness } from './gateway-harness.js';
import { createLink, visitorPost } from './public-link-fixtures.js';

const PASSCODE = 'open sesame';

/**
 * Guessing a link's passcode: every guess is counted before it is checked, per client address and
 * per link, so a burst of guesses gets no more tries than one at a time, and rotating addresses
 * locks the link's passcode check instead of multiplying the tries.
 */
describe('passcode guessing', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness({
      // Many starts from one address: the message limits are not what these tests are about.
      publicLimits: { perIpPerMinute: 1_000, perSessionPerMinute: 1_000, perEmailPerMinute: 1_000, invalidTokensPerIpPerMinute: 1_000 },
    });
  });
  afterAll(async () => h?.stop());

  let addresses = 0;
  /** Another client address, not used by any other test. */
  const freshAddress = () => `198.18.${Math.floor(++addresses / 250)}.${(addresses % 250) + 1}`;
  const start = (token: string, passcode: string, remoteAddress: string) =>
    h.inject(visitorPost(`/api/public/sessions/${token}`, { passcode }, { remoteAddress }));
  const statuses = (answers: InjectResult[]) => answers.map((answer) => answer.status);
  const count = (answers: InjectResult[], status: number) => answers.filter((answer) => answer.status === status).length;

  it('evaluates at most the address’s tries of a burst of wrong passcodes; the rest get 429 unchecked', async () => {
    const link = await createLink(h, { passcode: PASSCODE });
    const address = freshAddress();
    const answers = await Promise.all(Array.from({ length: 25 }, (_, i) => start(link.token, `wrong guess ${i}`, address)));
    expect(count(answers, 401), JSON.stringify(statuses(answers))).toBe(PASSCODE_TRIES);
    expect(count(answers, 429)).toBe(25 - PASSCODE_TRIES);
    for (const refused of answers.filter((answer) => answer.status === 429)) {
      expectError(refused, 429, 'rate_limited', /wrong passcodes from this address/);
      expect(refused.body.error.details).toEqual({ limit: 'passcode' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(500);
    }
    // The tries left count down over the evaluated ones, whatever order they finished in.
    const left = answers.filter((answer) => answer.status === 401).map((answer) => answer.body.error.details.attempts_left);
    expect(left.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('does not open a session for the right passcode sent in a burst after 39 wrong ones', async () => {
    const link = await createLink(h, { passcode: PASSCODE });
    const address = freshAddress();
    const wrong = Array.from({ length: 39 }, (_, i) => start(link.token, `wrong guess ${i}`, address));
    const right = start(link.token, PASSCODE, address);
    const answers = await Promise.all([...wrong, right]);
    expect(count(answers, 201), JSON.stringify(statuses(answers))).toBe(0);
    expectError(answers[39]!, 429, 'rate_limited', /passcode/);
    expect(count(answers, 401)).toBe(PASSCODE_TRIES);
  });

  it('undoes the count of a right passcode: only wrong ones use up an address’s tries', async () => {
    const link = await createLink(h, { passcode: PASSCODE });
    const address = freshAddress();
    for (let wrong = 1; wrong <= PASSCODE_TRIES - 1; wrong++) {
      const answer = await start(link.token, 'wrong', address);
      expect(answer.body.error.details).toEqual({ reason: 'passcode_wrong', attempts_left: PASSCODE_TRIES - wrong });
    }
    for (let right = 0; right < 3; right++) expect((await start(link.token, PASSCODE, address)).status).toBe(201);
    // One try is still left after three right passcodes: they were not counted.
    const last = await start(link.token, 'wrong', address);
    expect(last.body.error.details).toEqual({ reason: 'passcode_wrong', attempts_left: 0 });
    expectError(await start(link.token, PASSCODE, address), 429, 'rate_limited', /passcode/);
  });

  it('locks a link’s passcode check for everyone after its budget of wrong passcodes from many addresses; sessions started before go on', async () => {
    const link = await createLink(h, { passcode: PASSCODE });
    const other = await createLink(h, { passcode: PASSCODE });
    const before = await start(link.token, PASSCODE, freshAddress());
    expect(before.status, before.text).toBe(201);

    // Each address stays within its own tries; together they spend the link's budget.
    const guesses: Array<Promise<InjectResult>> = [];
    for (let sent = 0; sent < PASSCODE_LINK_TRIES; sent += PASSCODE_TRIES) {
      const address = freshAddress();
      for (let i = 0; i < PASSCODE_TRIES; i++) guesses.push(start(link.token, `wrong ${sent + i}`, address));
    }
    const answers = await Promise.all(guesses);
    expect(count(answers, 401), JSON.stringify(statuses(answers))).toBe(PASSCODE_LINK_TRIES);

    // Now even the right passcode from a new address is refused without being checked.
    const locked = await start(link.token, PASSCODE, freshAddress());
    expectError(locked, 429, 'rate_limited', /wrong passcodes on this link/);
    expect(locked.body.error.details).toEqual({ limit: 'passcode_link' });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(500);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // A guess in the lockout does not count against the guesser's address either.
    const bystander = freshAddress();
    expectError(await start(link.token, 'wrong', bystander), 429, 'rate_limited', /on this link/);
    expectError(await start(link.token, 'wrong', bystander), 429, 'rate_limited', /on this link/);

    // Other links are not affected, and the session started before the lockout goes on.
    expect((await start(other.token, PASSCODE, freshAddress())).status).toBe(201);
    const message = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'still here', session: before.body.session }));
    expect(message.status, message.text).toBe(200);

    // One `passcode_lockout` security event for the lockout, counted by the link's analytics.
    const lockouts = await waitFor(async () => {
      const rows = await h.ctx.db.selectFrom('security_events').select('kind').where('link_id', '=', link.id).where('kind', '=', 'passcode_lockout').execute();
      return rows.length > 0 ? rows : false;
    });
    expect(lockouts).toHaveLength(1);
    const report = await analyticsWhen(h, `/api/links/${link.id}/analytics`, link.tenantId, (body) => body.security_events.passcode_lockout === 1);
    expect(report.security_events.passcode_lockout).toBe(1);
  });

  it('still opens a link whose passcode is shorter than new passcodes may be (set before the rule)', async () => {
    const link = await createLink(h, { passcode: PASSCODE });
    await h.ctx.db
      .updateTable('public_links')
      .set({ passcode_hash: await hashPasscode('1234') })
      .where('id', '=', link.id)
      .execute();
    expect((await start(link.token, '1234', freshAddress())).status).toBe(201);
  });
});
