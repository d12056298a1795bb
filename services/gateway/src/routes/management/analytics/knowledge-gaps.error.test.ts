import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

describe('knowledge gaps: the query is checked field by field', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('names the bad field: from, to, limit, an unknown one, `from` after `to`; an agent the tenant lacks is not found', async () => {
    const { tenantId, name } = await h.seedAgent();
    const ask = (query: string, agent = name) => h.admin('GET', `/api/agents/${agent}/knowledge-gaps?${query}`, undefined, tenantId);
    for (const [query, field] of [
      ['from=yesterday', 'from'],
      ['to=2026-13-01T00:00:00Z', 'to'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=1.5', 'limit'],
      ['color=blue', 'color'],
      ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
    ] as const) {
      const answer = await ask(query);
      expectError(answer, 400, 'invalid');
      expect(JSON.stringify(answer.body.error.details), query).toContain(field);
    }
    expectError(await ask('limit=5', 'no-such-agent'), 404, 'not_found');
    expect((await ask('limit=500')).body).toEqual({ gaps: [] });
  });
});
