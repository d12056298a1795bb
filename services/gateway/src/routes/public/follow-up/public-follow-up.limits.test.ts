import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, type InjectResult } from '../../../../test/gateway-harness.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';
import { type FollowUpHarness, followUpLink, noMail, startFollowUpHarness } from './public-follow-up.test-kit.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * "Email me the transcript" is no mail relay (docs/escalation.md "Transcripts by email"): a visitor
 * chooses the address and writes the conversation, so the mails are counted when they are asked
 * for – per client address, per recipient, per link and on the platform – on the limits' clock,
 * which the tests move instead of waiting.
 */
describe('the transcript mail ceilings', () => {
  let f: FollowUpHarness;
  let h: GatewayHarness;
  let clock = Date.now();

  beforeAll(async () => {
    f = await startFollowUpHarness(
      // The address and recipient ceilings as shipped; the link's and the platform's small enough to reach.
      { transcriptMails: { perIpPer10Minutes: 5, perRecipientPerDay: 5, perLinkPerHour: 7, perHour: 10 } },
      { limitsClock: () => clock },
    );
    h = f.h;
  });
  afterAll(async () => f?.stop());
  // Each test starts on a day of its own: every window of the one before is over.
  beforeEach(() => {
    clock += 2 * DAY;
  });

  /** A conversation that ended at its first message ("bye"), started from `address`: its transcript goes at once when asked for. */
  async function endedSession(token: string, address: string): Promise<string> {
    const chat = await h.inject(visitorPost(`/api/public/chat/${token}`, { content: 'bye' }, { remoteAddress: address }));
    expect(chat.status, chat.text).toBe(200);
    expect(chat.body.session_ended).toBe(true);
    return chat.body.session as string;
  }
  const ask = (token: string, session: string, email: string, address: string) =>
    h.inject(visitorPost(`/api/public/chat/${token}/transcript`, { session, email }, { remoteAddress: address }));
  const mailsTo = (email: string) => f.inbox.mails.filter((mail) => mail.to.includes(email)).length;

  function expectCeiling(answer: InjectResult, limit: string, longestWaitSeconds: number): void {
    expectError(answer, 429, 'rate_limited');
    expect(answer.body.error.details).toEqual({ limit });
    const wait = Number(answer.headers['retry-after']);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(longestWaitSeconds);
  }

  it('one address mailing one victim over and over is refused past 5 (transcript_address), at once and with nothing mailed; then it waits 10 minutes', async () => {
    const { token } = await followUpLink(h);
    const attacker = '198.51.100.7';
    for (let sent = 1; sent <= 5; sent += 1) {
      const asked = await ask(token, await endedSession(token, attacker), 'victim@example.org', attacker);
      expect(asked.status, asked.text).toBe(202);
      expect(asked.body.at).toBe('now');
      // Mailed before the answer: the transcript of an ended conversation goes at once.
      expect(mailsTo('victim@example.org')).toBe(sent);
    }
    const since = f.inbox.mails.length;
    expectCeiling(await ask(token, await endedSession(token, attacker), 'victim@example.org', attacker), 'transcript_address', 600);
    // Whatever the address mailed: a stranger is refused too.
    const stranger = await ask(token, await endedSession(token, attacker), 'stranger@example.org', attacker);
    expectCeiling(stranger, 'transcript_address', 600);
    await noMail(f.inbox, 'stranger@example.org', since);
    expect(mailsTo('victim@example.org')).toBe(5);

    // 10 minutes on, the address may ask again – for someone else: the victim has had their 5 of the day.
    clock += 10 * MINUTE;
    expect((await ask(token, await endedSession(token, attacker), 'stranger@example.org', attacker)).status).toBe(202);
    expectCeiling(await ask(token, await endedSession(token, attacker), 'victim@example.org', attacker), 'transcript_recipient', 24 * 3600);
  });

  it('many addresses and links mailing one person are refused past 5 a day (transcript_recipient); their own verified address is theirs to use', async () => {
    const links = [await followUpLink(h), await followUpLink(h), await followUpLink(h)];
    const target = 'target@example.org';
    for (let i = 0; i < 5; i += 1) {
      const { token } = links[i % links.length]!;
      const address = `203.0.113.${10 + i}`;
      const asked = await ask(token, await endedSession(token, address), target, address);
      expect(asked.status, asked.text).toBe(202);
    }
    const { token } = links[2]!;
    const refused = await ask(token, await endedSession(token, '203.0.113.99'), 'Target@Example.org', '203.0.113.99');
    expectCeiling(refused, 'transcript_recipient', 24 * 3600);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(23 * 3600);
    // Nothing kept for the refused request: it never reached the conversation.
    const kept = await h.db.selectFrom('text_conversations').select('id').where('transcript_email', '=', target).execute();
    expect(kept).toHaveLength(5);

    // The person themself, verified for that address on a link that asks for it, still gets theirs.
    const verifying = await followUpLink(h, { require_email_verification: true });
    const since = f.inbox.mails.length;
    expect((await h.inject(visitorPost(`/api/public/verify/${verifying.token}`, { email: target }, { remoteAddress: '192.0.2.50' }))).status).toBe(202);
    const { code } = await f.inbox.next(target, since);
    const confirmed = await h.inject(visitorPost(`/api/public/verify/${verifying.token}/confirm`, { email: target, code }, { remoteAddress: '192.0.2.50' }));
    expect(confirmed.status, confirmed.text).toBe(201);
    const session = confirmed.body.session as string;
    const ended = await h.inject(visitorPost(`/api/public/chat/${verifying.token}`, { session, content: 'bye' }, { remoteAddress: '192.0.2.50' }));
    expect(ended.body.session_ended).toBe(true);
    const own = await ask(verifying.token, session, target, '192.0.2.50');
    expect(own.status, own.text).toBe(202);
    await f.inbox.next(target, since + 1);

    // A day on, anyone may ask for them again.
    clock += DAY;
    expect((await ask(token, await endedSession(token, '203.0.113.99'), target, '203.0.113.99')).status).toBe(202);
  });

  it('a link takes 7 an hour from all addresses (transcript_link), the platform 10 across links (transcript_platform)', async () => {
    const first = await followUpLink(h);
    const second = await followUpLink(h);
    let n = 0;
    const fresh = async (token: string) => {
      n += 1;
      const address = `198.18.0.${n}`;
      return ask(token, await endedSession(token, address), `person${n}@example.org`, address);
    };
    for (let i = 0; i < 7; i += 1) expect((await fresh(first.token)).status).toBe(202);
    expectCeiling(await fresh(first.token), 'transcript_link', 3600);
    for (let i = 0; i < 3; i += 1) expect((await fresh(second.token)).status).toBe(202);
    expectCeiling(await fresh(second.token), 'transcript_platform', 3600);
    clock += 60 * MINUTE;
    expect((await fresh(second.token)).status).toBe(202);
  });

  it('a request the conversation refuses (an unknown session, another address after the mail went) spends none of it', async () => {
    const { token } = await followUpLink(h);
    const address = '192.0.2.77';
    for (let i = 0; i < 7; i += 1) expectError(await ask(token, `pcs_${'U'.repeat(32)}`, 'nobody@example.org', address), 401, 'unauthorized');
    const session = await endedSession(token, address);
    expect((await ask(token, session, 'first@example.org', address)).status).toBe(202);
    for (let i = 0; i < 5; i += 1) {
      const other = await ask(token, session, 'second@example.org', address);
      expectError(other, 409, 'conflict');
      expect(other.body.error.details).toMatchObject({ reason: 'transcript_sent' });
    }
    // Four of the address's 5 are left, and 5 of nobody's and second's.
    for (let i = 0; i < 4; i += 1) expect((await ask(token, await endedSession(token, address), 'second@example.org', address)).status).toBe(202);
    expectCeiling(await ask(token, await endedSession(token, address), 'nobody@example.org', address), 'transcript_address', 600);
  });
});
