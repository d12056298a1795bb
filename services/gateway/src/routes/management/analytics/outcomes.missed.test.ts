import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';
import { analyticsWhen } from './analytics.test-kit.js';
import { apiSession, endSession, outcomeOf, outcomesAgent } from './outcomes.test-kit.js';

describe('outcomes: an end stored without its resolution (the process stopped in between)', () => {
  let h: GatewayHarness;
  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  /** What a sessions process stopped right after an end's commit leaves: ended, and not resolved. */
  const endedUnresolved = (conversationId: string, agoSeconds: number) =>
    sql`UPDATE text_conversations SET status = 'completed', ended_at = now() - make_interval(secs => ${agoSeconds}), resolved_at = NULL, resolution = NULL WHERE id = ${conversationId}`.execute(
      h.db,
    );

  it('the cleanup sweep resolves it once, leaves the rest alone, and analytics count it once', async () => {
    const agent = await h.seedAgent(outcomesAgent, 'missed-ends');
    const [lost, recent, old, done, escalated] = await Promise.all(Array.from({ length: 5 }, () => apiSession(h, agent)));
    await endedUnresolved(lost!.conversationId, 120);
    // Ended seconds ago: its own end may be resolving it right now.
    await endedUnresolved(recent!.conversationId, 10);
    // Ended before the sweep's hour: left as it is (older conversations are not resolved after the fact).
    await endedUnresolved(old!.conversationId, 2 * 3_600);
    // Resolved by its own end.
    await endSession(h, done!.sessionId);
    expect(await outcomeOf(h, done!.conversationId)).toBe('ended');
    // Escalated, then ended without its resolution: an escalation keeps it unresolved.
    const asked = await h.signed('POST', `/api/chat/sessions/${escalated!.sessionId}/escalate`, { reason: 'wants a person' });
    expect(asked.status, asked.text).toBeLessThan(300);
    await endedUnresolved(escalated!.conversationId, 120);

    expect(await h.bus.request('sessions.resolutions.sweep', { limit: 100 })).toEqual({ resolved: 1 });
    expect(await outcomeOf(h, lost!.conversationId)).toBe('ended');
    for (const untouched of [recent!, old!, escalated!]) expect(await outcomeOf(h, untouched.conversationId)).toBeNull();
    // Again: nothing more.
    expect(await h.bus.request('sessions.resolutions.sweep', { limit: 100 })).toEqual({ resolved: 0 });

    // Told once, like any resolution: the agent's analytics count the end and the sweep's, no more.
    const report = await analyticsWhen(h, `/api/agents/${agent.name}/analytics?bucket=hour`, agent.tenantId, (r) => r.sessions.resolved >= 2);
    // One more end, told after those: once it is counted, a second telling of the sweep's would have been too.
    const later = await apiSession(h, agent);
    await endSession(h, later.sessionId);
    const settled = await analyticsWhen(h, `/api/agents/${agent.name}/analytics?bucket=hour`, agent.tenantId, (r) => r.sessions.resolved >= 3);
    expect([report.sessions.resolved, settled.sessions.resolved]).toEqual([2, 3]);
  });
});
