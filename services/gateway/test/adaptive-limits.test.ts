import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultAdaptiveTimings } from '../src/limits/adaptive-limits.js';
import { type GatewayHarness, type InjectResult, startGatewayHarness } from './gateway-harness.js';
import { createLink, visitorPost } from './public-link-fixtures.js';

/**
 * `rate_limit_per_minute: "adaptive"` through the real gateway, links and sessions services and
 * Redis, on the product's timings (a minute's window, two quiet minutes a level) and a clock the
 * test moves: a round's requests all fall in one window however slowly the machine answers them,
 * and the next window or quiet period is one step of the clock away. Each address and session
 * starts from 8 messages per window.
 */
const BASE = 8;
const { windowMs: WINDOW_MS, quietMs: QUIET_MS } = defaultAdaptiveTimings;

describe('an adaptive limit', () => {
  let h: GatewayHarness;
  let now = Date.now();
  /** Moves the limits' clock on: as if `ms` had passed with no request. */
  const pass = (ms: number) => {
    now += ms;
  };

  beforeAll(async () => {
    const publicLimits = { perIpPerMinute: BASE, perSessionPerMinute: BASE, perEmailPerMinute: 1_000, invalidTokensPerIpPerMinute: 1_000 };
    h = await startGatewayHarness({ publicLimits }, { limitsClock: () => now });
  });
  afterAll(async () => h?.stop());

  /** A session started without a message (counted like one), from `address`. */
  const start = (token: string, address: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    h.inject(visitorPost(`/api/public/sessions/${token}`, body, { remoteAddress: address, headers }));

  /** Sends until the first 429 (at most 20); answers how many got through, and the refusal. */
  async function untilRefused(send: () => Promise<InjectResult>) {
    for (let accepted = 0; accepted < 20; accepted++) {
      const answer = await send();
      if (answer.status === 429) return { accepted, refusal: answer };
    }
    throw new Error('never refused');
  }

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
    const tightening: Array<{ accepted: number; allowance: number }> = [];
    for (let round = 0; round < 5; round++) {
      const { accepted, refusal } = await untilRefused(() => start(link.token, abuser));
      expect(refusal.body.error).toMatchObject({ code: 'rate_limited', details: { limit: 'address' } });
      for (let extra = 0; extra < 2; extra++) expect((await start(link.token, abuser)).status).toBe(429);
      tightening.push({ accepted, allowance: refusal.body.error.details.allowance });
      await visit();
      pass(WINDOW_MS);
    }
    expect(tightening).toEqual([8, 4, 2, 1, 1].map((n) => ({ accepted: n, allowance: n })));

    // A window later the level still holds: only quiet time relaxes it.
    expect((await untilRefused(() => start(link.token, abuser))).accepted).toBe(1);

    // Quiet now: one refused probe per quiet period shows the allowance coming back a level at a
    // time (each probe's refusal is a strike of its own, and the quiet time starts again).
    const relaxing: Array<{ accepted: number; allowance: number }> = [];
    for (let probe = 0; probe < 3; probe++) {
      pass(QUIET_MS);
      const { accepted, refusal } = await untilRefused(() => start(link.token, abuser));
      relaxing.push({ accepted, allowance: refusal.body.error.details.allowance });
      await visit();
    }
    expect(relaxing).toEqual([2, 4, 8].map((n) => ({ accepted: n, allowance: n })));
  });

  it('holds back a session that floods from ever-new addresses by the session’s own score', async () => {
    const link = await createLink(h, { rate_limit_per_minute: 'adaptive' });
    const started = await start(link.token, '198.18.0.1');
    expect(started.status, started.text).toBe(201);
    const session = started.body.session as string;
    let address = 1;
    const message = () => h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'again', session }, { remoteAddress: `198.18.1.${address++}` }));
    const rounds: number[] = [];
    for (let round = 0; round < 2; round++) {
      const { accepted, refusal } = await untilRefused(message);
      expect(refusal.body.error.details).toEqual({ limit: 'session', allowance: BASE / 2 ** round });
      for (let extra = 0; extra < 2; extra++) expect((await message()).status).toBe(429);
      rounds.push(accepted);
      pass(WINDOW_MS);
    }
    expect(rounds).toEqual([8, 4]);
    // The addresses it came from have a strike each at most: a new session from one of them is not held back.
    expect((await start(link.token, '198.18.1.9')).status).toBe(201);
  });

  it('counts messages a content rule blocked as strikes (known by the sessions service’s typed refusal): three halve the address’s allowance', async () => {
    const rules = { content_rules: { block_patterns: ['\\bcasino\\b'], pii: 'allow' as const, moderation: 'off' as const, prompt_injection: 'off' as const } };
    const adaptive = await createLink(h, { rate_limit_per_minute: 'adaptive', ...rules });
    const fixed = await createLink(h, { rate_limit_per_minute: 1_000, ...rules });
    const blocked = (token: string, address: string) =>
      h.inject(visitorPost(`/api/public/chat/${token}`, { content: 'any casino near?' }, { remoteAddress: address }));
    for (let strike = 0; strike < 3; strike++) {
      const answer = await blocked(adaptive.token, '192.0.2.201');
      // The answer is the visitor's as ever: 422 content_blocked naming the rule, nothing more.
      expect(answer.status, answer.text).toBe(422);
      expect(answer.body.error).toEqual({
        code: 'content_blocked',
        message: expect.any(String),
        details: { rule: 'block_patterns' },
        request_id: expect.any(String),
      });
      expect((await blocked(fixed.token, '192.0.2.202')).status).toBe(422);
    }
    // The blocked messages counted in their window; the strikes outlast it.
    pass(WINDOW_MS);
    expect((await untilRefused(() => start(adaptive.token, '192.0.2.201'))).accepted).toBe(BASE / 2);
    // The same messages on a link without an adaptive limit change nothing.
    expect((await untilRefused(() => start(fixed.token, '192.0.2.202'))).accepted).toBe(BASE);
  });

  it('counts wrong passcodes, refused origins, unverified users and wrong codes as strikes: three halve the address’s allowance', async () => {
    const user = { user_id: 'u-1', user_hash: 'a'.repeat(64) };
    const kinds: Array<{
      name: string;
      settings: Record<string, unknown>;
      misbehave: (token: string, address: string) => Promise<InjectResult>;
      body?: Record<string, unknown>;
    }> = [
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
        misbehave: (token, address) =>
          h.inject(visitorPost(`/api/public/verify/${token}/confirm`, { email: 'ann@example.com', code: '123456' }, { remoteAddress: address })),
      },
    ];
    let next = 1;
    for (const kind of kinds) {
      const address = `192.0.2.${next++}`;
      const link = await createLink(h, { rate_limit_per_minute: 'adaptive', ...kind.settings });
      for (let strike = 0; strike < 3; strike++) expect([401, 403], kind.name).toContain((await kind.misbehave(link.token, address)).status);
      const { accepted, refusal } = await untilRefused(() => start(link.token, address, kind.body ?? {}));
      expect({ kind: kind.name, accepted, details: refusal.body.error.details }).toEqual({
        kind: kind.name,
        accepted: BASE / 2,
        details: { limit: 'address', allowance: BASE / 2 },
      });

      // The same doings on a link without an adaptive limit change nothing.
      const fixedAddress = `192.0.2.${next++}`;
      const fixed = await createLink(h, { rate_limit_per_minute: 1_000, ...kind.settings });
      for (let strike = 0; strike < 3; strike++) await kind.misbehave(fixed.token, fixedAddress);
      const unchanged = await untilRefused(() => start(fixed.token, fixedAddress, kind.body ?? {}));
      expect({ kind: kind.name, accepted: unchanged.accepted }).toEqual({ kind: kind.name, accepted: BASE });
    }
  });
});
