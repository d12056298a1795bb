import { StatementGroups } from '@parley/db';
import type { TokenUsageRepository, UsageKeys, UsageRow } from './usage.repository.js';

/** The most turns' counts one statement adds; more wait for the next. */
const MAX_TURNS_PER_STATEMENT = 1_000;

const rowKey = (row: UsageRow) => `${row.tenant_id}\u0000${row.day}\u0000${row.link_id}\u0000${row.visitor}`;

/** The rows summed per (tenant, day, link, visitor), in key order. */
function summed(rows: UsageRow[]): UsageRow[] {
  const byKey = new Map<string, UsageRow>();
  for (const row of rows) {
    const key = rowKey(row);
    const known = byKey.get(key);
    if (known) known.tokens += row.tokens;
    else byKey.set(key, { ...row });
  }
  // Rows in one order in every statement and replica, so two statements never wait on each other's rows.
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/**
 * Turns' tokens added to token_usage_daily, many turns to a statement (StatementGroups). Every
 * turn of a tenant adds to the same row (the tenant's for the day), so a statement per turn would
 * make them queue on that row's lock, each waiting for the last one's commit to be flushed; a
 * group's tokens are summed per row instead. Each turn still waits until its tokens are
 * committed, so the next turn's budget check sees them as before. A group whose statement may
 * have committed without its answer arriving (a connection lost) is not written again: its turns
 * are told their tokens were not counted, rather than have them counted twice.
 */
export class TokenUsageCounts {
  private readonly writes: StatementGroups<UsageRow[], undefined>;

  constructor(private readonly repository: Pick<TokenUsageRepository, 'rowsFor' | 'addRows'>) {
    this.writes = new StatementGroups(
      async (turns) => {
        await repository.addRows(summed(turns.flat()));
        return turns.map(() => undefined);
      },
      { maxGroup: MAX_TURNS_PER_STATEMENT },
    );
  }

  add(keys: UsageKeys, tokens: number): Promise<void> {
    return this.writes.add(this.repository.rowsFor(keys, tokens));
  }
}
