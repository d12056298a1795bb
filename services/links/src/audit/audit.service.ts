import { randomToken } from '@parley/auth';
import type { AuditRecorded } from '@parley/contracts';
import { type AuditKeys, type ChainedContent, decodeCheckpoint, entryHash, GENESIS_HASH, legacyEntryHash } from './audit-chain.js';
import type { AuditCheckpointer } from './audit-checkpointer.js';
import type { AuditFilter, AuditRepository } from './audit.repository.js';
import type { AuditCheckpointStore } from './checkpoint-store.js';

const PAGE = 1_000;
const iso = (value: Date | string) => new Date(value).toISOString();

/** Why verify found the log altered (docs/management-api.md, "Audit log"). */
export type AuditBreak = 'entry_altered' | 'tail_missing' | 'hash_mismatch' | 'checkpoint_invalid';

export interface AuditVerification {
  ok: boolean;
  entries: number;
  reason?: AuditBreak;
  first_broken?: { id: string; at: string };
}

/** Where the signed head checkpoints are kept and written; without one, verify walks the chain alone. */
export interface AuditCheckpoints {
  store: AuditCheckpointStore;
  writer: AuditCheckpointer;
}

/** The audit log: entries appended from the gateway's events, listed, and the chain verified. */
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly keys: AuditKeys,
    private readonly checkpoints: AuditCheckpoints | undefined,
  ) {}

  async record(event: AuditRecorded): Promise<void> {
    const head = await this.repository.append(event, `aud_${randomToken(12)}`);
    if (head) this.checkpoints?.writer.appended(head);
  }

  async list(filter: AuditFilter) {
    const rows = await this.repository.list(filter);
    const page = rows.slice(0, filter.limit);
    return {
      entries: page.map((row) => ({
        id: row.id,
        at: iso(row.at),
        tenant_id: row.tenant_id,
        // Entries written before members existed name a key by key_id only.
        actor: { ...row.actor, id: row.actor.id ?? row.actor.key_id },
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
   * Recomputes every hash from the start: an entry whose stored content no longer gives its hash
   * (keyed; plain SHA-256 only within the prefix written before the chain was keyed), or whose link
   * to the one before is broken, is where the log was changed. Then holds the chain against the
   * signed checkpoint kept outside PostgreSQL: a head below it (newest entries deleted, or the
   * database restored to an earlier state) or another hash at its seq (the chain rewritten) is a
   * break too; a head above it is not (appends the checkpoint has not caught up with). A tenant's
   * view counts and reports only its own entries (the chain is still checked whole).
   */
  async verify(tenantId: string | undefined): Promise<AuditVerification> {
    // The checkpoint is read first: entries appended while the walk runs are then above it, never a false alarm.
    const stored = this.checkpoints ? (await this.checkpoints.store.read()).value : undefined;
    const checkpoint = stored === undefined ? undefined : decodeCheckpoint(this.keys.checkpoint, stored);
    const legacyUntil = BigInt(await this.repository.legacyUntil());
    let prev = GENESIS_HASH;
    let after = '0';
    let entries = 0;
    let atCheckpoint: { id: string; at: string; hash: string; mine: boolean } | undefined;
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
        const holds = row.hash === entryHash(this.keys.chain, prev, content) || (BigInt(row.seq) <= legacyUntil && row.hash === legacyEntryHash(prev, content));
        if (row.prev_hash !== prev || !holds) return { ok: false, entries, reason: 'entry_altered', first_broken: this.shown(row.id, row.at, mine) };
        if (checkpoint !== undefined && checkpoint !== 'invalid' && String(row.seq) === checkpoint.seq) {
          atCheckpoint = { id: row.id, at: iso(row.at), hash: row.hash, mine };
        }
        prev = row.hash;
      }
      if (rows.length < PAGE) break;
      after = String(rows.at(-1)?.seq ?? after);
    }
    if (checkpoint === 'invalid') return { ok: false, entries, reason: 'checkpoint_invalid' };
    if (checkpoint === undefined) return { ok: true, entries };
    if (!atCheckpoint) return { ok: false, entries, reason: 'tail_missing' };
    if (atCheckpoint.hash !== checkpoint.hash)
      return { ok: false, entries, reason: 'hash_mismatch', first_broken: this.shown(atCheckpoint.id, atCheckpoint.at, atCheckpoint.mine) };
    return { ok: true, entries };
  }

  /** A break in another tenant's entry is still a break of this tenant's chain, shown without its content. */
  private shown(id: string, at: Date | string, mine: boolean) {
    return { id: mine ? id : 'another tenant’s entry', at: iso(at) };
  }
}
