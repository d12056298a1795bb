import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { chunkDocument, DocumentUnreadable, parseDocument } from '@parley/knowledge';
import type { ReadRequest, ReadResult } from './document-reader.js';

/**
 * A thread that reads documents into chunks for the ingestion worker (docs/knowledge.md
 * "Reading a document"): parsing a large PDF takes seconds of CPU, which here neither holds up the memory
 * service's event loop – where the searches of turns are answered – nor, on Linux, competes with
 * turns for the CPU: the thread runs at the lowest priority (Linux gives each thread its own),
 * so on a busy machine it gets what turns leave.
 */
if (process.platform === 'linux') {
  try {
    setPriority(19);
  } catch {
    // Not allowed here (a container without the right): read at the normal priority.
  }
}

parentPort?.on('message', async (request: ReadRequest) => {
  let result: ReadResult;
  try {
    const parsed = await parseDocument({ bytes: new Uint8Array(request.bytes), mediaType: request.mediaType, filename: request.filename });
    result = { chunks: chunkDocument(parsed) };
  } catch (error) {
    result = { unreadable: error instanceof DocumentUnreadable ? error.message : 'The document could not be read: it may be damaged.' };
  }
  parentPort?.postMessage(result);
});
