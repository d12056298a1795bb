import { createTestContext } from '@parley/testing';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../chat-api/main.js';
import { openStatementsReader, PG_STATEMENTS_MISSING, type StatementTotals, statementsOfWindow, statementsWindowOf } from '../common/pg-statements.js';
import { formatPgStatements, type RunRecord } from '../common/report.js';

const totals = (queryid: string, query: string, calls: number, execMs: number, planMs: number, walBytes: number): StatementTotals => ({
  queryid,
  query,
  calls,
  execMs,
  planMs,
  walBytes,
});

describe('PostgreSQL’s statements of a measured window (--pg-statements)', () => {
  it('gives each statement’s part of the window per request, the dearest first', () => {
    const start = [totals('1', 'SELECT 1', 100, 50, 0, 0), totals('2', 'INSERT INTO a\n   VALUES ($1)', 10, 20, 5, 1_000), totals('3', 'idle', 7, 7, 7, 7)];
    const end = [
      totals('1', 'SELECT 1', 300, 90, 0, 0),
      totals('2', 'INSERT INTO a\n   VALUES ($1)', 210, 220, 45, 201_000),
      totals('3', 'idle', 7, 7, 7, 7),
      // First seen in the window: from nothing.
      totals('4', 'DELETE FROM b', 20, 30, 10, 4_000),
    ];
    expect(statementsOfWindow(start, end, 200)).toEqual([
      { query: 'INSERT INTO a VALUES ($1)', callsPerRequest: 1, execMsPerRequest: 1, planMsPerRequest: 0.2, walBytesPerRequest: 1_000 },
      { query: 'SELECT 1', callsPerRequest: 1, execMsPerRequest: 0.2, planMsPerRequest: 0, walBytesPerRequest: 0 },
      { query: 'DELETE FROM b', callsPerRequest: 0.1, execMsPerRequest: 0.15, planMsPerRequest: 0.05, walBytesPerRequest: 20 },
    ]);
    expect(statementsOfWindow(start, end, 200, { shown: 1 })).toHaveLength(1);
    // A server that does not count planning: no figure, rather than a zero that would read as none.
    expect(statementsOfWindow(start, end, 200, { planningCounted: false })[0]).toMatchObject({ planMsPerRequest: undefined });
    expect(statementsOfWindow(start, end, 0)).toEqual([]);
  });

  it('reads the totals as the window starts and as it ends, and divides by the requests counted after', async () => {
    const readings = [[totals('1', 'SELECT 1', 10, 5, 1, 0)], [totals('1', 'SELECT 1', 30, 15, 3, 0)], [totals('1', 'SELECT 1', 99, 99, 99, 99)]];
    let reads = 0;
    const window = statementsWindowOf({ planningCounted: true, read: async () => readings[reads++] ?? [], close: async () => undefined });
    window.begin();
    const perRequest = await window.end();
    // Requests answered after the window ended are not in it: the end's reading is taken as it ends.
    expect(reads).toBe(2);
    expect(perRequest(10)).toEqual([{ query: 'SELECT 1', callsPerRequest: 2, execMsPerRequest: 1, planMsPerRequest: 0.2, walBytesPerRequest: 0 }]);
  });

  it('prints them under each run, and nothing for runs without them', () => {
    const run = {
      mode: 'real',
      agent: 'knowledge',
      concurrency: 64,
      pgStatements: [{ query: 'SELECT id FROM knowledge_bases', callsPerRequest: 1, execMsPerRequest: 0.052, planMsPerRequest: 0, walBytesPerRequest: 0 }],
    } as unknown as RunRecord;
    const table = formatPgStatements([run]);
    expect(table).toContain('plan ms');
    expect(table).toMatch(/real\s+knowledge\s+64\s+1\.000\s+0\.052\s+0\.000\s+0\s+SELECT id FROM knowledge_bases/);
    expect(formatPgStatements([{ ...run, pgStatements: undefined }])).toBe('');
    const uncounted = { ...run, pgStatements: [{ ...run.pgStatements?.[0], planMsPerRequest: undefined }] } as RunRecord;
    expect(formatPgStatements([uncounted])).toMatch(/0\.052\s+–\s+0\s+SELECT/);
  });

  it('is asked of the real mode only', () => {
    expect(parseOptions(['--mode', 'real', '--pg-statements'])).toMatchObject({ pgStatements: true });
    expect(parseOptions([])).toMatchObject({ pgStatements: false });
    expect(() => parseOptions(['--pg-statements'])).toThrow(/--mode real/);
  });

  it('reads the run’s database’s statements where the server loads pg_stat_statements, and says how to load it where not', async () => {
    const ctx = await createTestContext({ name: 'pg-statements' });
    try {
      const { rows } = await sql<{ libraries: string }>`SELECT current_setting('shared_preload_libraries') AS libraries`.execute(ctx.db);
      if (!rows[0]?.libraries.includes('pg_stat_statements')) {
        await expect(openStatementsReader(ctx.databaseUrl)).rejects.toThrow(PG_STATEMENTS_MISSING);
        return;
      }
      const reader = await openStatementsReader(ctx.databaseUrl);
      try {
        const start = await reader.read();
        for (let i = 0; i < 3; i++) await sql`SELECT count(*) FROM tenants WHERE name = ${`t${i}`}`.execute(ctx.db);
        const window = statementsOfWindow(start, await reader.read(), 3);
        expect(window.find((statement) => statement.query.includes('FROM tenants'))).toMatchObject({ callsPerRequest: 1 });
      } finally {
        await reader.close();
      }
    } finally {
      await ctx.cleanup();
    }
  });
});
