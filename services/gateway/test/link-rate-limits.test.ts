import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, type InjectResult, startGatewayHarness } from './gateway-harness.js';
import { createLink, visitorPost } from './public-link-fixtures.js';

/**
 * A link's `rate_limit_per_minute` counts each session's messages, not the link's as a whole
 * (docs/api.md "Rate limits"): through the real gateway, links and sessions services and Redis,
 * with visitors who start their sessions by their first message. The limits count on a clock the
 * test moves, so a round's messages all fall in one window however slowly the machine answers,
 * and the next window is one step of the clock away. Each client address may send 12 a minute.
 */
const PER_ADDRESS = 12;

describe('a link’s rate limit, per session', () => {
  let h: GatewayHarness;
  let now = Date.now();

  beforeAll(async () => {
    const publicLimits = { perIpPerMinute: PER_ADDRESS, perSessionPerMinute: 20, perEmailPerMinute: 1_000, invalidTokensPerIpPerMinute: 1_000 };
    h = await startGatewayHarness({ publicLimits }, { limitsClock: () => now });
  });
  afterAll(async () => h?.stop());

  /** A visitor's message: it starts a session without `session`, else continues that one. */
  const message = (token: string, address: string, session?: string): Promise<InjectResult> =>
    h.inject(
      visitorPost(`/api/public/chat/${token}`, session === undefined ? { content: 'hello' } : { content: 'and another thing', session }, {
        remoteAddress: address,
      }),
    );

  /** Starts a session from `address` with its first message; answers its credential. */
  async function start(token: string, address: string): Promise<string> {
    const first = await message(token, address);
    expect(first.status, first.text).toBe(200);
    return first.body.session as string;
  }

  function expectLimited(answer: InjectResult, limit: string) {
    expect(answer.status, answer.text).toBe(429);
    expect(answer.body.error).toMatchObject({ code: 'rate_limited', details: { limit } });
    expect(answer.body.error.message).toContain(`per ${limit}`);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  }

  it('lets three visitors of a link with the default limit send 10 messages each in one minute; the 11th of one session is refused for that session only', async () => {
    const link = await createLink(h);
    const visitors = [];
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) visitors.push({ address, session: await start(link.token, address) });
    // Nine more each, in turns: thirty messages on the link in one minute.
    for (let round = 0; round < 9; round++) {
      for (const { address, session } of visitors) {
        const answer = await message(link.token, address, session);
        expect(answer.status, `round ${round}: ${answer.text}`).toBe(200);
      }
    }
    const [ann, bob] = visitors as [{ address: string; session: string }, { address: string; session: string }];
    // The first message, which started the session, was its first of ten.
    expectLimited(await message(link.token, ann.address, ann.session), 'session');
    // Another visitor starting now is not held back by the others' thirty.
    await start(link.token, '198.51.100.4');

    // A minute later the session's window starts again.
    now += 60_000;
    expect((await message(link.token, ann.address, ann.session)).status).toBe(200);
    expect((await message(link.token, bob.address, bob.session)).status).toBe(200);
  });

  it('holds the link’s sessions together to rate_limit_per_link_per_minute: the 16th message across them is refused for the link', async () => {
    now += 60_000;
    const link = await createLink(h, { rate_limit_per_link_per_minute: 15 });
    const visitors = [];
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) visitors.push({ address, session: await start(link.token, address) });
    for (let round = 0; round < 4; round++) {
      for (const { address, session } of visitors) expect((await message(link.token, address, session)).status).toBe(200);
    }
    // Fifteen so far: three starts and twelve more.
    expectLimited(await message(link.token, '192.0.2.4'), 'link');
    const [ann] = visitors as [{ address: string; session: string }];
    expectLimited(await message(link.token, ann.address, ann.session), 'link');

    now += 60_000;
    expect((await message(link.token, ann.address, ann.session)).status).toBe(200);
  });

  it('still holds each client address to its own limit, across its sessions and links', async () => {
    now += 60_000;
    const link = await createLink(h);
    const other = await createLink(h);
    const address = '203.0.113.50';
    // Three sessions of 4 messages each from one address: its 12.
    for (const token of [link.token, link.token, other.token]) {
      const session = await start(token, address);
      for (let more = 0; more < 3; more++) expect((await message(token, address, session)).status).toBe(200);
    }
    // The 13th – a session of its own, on either link – is refused for the address.
    expectLimited(await message(link.token, address), 'address');
    expectLimited(await message(other.token, address), 'address');
    // Another address is not.
    await start(link.token, '203.0.113.51');
  });
});
