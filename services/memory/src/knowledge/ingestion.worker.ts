import { DocumentUnreadable } from '@parley/knowledge';
import type { Logger } from '@parley/logger';
import { readSource, type SourceReaderOptions, SourceUnavailable } from './document-source.js';
import { DocumentReader } from './document-reader.js';
import type { Embedder } from './embedder.js';
import type { ChunkToWrite, ClaimedDocument, IngestionRepository } from './ingestion.repository.js';
import { newChunkId } from './ids.js';

export interface IngestionOptions extends SourceReaderOptions {
  /** Documents one process reads at once (KNOWLEDGE_INGEST_CONCURRENCY): ingestion never competes with turns for more. */
  concurrency: number;
  /** How long a claim holds a document; renewed between the steps of a long one. Past it, another worker takes it up. */
  leaseMs: number;
  /** How often documents left by a stopped worker (their lease past) or added on another replica are looked for. */
  pollIntervalMs: number;
  /** The time leases are taken and judged by (tests move it instead of waiting a lease out). */
  clock: () => Date;
  /** Texts per request to the embeddings endpoint. */
  embedBatch: number;
}

/** A document whose reading was cut off this often (its worker stopped or died each time) fails rather than being tried forever. */
export const MAX_INGEST_ATTEMPTS = 3;

/** The embeddings endpoint failed for a document: its `error` says so. */
class EmbeddingFailed extends Error {}

/**
 * Reads `processing` documents into chunks (docs/knowledge.md): claims them from PostgreSQL (FOR
 * UPDATE SKIP LOCKED, with a lease), at most `concurrency` at once per process; reads the source,
 * parses and chunks it on a thread of its own at a low priority (document-reader.ts: the searches
 * of turns are answered on this process's event loop), embeds it, then swaps its chunks in in one
 * transaction. A document added here
 * wakes the loop at once (kick); others – added on another replica, or left claimed by a worker
 * that stopped or died – are found at the next poll once their lease is past. Stopping abandons
 * the documents being read: their leases run out and a worker takes them up again.
 */
export class IngestionWorker {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private again = false;
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private readonly reader = new DocumentReader();

  constructor(
    private readonly repository: IngestionRepository,
    private readonly embedder: Embedder | undefined,
    private readonly options: IngestionOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** A document may be waiting (one was added, or a place came free): look now rather than at the next poll. */
  kick(): void {
    if (this.stopping.signal.aborted) return;
    if (this.polling) this.again = true;
    else this.schedule(0);
  }

  /** Takes nothing more and gives up the documents being read (left claimed: their lease runs out). */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('the memory service is stopping'));
    clearTimeout(this.timer);
    await this.polling;
    await Promise.all(this.running);
    await this.reader.stop();
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        const more = this.again;
        this.again = false;
        this.schedule(more ? 0 : this.options.pollIntervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    try {
      for (;;) {
        const free = this.options.concurrency - this.running.size;
        if (this.stopping.signal.aborted || free <= 0) return;
        const claimed = await this.repository.claim(free, this.options.clock(), this.options.leaseMs);
        for (const document of claimed) {
          const run: Promise<void> = this.ingest(document)
            // Not recorded (the database went away): the lease runs out and the document is read again.
            .catch((error: unknown) => this.logger.error({ err: error, documentId: document.id }, 'a knowledge document could not be recorded'))
            .finally(() => {
              this.running.delete(run);
              this.kick();
            });
          this.running.add(run);
        }
        if (claimed.length < free) return;
      }
    } catch (error) {
      this.logger.error({ err: error }, 'knowledge documents could not be claimed; trying again at the next poll');
    }
  }

  private async ingest(claim: ClaimedDocument): Promise<void> {
    const log = this.logger.child({ documentId: claim.id, baseId: claim.baseId, tenantId: claim.tenantId });
    if (claim.attempt > MAX_INGEST_ATTEMPTS) {
      await this.repository.fail(
        claim,
        `its reading was cut off ${MAX_INGEST_ATTEMPTS} times (the memory service stopped while reading it): add it again`,
        undefined,
      );
      return;
    }
    const signal = this.stopping.signal;
    let mediaType: string | undefined;
    let chunks: ChunkToWrite[];
    try {
      const content = await readSource(claim.source, this.options, signal);
      mediaType = content.mediaType;
      // The bytes are handed to the thread: a view into a larger (pooled) buffer is copied first.
      const whole = content.bytes.byteOffset === 0 && content.bytes.byteLength === content.bytes.buffer.byteLength;
      const bytes = (whole ? content.bytes : new Uint8Array(content.bytes)).buffer as ArrayBuffer;
      const cut = await this.reader.read({ bytes, mediaType: content.mediaType, filename: content.filename }, signal);
      if (cut.length === 0) throw new DocumentUnreadable('no text was found in it');
      // Reading a large file on a busy machine takes a while: the claim must still be this worker's.
      if (!(await this.repository.renew(claim, this.options.clock(), this.options.leaseMs))) return;
      const vectors = await this.embed(
        claim,
        cut.map((chunk) => [chunk.heading, chunk.text].filter(Boolean).join('\n\n')),
        signal,
      );
      if (vectors === 'lost') return;
      chunks = cut.map((chunk, i) => ({ id: newChunkId(), position: chunk.position, heading: chunk.heading, text: chunk.text, embedding: vectors?.[i] }));
    } catch (error) {
      // Stopping: left claimed for another worker, once the lease is past.
      if (signal.aborted) return;
      const known = error instanceof SourceUnavailable || error instanceof DocumentUnreadable || error instanceof EmbeddingFailed;
      if (!known) log.error({ err: error }, 'a knowledge document could not be read');
      const written = await this.repository.fail(claim, known ? error.message : 'the document could not be read', mediaType);
      if (written) log.info({ error: known ? error.message : undefined }, 'knowledge document failed');
      return;
    }
    if (signal.aborted) return;
    const written = await this.repository.complete(claim, { mediaType: mediaType ?? 'text/plain', embeddingModel: this.embedder?.model ?? null, chunks });
    if (written) log.info({ chunks: chunks.length }, 'knowledge document ready');
    else log.info('knowledge document replaced or deleted while it was read: its chunks were not written');
  }

  /**
   * The texts' embeddings, asked in batches with the claim renewed before each one; undefined
   * without an embedder, `lost` when the claim is no longer this worker's.
   */
  private async embed(claim: ClaimedDocument, texts: string[], signal: AbortSignal): Promise<number[][] | undefined | 'lost'> {
    if (this.embedder === undefined) return undefined;
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.options.embedBatch) {
      if (!(await this.repository.renew(claim, this.options.clock(), this.options.leaseMs))) return 'lost';
      const batch = texts.slice(start, start + this.options.embedBatch);
      let got: number[][];
      try {
        got = await abortable(this.embedder.embed(batch), signal);
      } catch (error) {
        if (signal.aborted) throw error;
        throw new EmbeddingFailed(`its embeddings could not be made: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (got.length !== batch.length)
        throw new EmbeddingFailed(`its embeddings could not be made: ${batch.length} texts were sent, ${got.length} vectors came back`);
      vectors.push(...got);
    }
    return vectors;
  }
}

/** `work`, or the signal's reason as soon as it is aborted (a call that takes no signal of its own). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
