import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../../test/gateway-harness.js';

describe('analytics: the query is checked field by field', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('names the bad field: from, to, bucket, an unknown one, a window too wide', async () => {
    const { tenantId } = await h.seedTenant('Asker');
    const ask = (query: string) => h.admin('GET', `/api/agents/desk/analytics?${query}`, undefined, tenantId);
    const fieldOf = (answer: { body: any }) => JSON.stringify(answer.body.error.details);
    for (const [query, field] of [
      ['from=yesterday', 'from'],
      ['to=2026-13-01T00:00:00Z', 'to'],
      ['bucket=week', 'bucket'],
      ['color=blue', 'color'],
      ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', 'to'],
      ['from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z&bucket=hour', 'from'],
    ] as const) {
      const answer = await ask(query);
      expectError(answer, 400, 'invalid');
      expect(fieldOf(answer), query).toContain(field);
    }
  });
});
