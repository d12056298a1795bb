import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Busboy, type BusboyFileStream, type BusboyInstance } from '@fastify/busboy';
import { AppError } from '@parley/contracts';

/**
 * Bounds on everything of a multipart body but the file itself: a few small fields (a browser's
 * FormData may add some; they are read and dropped), and the file's own headers.
 */
const LIMITS = { fields: 10, fieldNameSize: 100, fieldSize: 1_024, parts: 12, headerPairs: 20, files: 1 } as const;

const malformed = (message: string) => new AppError('invalid', message, { details: [{ path: 'body', message }] });

/**
 * The one file of a multipart/form-data request, streamed to `onFile` as it arrives (never
 * buffered here): its answer is the request's, once the whole body has been read. Refused with
 * 400 `invalid`: a body that is not multipart or is malformed, one without a file, one with two.
 * A request whose client goes away mid-file fails the file's stream, so whatever reads it stops.
 * When the request fails after `onFile` has finished, `undo` is given its answer to take back.
 * The small fields around the file go to `onField` when given (`truncated`: longer than 1 KiB, cut
 * there), and are dropped otherwise.
 */
export function receiveOneFile<T>(
  raw: IncomingMessage,
  headers: IncomingHttpHeaders,
  onFile: (file: Readable, filename: string) => Promise<T>,
  undo: (done: T) => Promise<void>,
  onField?: (name: string, value: string, truncated: boolean) => void,
): Promise<T> {
  const type = headers['content-type'];
  if (type === undefined || !/^multipart\/form-data\b/i.test(type)) {
    return Promise.reject(malformed('Content-Type must be multipart/form-data with one file part'));
  }
  return new Promise<T>((resolve, reject) => {
    let parser: BusboyInstance;
    try {
      parser = new Busboy({ headers: { ...headers, 'content-type': type }, limits: LIMITS });
    } catch {
      reject(malformed('the multipart body has no boundary'));
      return;
    }
    let work: Promise<T> | undefined;
    let current: Readable | undefined;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      raw.unpipe(parser);
      // The rest of the body is read and dropped, so the answer reaches a client still sending.
      raw.resume();
      current?.destroy(error instanceof Error ? error : new Error('upload failed'));
      // A file already stored is taken back (a second file came after it, the body was cut).
      if (work) void work.then(undo, () => undefined).finally(() => reject(error));
      else reject(error);
    };
    parser.on('file', (_field: string, stream: BusboyFileStream, filename: string) => {
      if (work !== undefined) {
        stream.resume();
        return fail(malformed('send one file per upload'));
      }
      current = stream;
      work = onFile(stream, filename);
      work.catch(fail);
    });
    if (onField) parser.on('field', (name: string, value: string, _nameTruncated: boolean, truncated: boolean) => onField(name, value, truncated));
    parser.on('filesLimit', () => fail(malformed('send one file per upload')));
    parser.on('partsLimit', () => fail(malformed('the multipart body has too many parts')));
    parser.on('error', () => fail(malformed('the multipart body is malformed')));
    parser.on('finish', () => {
      if (work === undefined) return fail(malformed('the multipart body has no file part (a part with a filename)'));
      work.then((done) => {
        if (settled) return;
        settled = true;
        resolve(done);
      }, fail);
    });
    // A client gone mid-body: the file's stream fails, so the store discards what it wrote.
    raw.on('close', () => {
      if (!raw.complete) fail(new AppError('invalid', 'the request ended before its body did', { details: [{ path: 'body', message: 'incomplete' }] }));
    });
    raw.pipe(parser);
  });
}

/**
 * A file's name as a visitor's browser gave it, made safe to keep and show: no folder part, no
 * control characters, no lone surrogates, at most 255 characters; `file` when nothing is left.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, '')
    .trim();
  const short = [...cleaned].slice(0, 255).join('');
  return short === '' || short === '.' || short === '..' ? 'file' : short;
}
