import type { Logger } from '@parley/logger';
import { type AuditKeys, decodeCheckpoint, encodeCheckpoint } from './audit-chain.js';
import type { ChainPoint } from './audit.repository.js';
import type { AuditCheckpointStore } from './checkpoint-store.js';

/** How often at most the head is checkpointed while entries keep coming. */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 200;

/**
 * Writes the chain's head to the checkpoint store after appends: at most every `intervalMs`
 * (appends never wait for it) and once more when the service drains. A crash in between leaves
 * the database ahead of the checkpoint, which verify accepts.
 *
 * The stored checkpoint only moves forward along the chain it attests: one that is higher, does
 * not hold its signature, or names a hash the database no longer has is left as it is – it is the
 * evidence verify reports, and a later append must not paper over it.
 */
export class AuditCheckpointer {
  private pending: ChainPoint | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: AuditCheckpointStore,
    private readonly keys: AuditKeys,
    /** The chain's entry at a seq, to check the stored checkpoint still names it before moving past it. */
    private readonly entryAt: (seq: string) => Promise<ChainPoint | undefined>,
    private readonly logger: Logger,
    private readonly intervalMs = DEFAULT_CHECKPOINT_INTERVAL_MS,
  ) {}

  /** An entry was appended: its point becomes the next checkpoint, unless a higher one waits. */
  appended(point: ChainPoint): void {
    if (!this.pending || BigInt(point.seq) > BigInt(this.pending.seq)) this.pending = point;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.intervalMs);
  }

  /** Writes what is pending now (drain); failures are logged, the next append tries again. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(async () => {
      const point = this.pending;
      this.pending = undefined;
      if (!point) return;
      try {
        await this.advance(point);
      } catch (error) {
        this.logger.warn({ err: error, seq: point.seq }, 'could not write the audit checkpoint');
      }
    });
    return this.writing;
  }

  private async advance(point: ChainPoint): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const { value, revision } = await this.store.read();
      if (value !== undefined) {
        const stored = decodeCheckpoint(this.keys.checkpoint, value);
        if (stored === 'invalid') {
          this.logger.error('the audit checkpoint does not hold its signature; left for verify to report');
          return;
        }
        if (BigInt(stored.seq) >= BigInt(point.seq)) return;
        const entry = await this.entryAt(stored.seq);
        if (entry?.hash !== stored.hash) {
          this.logger.error({ seq: stored.seq }, 'the audit chain no longer holds the checkpointed entry; left for verify to report');
          return;
        }
      }
      const next = encodeCheckpoint(this.keys.checkpoint, { seq: point.seq, hash: point.hash, at: new Date().toISOString() });
      if (await this.store.replace(next, revision)) return;
      // Another replica wrote in between: read again, theirs may already be higher.
    }
  }
}
