import { randomToken } from '@parley/auth';
import type { AuditRecorded } from '@parley/contracts';
import { type ChainedContent, entryHash, GENESIS_HASH } from './audit-chain.js';
import type { AuditFilter, AuditRepository } from './audit.repository.js';

const PAGE = 1_000;
const iso = (value: Date | string) => new Date(value).toISOString();

/** The audit log: entries appended from the gateway's events, listed, and the chain verified. */
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  record(event: AuditRecorded): Promise<void> {
    return this.repository.append(event, `aud_${randomToken(12)}`);
  }

  async list(filter: AuditFilter) {
    const rows = await this.repository.list(filter);
    const page = rows.slice(0, filter.limit);
    return {
      entries: page.map((row) => ({
        id: row.id,
        at: iso(row.at),
        tenant_id: row.tenant_id,
        actor: row.actor,
        action: row.action,
        target: { kind: row.target_kind, id: row.target_id },
        ip: row.ip,
        details: row.details,
      })),
      // seq is a bigint: the cursor is its decimal text whatever the driver hands back.
      next_cursor: rows.length > filter.limit && page.length > 0 ? String(page.at(-1)?.seq) : null,
    };
  }

  /**
   * Recomputes every hash from the start: an entry whose stored content no longer gives its hash,
   * or whose link to the one before is broken, is where the log was changed. A tenant's view
   * counts and reports only its own entries (the chain is still checked whole).
   */
  async verify(tenantId: string | undefined) {
    let prev = GENESIS_HASH;
    let after = '0';
    let entries = 0;
    for (;;) {
      const rows = await this.repository.page(after, PAGE);
      for (const row of rows) {
        const content: ChainedContent = {
          id: row.id,
          at: iso(row.at),
          tenant_id: row.tenant_id,
          actor: row.actor,
          action: row.action,
          target_kind: row.target_kind,
          target_id: row.target_id,
          ip: row.ip,
          details: row.details,
        };
        const mine = tenantId === undefined || row.tenant_id === tenantId;
        if (mine) entries++;
        if (row.prev_hash !== prev || entryHash(prev, content) !== row.hash) {
          // A break in another tenant's entry is still a break of this tenant's chain, shown without its content.
          return { ok: false, entries, first_broken: { id: mine ? row.id : 'another tenant’s entry', at: iso(row.at) } };
        }
        prev = row.hash;
      }
      if (rows.length < PAGE) return { ok: true, entries };
      after = String(rows.at(-1)?.seq ?? after);
    }
  }
}
