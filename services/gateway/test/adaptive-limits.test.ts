import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, type InjectResult, startGatewayHarness } from './gateway-harness.js';
import { createLink, visitorPost } from './public-link-fixtures.js';

/**
 * `rate_limit_per_minute: "adaptive"` through the real gateway, links and sessions services and
 * Redis, with the timings shortened: a window of 2 s stands for the minute, and a score relaxes
 * one level per 5 quiet seconds. Each address and session starts from 8 messages per window.
 */
const BASE = 8;
const WINDOW_MS = 2_000;
const QUIET_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an adaptive limit', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    const publicLimits = { perIpPerMinute: BASE, perSessionPerMinute: BASE, perEmailPerMinute: 1_000, invalidTokensPerIpPerMinute: 1_000 };
    h = await startGatewayHarness({ publicLimits }, { adaptiveLimits: { windowMs: WINDOW_MS, quietMs: QUIET_MS, strikesPerLevel: 3 } });
  });
  afterAll(async () => h?.stop());

  /** A session started without a message (counted like one), from `address`. */
  const start = (token: string, address: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    h.inject(visitorPost(`/api/public/sessions/${token}`, body, { remoteAddress: address, headers }));

  /**
   * How many of a round's messages got through, as far as the round can tell: the allowance, when
   * the round ended within one window. A round that outlasted its window (a machine too busy to
   * send nine requests in two seconds) met a fresh window midway and says nothing about the count;
   * its refusal's allowance still does.
   */
  const counted = (round: { accepted: number; allowance: number; ms: number }) => (round.ms < WINDOW_MS ? round.accepted : round.allowance);

  /**
   * Sends until the first 429 (at most 20); answers how many got through, the refusal, how long it
   * took, and when the window it counted in is surely over (a window starts with its first hit,
   * which was counted before the first answer came back).
   */
  async function untilRefused(send: () => Promise<InjectResult>) {
    const started = Date.now();
    let windowOverAt: number | undefined;
    for (let accepted = 0; accepted < 20; accepted++) {
      const answer = await send();
      windowOverAt ??= Date.now() + WINDOW_MS + 100;
      if (answer.status === 429) return { accepted, refusal: answer, ms: Date.now() - started, windowOverAt };
    }
    throw new Error('never refused');
  }

  /** Until the window a round counted in is over: the next round starts a fresh one. */
  const nextWindow = (round: { windowOverAt: number }) => sleep(Math.max(0, round.windowOverAt - Date.now()));

  /** A visitor who keeps to the rules: one session, two messages now and then. */
  async function wellBehaved(token: string, address: string) {
    const first = await h.inject(visitorPost(`/api/public/chat/${token}`, { content: 'hello' }, { remoteAddress: address }));
    expect(first.status, first.text).toBe(200);
    const session = first.body.session as string;
    return async () => {
      for (const content of ['a question', 'thanks']) {
        const answer = await h.inject(visitorPost(`/api/public/chat/${token}`, { content, session }, { remoteAddress: address }));
        expect(answer.status, answer.text).toBe(200);
      }
    };
  }

  it('refuses a flooding address sooner and sooner while a well-behaved visitor on the link is never refused, then relaxes step by step', async () => {
    const link = await createLink(h, { rate_limit_per_minute: 'adaptive' });
    const abuser = '203.0.113.66';
    const visit = await wellBehaved(link.token, '198.51.100.7');

    // Each window the abuser sends until refused, and twice more: three strikes a window.
    const tightening: Array<{ accepted: number; allowance: number; ms: number }> = [];
    for (let round = 0; round < 5; round++) {
      const sent = await untilRefused(() => start(link.token, abuser));
      const { accepted, refusal, ms } = sent;
      expect(refusal.body.error).toMatchObject({ code: 'rate_limited', details: { limit: 'address' } });
      for (let extra = 0; extra < 2; extra++) expect((await start(link.token, abuser)).status).toBe(429);
      tightening.push({ accepted, allowance: refusal.body.error.details.allowance, ms });
      await visit();
      await nextWindow(sent);
    }
    expect(tightening.map(counted)).toEqual([8, 4, 2, 1, 1]);
    expect(tightening.map((round) => round.allowance)).toEqual([8, 4, 2, 1, 1]);
    const lastStrike = Date.now();

    // Quiet now: one refused probe per quiet period shows the allowance coming back a level at a time.
    const relaxing: Array<{ accepted: number; allowance: number; ms: number; afterMs: number }> = [];
    for (let probe = 0; probe < 3; probe++) {
      await sleep(QUIET_MS + 200);
      const { accepted, refusal, ms } = await untilRefused(() => start(link.token, abuser));
      relaxing.push({ accepted, allowance: refusal.body.error.details.allowance, ms, afterMs: Date.now() - lastStrike });
      await visit();
    }
    expect(relaxing.map((probe) => probe.allowance)).toEqual([2, 4, 8]);
    expect(relaxing.map(counted)).toEqual([2, 4, 8]);
  }, 90_000);

  it('holds back a session that floods from ever-new addresses by the session’s own score', async () => {
    const link = await createLink(h, { rate_limit_per_minute: 'adaptive' });
    const started = await start(link.token, '198.18.0.1');
    expect(started.status, started.text).toBe(201);
    const session = started.body.session as string;
    let address = 1;
    const message = () => h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'again', session }, { remoteAddress: `198.18.1.${address++}` }));
    const rounds: number[] = [];
    for (let round = 0; round < 2; round++) {
      const sent = await untilRefused(message);
      const { accepted, refusal, ms } = sent;
      expect(refusal.body.error.details).toEqual({ limit: 'session', allowance: BASE / 2 ** round });
      for (let extra = 0; extra < 2; extra++) expect((await message()).status).toBe(429);
      rounds.push(counted({ accepted, allowance: refusal.body.error.details.allowance, ms }));
      await nextWindow(sent);
    }
    expect(rounds).toEqual([8, 4]);
    // The addresses it came from have a strike each at most: a new session from one of them is not held back.
    expect((await start(link.token, '198.18.1.9')).status).toBe(201);
  }, 30_000);

  it('counts wrong passcodes, refused origins, unverified users and wrong codes as strikes: three halve the address’s allowance', async () => {
    const user = { user_id: 'u-1', user_hash: 'a'.repeat(64) };
    const kinds: Array<{ name: string; settings: Record<string, unknown>; misbehave: (token: string, address: string) => Promise<InjectResult>; body?: Record<string, unknown> }> = [
      {
        name: 'wrong passcode',
        settings: { passcode: 'open sesame' },
        misbehave: (token, address) => start(token, address, { passcode: 'guess' }),
        body: { passcode: 'open sesame' },
      },
      {
        name: 'refused origin',
        settings: { allowed_origins: ['https://shop.example'] },
        misbehave: (token, address) => start(token, address, {}, { origin: 'https://evil.example' }),
      },
      { name: 'unverified user', settings: {}, misbehave: (token, address) => start(token, address, { user }) },
      {
        name: 'wrong code',
        settings: { require_email_verification: true },
        misbehave: (token, address) => h.inject(visitorPost(`/api/public/verify/${token}/confirm`, { email: 'ann@example.com', code: '123456' }, { remoteAddress: address })),
      },
    ];
    let next = 1;
    for (const kind of kinds) {
      const address = `192.0.2.${next++}`;
      const link = await createLink(h, { rate_limit_per_minute: 'adaptive', ...kind.settings });
      for (let strike = 0; strike < 3; strike++) expect([401, 403], kind.name).toContain((await kind.misbehave(link.token, address)).status);
      const { accepted, refusal } = await untilRefused(() => start(link.token, address, kind.body ?? {}));
      expect({ kind: kind.name, accepted, details: refusal.body.error.details }).toEqual({ kind: kind.name, accepted: BASE / 2, details: { limit: 'address', allowance: BASE / 2 } });

      // The same doings on a link without an adaptive limit change nothing.
      const fixedAddress = `192.0.2.${next++}`;
      const fixed = await createLink(h, { rate_limit_per_minute: 1_000, ...kind.settings });
      for (let strike = 0; strike < 3; strike++) await kind.misbehave(fixed.token, fixedAddress);
      const unchanged = await untilRefused(() => start(fixed.token, fixedAddress, kind.body ?? {}));
      expect({ kind: kind.name, accepted: unchanged.accepted }).toEqual({ kind: kind.name, accepted: BASE });
    }
  }, 60_000);
});
