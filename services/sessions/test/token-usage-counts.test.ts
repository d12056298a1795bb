import { randomUUID } from 'node:crypto';
import { createTestContext, type TestContext } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenUsageRepository } from '../src/budgets/usage.repository.js';
import { TokenUsageCounts } from '../src/budgets/usage-counts.js';

describe('turns’ tokens counted many to a statement', () => {
  let ctx: TestContext;
  const day = '2026-11-25';

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'token-usage-counts' });
  });
  afterAll(async () => ctx?.cleanup());

  const tenant = async () => {
    const id = randomUUID();
    await sql`INSERT INTO tenants (id, name) VALUES (${id}, ${`tenant ${id}`})`.execute(ctx.db);
    return id;
  };
  const rowsOf = async (tenantId: string) =>
    Object.fromEntries(
      (await ctx.db.selectFrom('token_usage_daily').select(['link_id', 'visitor', 'tokens']).where('tenant_id', '=', tenantId).execute()).map((r) => [
        `${r.link_id}/${r.visitor}`,
        Number(r.tokens),
      ]),
    );

  /** What `read` answers once the pool has a live connection again (each cut one fails one query). */
  const onceConnected = async <T>(read: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await read();
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };

  it('adds every turn exactly, from two replicas at once, per tenant, link and visitor', async () => {
    const [a, b] = [await tenant(), await tenant()];
    const replicas = [new TokenUsageCounts(new TokenUsageRepository(ctx.db)), new TokenUsageCounts(new TokenUsageRepository(ctx.db))];
    const turns = Array.from({ length: 400 }, (_, i) => ({
      keys: { tenantId: i % 2 === 0 ? a : b, day, linkId: i % 4 < 2 ? 'lnk_1' : undefined, visitor: i % 8 < 2 ? `v${i % 3}` : undefined },
      tokens: (i % 7) + 1,
    }));
    await Promise.all(turns.map((turn, i) => replicas[i % 2]!.add(turn.keys, turn.tokens)));
    for (const tenantId of [a, b]) {
      const mine = turns.filter((t) => t.keys.tenantId === tenantId);
      const expected: Record<string, number> = {};
      const count = (key: string, tokens: number) => {
        expected[key] = (expected[key] ?? 0) + tokens;
      };
      for (const { keys, tokens } of mine) {
        count('/', tokens);
        if (keys.linkId) count(`${keys.linkId}/`, tokens);
        if (keys.linkId && keys.visitor) count(`${keys.linkId}/${keys.visitor}`, tokens);
      }
      expect(await rowsOf(tenantId)).toEqual(expected);
    }
  });

  it('fails only the turn whose tenant is gone; the turns written with it are counted', async () => {
    const kept = await tenant();
    const gone = randomUUID();
    const counts = new TokenUsageCounts(new TokenUsageRepository(ctx.db));
    const results = await Promise.allSettled([
      counts.add({ tenantId: kept, day }, 5),
      ...Array.from({ length: 20 }, () => counts.add({ tenantId: kept, day }, 1)),
      counts.add({ tenantId: gone, day }, 7),
      ...Array.from({ length: 20 }, () => counts.add({ tenantId: kept, day, linkId: 'lnk_2' }, 2)),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[21]?.status).toBe('rejected');
    expect(await rowsOf(kept)).toEqual({ '/': 65, 'lnk_2/': 40 });
  });

  it('keeps counting through cut connections: what it acknowledged is in the table, and nothing is counted twice', async () => {
    const tenantId = await tenant();
    const counts = new TokenUsageCounts(new TokenUsageRepository(ctx.db));
    const turns = Array.from({ length: 300 }, () => counts.add({ tenantId, day }, 1));
    // Settled from the start: a turn refused while the connections are being cut is a result here, not an unhandled rejection.
    const settled = Promise.allSettled(turns);
    // Every connection of the test's database is cut while the turns are written.
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`
      .execute(ctx.db)
      .catch(() => undefined);
    const results = await settled;
    const acknowledged = results.filter((r) => r.status === 'fulfilled').length;
    // The pool finds its cut connections out as it uses them: the test's own read may meet one first.
    const stored = (await onceConnected(() => rowsOf(tenantId)))['/'] ?? 0;
    expect(stored).toBeGreaterThanOrEqual(acknowledged);
    expect(stored).toBeLessThanOrEqual(turns.length);
    // And it goes on counting once the pool has connected again.
    await onceConnected(() => counts.add({ tenantId, day }, 1000));
    expect((await onceConnected(() => rowsOf(tenantId)))['/']).toBe(stored + 1000);
  });
});
