import { Worker } from 'node:worker_threads';
import { type Chunk, DocumentUnreadable } from '@parley/knowledge';

/** A document to read, its bytes handed over to the thread (the caller's copy is emptied). */
export interface ReadRequest {
  bytes: ArrayBuffer;
  mediaType: string;
  filename?: string | undefined;
}

/** The thread's answer: the chunks, or what the person who added the document is told. */
export type ReadResult = { chunks: Chunk[] } | { unreadable: string };

/**
 * The thread's file: beside this module in the source (tsx, tests), beside main.js in a build
 * (tsdown emits it as knowledge-reader.js, see tsdown.config.ts).
 */
const THREAD_FILE = import.meta.url.endsWith('.ts') ? new URL('./reader-thread.ts', import.meta.url) : new URL('./knowledge-reader.js', import.meta.url);

/** From the source, the thread loads TypeScript as this process does: through tsx. */
const THREAD_OPTIONS = THREAD_FILE.pathname.endsWith('.ts') && !process.execArgv.includes('tsx') ? { execArgv: [...process.execArgv, '--import', 'tsx'] } : {};

/** A thread left idle this long is ended; the next document starts another. */
const IDLE_MS = 30_000;

interface Idle {
  worker: Worker;
  timer: NodeJS.Timeout;
}

/**
 * Reads documents into chunks on threads of their own, one document per thread at a time, at most
 * as many threads as documents are read at once (KNOWLEDGE_INGEST_CONCURRENCY). A thread that dies
 * mid-document (out of memory on a hostile file) fails that document; the next gets a new thread.
 */
export class DocumentReader {
  private readonly idle: Idle[] = [];
  private readonly busy = new Set<Worker>();
  private stopped = false;

  async read(request: ReadRequest, signal: AbortSignal): Promise<Chunk[]> {
    if (this.stopped) throw new Error('the document reader is stopped');
    const worker = this.take();
    this.busy.add(worker);
    let healthy = false;
    try {
      const result = await answerOf(worker, request, signal);
      healthy = true;
      if ('unreadable' in result) throw new DocumentUnreadable(result.unreadable);
      return result.chunks;
    } finally {
      this.busy.delete(worker);
      if (healthy && !this.stopped) this.park(worker);
      else void worker.terminate();
    }
  }

  /** Ends every thread: those reading stop at once (their documents are left to the lease). */
  async stop(): Promise<void> {
    this.stopped = true;
    const all = [...this.busy, ...this.idle.map((entry) => entry.worker)];
    for (const entry of this.idle) clearTimeout(entry.timer);
    this.idle.length = 0;
    await Promise.all(all.map((worker) => worker.terminate()));
  }

  private take(): Worker {
    const parked = this.idle.pop();
    if (parked) {
      clearTimeout(parked.timer);
      return parked.worker;
    }
    const worker = new Worker(THREAD_FILE, THREAD_OPTIONS);
    worker.unref();
    return worker;
  }

  private park(worker: Worker): void {
    const timer = setTimeout(() => {
      const at = this.idle.findIndex((entry) => entry.worker === worker);
      if (at >= 0) this.idle.splice(at, 1);
      void worker.terminate();
    }, IDLE_MS);
    timer.unref();
    this.idle.push({ worker, timer });
  }
}

/** The thread's answer to one document; a thread that dies or errs fails the document, an abort rejects with its reason. */
function answerOf(worker: Worker, request: ReadRequest, signal: AbortSignal): Promise<ReadResult> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<ReadResult>((resolve, reject) => {
    const settle = (finish: () => void) => {
      signal.removeEventListener('abort', onAbort);
      worker.off('message', onMessage).off('exit', onExit).off('error', onError);
      finish();
    };
    const onAbort = () => settle(() => reject(signal.reason));
    const onMessage = (message: ReadResult) => settle(() => resolve(message));
    const onExit = (code: number) => settle(() => reject(new DocumentUnreadable(`The document could not be read: reading it stopped (exit code ${code}).`)));
    const onError = (error: Error) =>
      settle(() => reject(new DocumentUnreadable('The document could not be read: it may be too large or damaged.', { cause: error })));
    signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', onMessage).on('exit', onExit).on('error', onError);
    worker.postMessage(request, [request.bytes]);
  });
}
