import type { Readable } from 'node:stream';
import { type KnowledgeSource, MAX_KNOWLEDGE_FILE_BYTES } from '@parley/contracts';
import { outboundRequest } from '@parley/outbound';
import type { UploadStore } from '@parley/uploads';

/** A URL's whole answer must come within this (docs/knowledge.md). */
export const URL_FETCH_TIMEOUT_MS = 30_000;

/** A document's content as parsing reads it. */
export interface DocumentBytes {
  bytes: Uint8Array;
  mediaType: string;
  filename?: string | undefined;
}

/** A document whose content could not be had: the message says why, for its `error`. */
export class SourceUnavailable extends Error {
  override readonly name = 'SourceUnavailable';
}

export interface SourceReaderOptions {
  /** Where uploaded files are; undefined: none is configured, and a file's document fails saying so. */
  uploads: UploadStore | undefined;
  /** URLs may reach private and loopback addresses (KNOWLEDGE_ALLOW_PRIVATE: development and tests). */
  allowPrivate: boolean;
}

/**
 * Reads a document's source: text given inline (read as Markdown, which plain text is too, its
 * `#` lines taken as headings), a file from the upload store, or a URL fetched once through the
 * outbound guard – its answer's Content-Type says what it is. Rejects with SourceUnavailable.
 */
export async function readSource(source: KnowledgeSource, options: SourceReaderOptions, signal: AbortSignal): Promise<DocumentBytes> {
  switch (source.kind) {
    case 'text':
      return { bytes: new TextEncoder().encode(source.text), mediaType: 'text/markdown' };
    case 'file':
      return { bytes: await readUpload(source.uploadKey, options.uploads, signal), mediaType: source.mediaType, filename: source.filename };
    case 'url':
      return fetchUrl(source.url, options.allowPrivate, signal);
  }
}

async function readUpload(key: string, uploads: UploadStore | undefined, signal: AbortSignal): Promise<Uint8Array> {
  if (uploads === undefined) {
    throw new SourceUnavailable('the file cannot be read: no upload store is configured for the memory service (S3_BUCKET or UPLOADS_DIR)');
  }
  const stored = await uploads.open(key);
  if (stored === undefined) throw new SourceUnavailable('the uploaded file is no longer in the upload store');
  return readAtMost(stored.body, MAX_KNOWLEDGE_FILE_BYTES, signal);
}

async function readAtMost(body: Readable, max: number, signal: AbortSignal): Promise<Uint8Array> {
  const stop = () => body.destroy(signal.reason instanceof Error ? signal.reason : new Error('stopped'));
  signal.addEventListener('abort', stop, { once: true });
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of body) {
      total += (chunk as Buffer).byteLength;
      if (total > max) throw new SourceUnavailable(`the file is larger than ${max / (1024 * 1024)} MiB`);
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks, total);
  } finally {
    signal.removeEventListener('abort', stop);
    body.destroy();
  }
}

async function fetchUrl(url: string, allowPrivate: boolean, signal: AbortSignal): Promise<DocumentBytes> {
  const answer = await outboundRequest(url, {
    method: 'GET',
    headers: {
      accept: 'text/html, text/markdown, text/plain, application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document;q=0.9, */*;q=0.1',
    },
    timeoutMs: URL_FETCH_TIMEOUT_MS,
    maxResponseBytes: MAX_KNOWLEDGE_FILE_BYTES,
    allowPrivate,
    who: 'knowledge bases',
    signal,
    read: 'bytes',
  });
  if (!answer.ok) throw new SourceUnavailable(`the URL could not be fetched: ${answer.message}`);
  if (answer.status < 200 || answer.status > 299) throw new SourceUnavailable(`the URL could not be fetched: ${new URL(url).host} answered ${answer.status}`);
  return { bytes: answer.body, mediaType: mediaTypeOf(answer.contentType), filename: new URL(url).pathname.split('/').at(-1) || undefined };
}

/** The media type of a Content-Type (`text/html; charset=utf-8` → `text/html`); none said: text/plain. */
export function mediaTypeOf(contentType: string | null): string {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return 'text/plain';
  // The name some servers still give Markdown.
  return type === 'text/x-markdown' ? 'text/markdown' : type;
}
