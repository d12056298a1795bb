import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { signedUser } from '../../../../test/identity-fixtures.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';
import { analyticsWhen } from '../analytics/analytics.test-kit.js';
import { linkOf, versionedAgent } from './agent-versions.test-kit.js';

const SESSIONS = 1_000;
const SHARE = 0.7;
const generous = { perIpPerMinute: 100_000, perSessionPerMinute: 100_000, perEmailPerMinute: 100_000, invalidTokensPerIpPerMinute: 100_000 };

describe('a link split between versions', () => {
  let h: GatewayHarness;
  const codes = new Map<string, string>();

  beforeAll(async () => {
    h = await startGatewayHarness(
      { publicLimits: generous, verificationMails: { perIpPer10Minutes: 100, perLinkPerHour: 100, perHour: 1_000 } },
      { mailer: { sendCode: async (mail) => void codes.set(mail.to, mail.code) } },
    );
  });
  afterAll(async () => h?.stop());

  const versionOf = async (conversationId: string) =>
    await h.ctx.db.selectFrom('text_conversations').select(['agent_version', 'is_active_version']).where('id', '=', conversationId).executeTakeFirstOrThrow();

  /** A session started without a message (the chat page opening), from its own address. */
  const start = async (token: string, body: object = {}, remoteAddress = '127.0.0.1') => {
    const started = await h.inject(visitorPost(`/api/public/sessions/${token}`, body, { remoteAddress }));
    expect(started.status, started.text).toBe(201);
    return started.body as { session: string; conversation_id: string };
  };

  it(`divides ${SESSIONS} visitors 70/30 by weight, records the version each ran, and compares the versions' outcomes`, async () => {
    // Version 1 sends anyone asking for a person away; version 2 (a draft on the split) helps all
    // but those who want one right now. A visitor sent away scores the conversation 1 of 5.
    const agent = await h.seedTenant('Split evidence');
    const config = (personTrigger: string) => ({
      workflow: {
        initial_node: 'ask',
        nodes: [
          {
            id: 'ask',
            name: 'Ask',
            static_text: 'How can I help?',
            transitions: [
              { to: 'away', condition: `contains:${personTrigger}` },
              { to: 'done', condition: 'user_responded' },
            ],
          },
          { id: 'away', name: 'Away', type: 'end', static_text: 'Sorry, nobody can take this.' },
          { id: 'done', name: 'Done', type: 'end', static_text: 'Done – anything else, just write again.' },
        ],
      },
    });
    expect((await h.withKey(agent.key, 'POST', '/api/agents', { name: 'desk', config: config('person') })).status).toBe(201);
    expect((await h.withKey(agent.key, 'POST', '/api/agents/desk/versions', { config: config('right now') })).status).toBe(201);
    const link = await linkOf(
      h,
      { key: agent.key, name: 'desk' },
      {
        split: [
          { version: 1, weight: 70 },
          { version: 2, weight: 30 },
        ],
      },
    );
    const said = (i: number) => (i % 20 === 1 ? 'a person right now' : i % 4 === 0 ? 'I want a person' : 'thanks, that is all');
    const visitors: Array<{ conversationId: string; sentAway: boolean }> = [];
    const began = Date.now();
    // Each a different visitor (a fresh credential), from addresses of their own, 25 at a time.
    for (let batch = 0; batch < SESSIONS; batch += 25) {
      const chats = await Promise.all(
        Array.from({ length: Math.min(25, SESSIONS - batch) }, async (_, n) => {
          const i = batch + n;
          const from = `10.${i >> 8}.${i & 255}.7`;
          const chat = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: said(i) }, { remoteAddress: from }));
          expect(chat.status, chat.text).toBe(200);
          expect(chat.body.session_ended).toBe(true);
          const sentAway = chat.body.response === 'Sorry, nobody can take this.';
          if (sentAway) {
            const rated = await h.inject(
              visitorPost(`/api/public/chat/${link.token}/rating`, { session: chat.body.session, score: 1 }, { remoteAddress: from }),
            );
            expect(rated.status, rated.text).toBe(204);
          }
          return { conversationId: chat.body.conversation_id as string, sentAway };
        }),
      );
      visitors.push(...chats);
    }
    const rows = await h.ctx.db.selectFrom('text_conversations').select(['id', 'agent_version', 'is_active_version']).where('link_id', '=', link.id).execute();
    const versions = new Map(rows.map((row) => [row.id, row]));
    const tally = { 1: { sessions: 0, resolved: 0 }, 2: { sessions: 0, resolved: 0 } } as Record<number, { sessions: number; resolved: number }>;
    for (const visitor of visitors) {
      const row = versions.get(visitor.conversationId);
      expect(row?.is_active_version, visitor.conversationId).toBe(false);
      const arm = tally[row!.agent_version]!;
      arm.sessions += 1;
      if (!visitor.sentAway) arm.resolved += 1;
    }
    const [one, two] = [tally[1]!, tally[2]!];
    const observed = one.sessions / SESSIONS;
    const tolerance = 4.5 * Math.sqrt((SHARE * (1 - SHARE)) / SESSIONS);
    console.log(
      `split 70/30 over ${SESSIONS} sessions in ${Date.now() - began} ms: version 1 ${one.sessions}, version 2 ${two.sessions} (share ${observed.toFixed(3)}, allowed ${SHARE} ± ${tolerance.toFixed(3)})`,
    );
    expect(one.sessions + two.sessions).toBe(SESSIONS);
    expect(Math.abs(observed - SHARE)).toBeLessThanOrEqual(tolerance);

    // The owner sees each session's version where the link's sessions are listed.
    const listed = await h.withKey(agent.key, 'GET', `/api/agents/desk/public-links/${link.id}/sessions?limit=500`);
    expect(listed.status, listed.text).toBe(200);
    for (const session of listed.body.sessions as Array<{ conversation_id: string; version: number }>) {
      expect(session.version).toBe(versions.get(session.conversation_id)?.agent_version);
    }

    // The link's analytics compare the two versions side by side, with the interval of the difference.
    // The rollup is eventually consistent, and a total can match while a session's resolution and
    // another's take-back are both still on their way: wait for each version's own figures.
    const rate = (arm: { sessions: number; resolved: number }) => Math.round((arm.resolved / arm.sessions) * 10_000) / 10_000;
    const settled = (r: { sessions: { completed: number }; versions?: Array<{ version: number; resolution_rate: number }> }) =>
      r.sessions.completed === SESSIONS &&
      r.versions?.find((v) => v.version === 1)?.resolution_rate === rate(one) &&
      r.versions?.find((v) => v.version === 2)?.resolution_rate === rate(two);
    const report = await analyticsWhen(h, `/api/links/${link.id}/analytics?bucket=hour`, agent.tenantId, settled);
    expect(report.versions?.map((v) => [v.version, v.sessions, v.completion_rate, v.resolution_rate])).toEqual([
      [1, one.sessions, 1, rate(one)],
      [2, two.sessions, 1, rate(two)],
    ]);
    const difference = report.resolution_difference!;
    console.log(
      `versions compared: v1 resolves ${one.resolved}/${one.sessions}, v2 ${two.resolved}/${two.sessions}; difference ${difference.estimate} (95% CI ${difference.ci95[0]} … ${difference.ci95[1]})`,
    );
    expect(difference.versions).toEqual([1, 2]);
    expect(difference.estimate).toBeCloseTo(one.resolved / one.sessions - two.resolved / two.sessions, 3);
    // Version 1 sends away about 30% and version 2 about 5%: a real difference, so the interval leaves 0 out.
    expect(difference.ci95[0]).toBeLessThan(difference.estimate);
    expect(difference.estimate).toBeLessThan(difference.ci95[1]);
    expect(difference.ci95[1]).toBeLessThan(0);
  }, 120_000);

  it('a signed-in user gets the same version every time, on every way a session starts', async () => {
    const agent = await versionedAgent(h, 'Sticky users');
    const link = await linkOf(h, agent, {
      split: [
        { version: 1, weight: 50 },
        { version: 2, weight: 50 },
      ],
    });
    const secret = (await h.withKey(agent.key, 'POST', `/api/agents/desk/public-links/${link.id}/identity-secret`)).body.secret as string;
    for (let u = 0; u < 12; u++) {
      const user = signedUser(secret, `member-${u}`);
      const versions = new Set<number>();
      for (let again = 0; again < 3; again++) versions.add((await versionOf((await start(link.token, { user })).conversation_id)).agent_version);
      const chatted = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', user }));
      expect(chatted.status, chatted.text).toBe(200);
      versions.add((await versionOf(chatted.body.conversation_id)).agent_version);
      expect([...versions], `member-${u}`).toHaveLength(1);
    }
  });

  it('a verified email gets the same version every time it verifies again', async () => {
    const agent = await versionedAgent(h, 'Sticky emails');
    const link = await linkOf(h, agent, {
      split: [
        { version: 1, weight: 50 },
        { version: 2, weight: 50 },
      ],
      require_email_verification: true,
    });
    for (let e = 0; e < 8; e++) {
      const email = `visitor-${e}@example.com`;
      const versions = new Set<number>();
      for (let again = 0; again < 2; again++) {
        expect((await h.inject(visitorPost(`/api/public/verify/${link.token}`, { email }))).status).toBe(202);
        const confirmed = await h.inject(visitorPost(`/api/public/verify/${link.token}/confirm`, { email, code: codes.get(email) }));
        expect(confirmed.status, confirmed.text).toBe(201);
        versions.add((await versionOf(confirmed.body.conversation_id)).agent_version);
        // Their "new conversation" keeps the email, and so the version.
        const fresh = await h.inject(visitorPost(`/api/public/chat/${link.token}/new`, { content: 'again', session: confirmed.body.session }));
        expect(fresh.status, fresh.text).toBe(200);
        versions.add((await versionOf(fresh.body.conversation_id)).agent_version);
      }
      expect([...versions], email).toHaveLength(1);
    }
  });

  it('a visitor known by a credential keeps their version when they start again with it', async () => {
    const agent = await versionedAgent(h, 'Sticky credentials');
    const link = await linkOf(h, agent, {
      split: [
        { version: 1, weight: 50 },
        { version: 2, weight: 50 },
      ],
    });
    for (let v = 0; v < 12; v++) {
      let session = (await start(link.token, {}, `10.9.0.${v}`)).session;
      const first = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi', session }));
      const version = (await versionOf(first.body.conversation_id)).agent_version;
      // Resuming the same session, and starting new ones from each session's credential in turn.
      for (let again = 0; again < 3; again++) {
        const fresh = await h.inject(visitorPost(`/api/public/chat/${link.token}/new`, { content: 'new one', session }));
        expect(fresh.status, fresh.text).toBe(200);
        expect((await versionOf(fresh.body.conversation_id)).agent_version, `visitor ${v}`).toBe(version);
        session = fresh.body.session;
      }
    }
  });
});
