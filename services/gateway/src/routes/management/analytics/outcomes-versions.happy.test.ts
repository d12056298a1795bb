import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { visitorPost } from '../../../../test/public-link-fixtures.js';
import { analyticsWhen } from './analytics.test-kit.js';
import { apiSession, endSession, outcomesAgent, say } from './outcomes.test-kit.js';

/** Wilson's 95% score interval, written out here from its formula rather than taken from the service. */
function wilson(successes: number, trials: number): [number, number] {
  const z = 1.959963984540054;
  const p = successes / trials;
  const centre = p + (z * z) / (2 * trials);
  const spread = z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  const scale = 1 + (z * z) / trials;
  return [(centre - spread) / scale, (centre + spread) / scale];
}
const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

describe('analytics compare an agent’s versions', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('per-version figures, and the two busiest versions’ resolution rates compared with Newcombe’s interval', async () => {
    const agent = await h.seedAgent(outcomesAgent);
    for (const text of ['How can I help today?', 'What can I do for you?']) {
      const config = {
        workflow: { ...outcomesAgent.workflow, nodes: outcomesAgent.workflow.nodes.map((n) => (n.id === 'ask' ? { ...n, static_text: text } : n)) },
      };
      const saved = await h.admin('POST', `/api/agents/${agent.name}/versions`, { config }, agent.tenantId);
      expect(saved.status, saved.text).toBe(201);
    }
    // Version 1: 24 of 30 leave happy ("bye"), 6 ask for a person first; version 2: 15 and 15;
    // version 3 (fewer sessions, so not compared): 5 that all leave happy.
    const plan: Array<{ version: number; happy: number; escalated: number }> = [
      { version: 1, happy: 24, escalated: 6 },
      { version: 2, happy: 15, escalated: 15 },
      { version: 3, happy: 5, escalated: 0 },
    ];
    const runs: Array<() => Promise<void>> = [];
    for (const { version, happy, escalated } of plan) {
      for (let i = 0; i < happy; i++) {
        runs.push(async () => {
          const s = await apiSession(h, agent, version);
          await say(h, s.sessionId, 'bye');
        });
      }
      for (let i = 0; i < escalated; i++) {
        runs.push(async () => {
          const s = await apiSession(h, agent, version);
          await say(h, s.sessionId, 'a human please');
          await endSession(h, s.sessionId);
        });
      }
    }
    for (let i = 0; i < runs.length; i += 10) await Promise.all(runs.slice(i, i + 10).map((run) => run()));

    const report = await analyticsWhen(
      h,
      `/api/agents/${agent.name}/analytics?bucket=hour`,
      agent.tenantId,
      (b) => b.sessions.completed === 65 && b.sessions.resolved === 44 && b.sessions.escalated === 21,
    );
    expect(report.sessions).toMatchObject({ started: 65, completed: 65, escalated: 21, resolved: 44 });
    expect(report.resolution_rate).toBe(round4(44 / 65));
    expect(report.versions).toEqual([
      {
        version: 1,
        sessions: 30,
        completion_rate: 1,
        escalation_rate: 0.2,
        resolution_rate: 0.8,
        csat_avg: null,
        tokens: 0,
        response_ms_p50: expect.any(Number),
        // No LLM call, so nothing to pay (docs/management-api.md "Analytics").
        cost: { usd: 0 },
      },
      {
        version: 2,
        sessions: 30,
        completion_rate: 1,
        escalation_rate: 0.5,
        resolution_rate: 0.5,
        csat_avg: null,
        tokens: 0,
        response_ms_p50: expect.any(Number),
        // No LLM call, so nothing to pay (docs/management-api.md "Analytics").
        cost: { usd: 0 },
      },
      {
        version: 3,
        sessions: 5,
        completion_rate: 1,
        escalation_rate: 0,
        resolution_rate: 1,
        csat_avg: null,
        tokens: 0,
        response_ms_p50: expect.any(Number),
        cost: { usd: 0 },
      },
    ]);
    // Newcombe's hybrid score interval of 24/30 − 15/30 from the two Wilson intervals.
    const [l1, u1] = wilson(24, 30);
    const [l2, u2] = wilson(15, 30);
    const estimate = 0.8 - 0.5;
    const low = estimate - Math.sqrt((0.8 - l1) ** 2 + (u2 - 0.5) ** 2);
    const high = estimate + Math.sqrt((u1 - 0.8) ** 2 + (0.5 - l2) ** 2);
    expect(report.resolution_difference).toEqual({ versions: [1, 2], estimate: 0.3, ci95: [round4(low), round4(high)] });
    // Version 1 does better and the interval says so: it lies above zero.
    expect(report.resolution_difference?.ci95[0]).toBeGreaterThan(0);

    // A link split between versions 1 and 2: its analytics compare them the same way. Visitors
    // alternate between leaving happy and asking for a person (their session then ended by the owner: abandoned).
    const link = await h.admin(
      'POST',
      `/api/agents/${agent.name}/public-links`,
      {
        title: 'Two versions',
        rate_limit_per_minute: 100_000,
        split: [
          { version: 1, weight: 50 },
          { version: 2, weight: 50 },
        ],
      },
      agent.tenantId,
    );
    expect(link.status, link.text).toBe(201);
    for (let i = 0; i < 24; i++) {
      const from = `10.7.${i}.9`;
      const first = await h.inject(
        visitorPost(`/api/public/chat/${link.body.token}`, { content: i % 2 === 0 ? 'bye' : 'a human please' }, { remoteAddress: from }),
      );
      expect(first.status, first.text).toBe(200);
      if (i % 2 === 1) {
        const ended = await h.admin(
          'POST',
          `/api/agents/${agent.name}/public-links/${link.body.id}/sessions/${first.body.conversation_id}/end`,
          undefined,
          agent.tenantId,
        );
        expect(ended.status, ended.text).toBe(200);
      }
    }
    // What each version's conversations came to, as stored.
    const stored = await h.db.selectFrom('text_conversations').select(['agent_version', 'resolution']).where('link_id', '=', link.body.id).execute();
    const tally = (version: number) => {
      const of = stored.filter((c) => c.agent_version === version);
      return { sessions: of.length, resolved: of.filter((c) => c.resolution === 'ended').length };
    };
    const [one, two] = [tally(1), tally(2)];
    expect(one.sessions + two.sessions).toBe(24);
    expect(one.resolved + two.resolved).toBe(12);
    const byLink = await analyticsWhen(
      h,
      `/api/links/${link.body.id}/analytics?bucket=hour`,
      agent.tenantId,
      (b) => b.sessions.resolved === 12 && b.sessions.completed + b.sessions.abandoned === 24,
    );
    expect(byLink.resolution_rate).toBe(0.5);
    expect(byLink.versions?.map((v) => [v.version, v.sessions, v.resolution_rate])).toEqual([
      [1, one.sessions, round4(one.resolved / one.sessions)],
      [2, two.sessions, round4(two.resolved / two.sessions)],
    ]);
    const [p1, p2] = [one.resolved / one.sessions, two.resolved / two.sessions];
    const [a1, b1] = wilson(one.resolved, one.sessions);
    const [a2, b2] = wilson(two.resolved, two.sessions);
    expect(byLink.resolution_difference).toEqual({
      versions: [1, 2],
      estimate: round4(p1 - p2),
      ci95: [round4(p1 - p2 - Math.sqrt((p1 - a1) ** 2 + (b2 - p2) ** 2)), round4(p1 - p2 + Math.sqrt((b1 - p1) ** 2 + (p2 - a2) ** 2))],
    });

    // A window before any of it has no versions to compare.
    const before = await h.admin('GET', `/api/agents/${agent.name}/analytics?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`, undefined, agent.tenantId);
    expect(before.status).toBe(200);
    expect(before.body.resolution_rate).toBe(0);
    expect(before.body.sessions.resolved).toBe(0);
    expect(before.body).not.toHaveProperty('versions');
    expect(before.body).not.toHaveProperty('resolution_difference');
  });
});
