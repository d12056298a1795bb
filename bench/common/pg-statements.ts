import { openDatabase } from '@parley/db';
import { quietLogger } from './start-stack.js';

/** What PostgreSQL's pg_stat_statements says of one statement, summed since it was last reset. */
export interface StatementTotals {
  queryid: string;
  query: string;
  calls: number;
  execMs: number;
  planMs: number;
  walBytes: number;
}

/** One statement's share of a measured window, per request the window answered. */
export interface StatementFigures {
  /** The statement's text as pg_stat_statements keeps it (parameters as $1, $2 …), whitespace folded, cut short. */
  query: string;
  callsPerRequest: number;
  execMsPerRequest: number;
  /** Planning: what a statement that is not prepared pays on every run; undefined where the server does not count it (`pg_stat_statements.track_planning` off). */
  planMsPerRequest: number | undefined;
  walBytesPerRequest: number;
}

/** How many statements a window's table lists, the dearest first. */
export const STATEMENTS_SHOWN = 8;
const QUERY_CHARS = 90;

export const PG_STATEMENTS_MISSING =
  "--pg-statements needs pg_stat_statements loaded by the PostgreSQL server: ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements', restart the server (and ALTER SYSTEM RESET shared_preload_libraries after)";

/**
 * Each statement's part of a window: the totals at its end less those at its start, per request
 * answered in it (a statement first seen in the window started from nothing). The dearest first,
 * by execution and planning time together; statements that did not run in the window are left out.
 */
export function statementsOfWindow(
  start: readonly StatementTotals[],
  end: readonly StatementTotals[],
  requests: number,
  { shown = STATEMENTS_SHOWN, planningCounted = true }: { shown?: number; planningCounted?: boolean } = {},
): StatementFigures[] {
  if (requests <= 0) return [];
  const before = new Map(start.map((totals) => [totals.queryid, totals]));
  return end
    .map((totals) => {
      const was = before.get(totals.queryid);
      return {
        query: totals.query.replace(/\s+/g, ' ').trim().slice(0, QUERY_CHARS),
        calls: totals.calls - (was?.calls ?? 0),
        execMs: totals.execMs - (was?.execMs ?? 0),
        planMs: totals.planMs - (was?.planMs ?? 0),
        walBytes: totals.walBytes - (was?.walBytes ?? 0),
      };
    })
    .filter((delta) => delta.calls > 0)
    .sort((a, b) => b.execMs + b.planMs - (a.execMs + a.planMs))
    .slice(0, shown)
    .map((delta) => ({
      query: delta.query,
      callsPerRequest: delta.calls / requests,
      execMsPerRequest: delta.execMs / requests,
      planMsPerRequest: planningCounted ? delta.planMs / requests : undefined,
      walBytesPerRequest: delta.walBytes / requests,
    }));
}

/** Reads pg_stat_statements' totals for one database of the server (the run's own). */
export interface StatementsReader {
  /** Whether the server counts planning time (`pg_stat_statements.track_planning`, off by default). */
  planningCounted: boolean;
  read(): Promise<StatementTotals[]>;
  close(): Promise<void>;
}

/** A measured window's statements, read as metrics-window.ts reads /metrics: once at its start, once at its end. */
export interface StatementsWindow {
  begin(): void;
  /** Read as the window ends; answers its statements per request once the requests answered in it are counted (statementsOfWindow). */
  end(): Promise<(requests: number) => StatementFigures[]>;
}

export function statementsWindowOf(reader: StatementsReader): StatementsWindow {
  let start: Promise<StatementTotals[]> = Promise.resolve([]);
  return {
    begin() {
      start = reader.read();
      // Awaited in end(); a failed read is reported there, not as an unhandled rejection meanwhile.
      start.catch(() => undefined);
    },
    async end() {
      const [atStart, atEnd] = await Promise.all([start, reader.read()]);
      return (requests) => statementsOfWindow(atStart, atEnd, requests, { planningCounted: reader.planningCounted });
    },
  };
}

/**
 * Connects to the run's database and checks that pg_stat_statements can be read there (creating
 * the extension in it, which the server must have loaded at start: else PG_STATEMENTS_MISSING).
 */
export async function openStatementsReader(databaseUrl: string): Promise<StatementsReader> {
  const database = await openDatabase({ url: databaseUrl, logger: quietLogger(), poolSize: 1, applicationName: 'parley-bench' });
  let planningCounted = false;
  try {
    await database.pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await database.pool.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
    planningCounted = (await database.pool.query<{ on: string }>("SELECT current_setting('pg_stat_statements.track_planning') AS on")).rows[0]?.on === 'on';
  } catch (error) {
    await database.close();
    throw new Error(`${PG_STATEMENTS_MISSING} (the server said: ${(error as Error).message})`);
  }
  return {
    planningCounted,
    async read() {
      const { rows } = await database.pool.query<{ queryid: string; query: string; calls: string; exec_ms: number; plan_ms: number; wal_bytes: string }>(
        `SELECT s.queryid::text AS queryid, s.query, s.calls::text AS calls, s.total_exec_time AS exec_ms, s.total_plan_time AS plan_ms, s.wal_bytes::text AS wal_bytes
         FROM pg_stat_statements s WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
           AND s.query NOT LIKE '%pg_stat_statements%'`,
      );
      return rows.map((row) => ({
        queryid: row.queryid,
        query: row.query,
        calls: Number(row.calls),
        execMs: row.exec_ms,
        planMs: row.plan_ms,
        walBytes: Number(row.wal_bytes),
      }));
    },
    close: () => database.close(),
  };
}
