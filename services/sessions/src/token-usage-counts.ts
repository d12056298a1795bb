import type { TokenUsageRepository, UsageKeys, UsageRow } from './token-usage.repository.js';

interface Waiting {
  rows: UsageRow[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

const rowKey = (row: UsageRow) => `${row.tenant_id}\u0000${row.day}\u0000${row.link_id}\u0000${row.visitor}`;

/** The rows summed per (tenant, day, link, visitor), in key order. */
function summed(waiting: Waiting[]): UsageRow[] {
  const byKey = new Map<string, UsageRow>();
  for (const row of waiting.flatMap((w) => w.rows)) {
    const key = rowKey(row);
    const known = byKey.get(key);
    if (known) known.tokens += row.tokens;
    else byKey.set(key, { ...row });
  }
  // Rows in one order in every statement and replica, so two statements never wait on each other's rows.
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/**
 * Turns' tokens added to token_usage_daily, many turns in one statement. Every turn of a tenant
 * adds to the same row (the tenant's for the day), so one statement per turn makes them queue on
 * that row's lock, each waiting for the last one's commit to be flushed. Here a turn's tokens join
 * the next statement while one is being written (as commits join a group commit): under load a
 * statement carries every turn that finished meanwhile, summed per row; a lone turn is written at
 * once. Each caller still waits until its own tokens are committed, so the next turn's budget
 * check sees them as before. A statement that fails is tried again turn by turn, so one turn's
 * failure (its tenant deleted meanwhile) is that turn's alone.
 */
export class TokenUsageCounts {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly repository: TokenUsageRepository) {}

  add(keys: UsageKeys, tokens: number): Promise<void> {
    const added = new Promise<void>((resolve, reject) => this.waiting.push({ rows: this.repository.rowsFor(keys, tokens), resolve, reject }));
    if (!this.writing) void this.write();
    return added;
  }

  private async write(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await this.repository.addRows(summed(batch));
        for (const w of batch) w.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0]?.reject(error);
        else for (const w of batch) await this.repository.addRows(summed([w])).then(w.resolve, w.reject);
      }
    }
    this.writing = false;
  }
}
