import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The bytes at `offset` of a bench file: a fixed pattern, made as it is sent (nothing held whole here either). */
function patternChunk(offset: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) bytes[i] = ((offset + i) * 31 + ((offset + i) >> 8)) & 0xff;
  return bytes;
}

/** A file of `size` bytes that starts with `head` (a real file's first bytes, so its type is judged), in 64 KiB chunks. */
function fileChunks(size: number, head: Buffer): AsyncGenerator<Buffer> {
  return (async function* () {
    for (let offset = 0; offset < size; offset += 64 * 1024) {
      const chunk = patternChunk(offset, Math.min(64 * 1024, size - offset));
      if (offset < head.length) head.copy(chunk, 0, offset, Math.min(head.length, offset + chunk.length));
      yield chunk;
    }
  })();
}

export interface UploadAnswer {
  status: number;
  body: string;
  ms: number;
}

/**
 * One visitor's upload as a browser sends it – multipart/form-data with one file part and a
 * Content-Length – streamed: the bench makes the file's bytes as the socket takes them.
 */
export async function sendUpload(
  baseUrl: string,
  token: string,
  session: string,
  file: { name: string; size: number; head: Buffer },
  /** Stops sending at these offsets of the file until `reached` resolves: a look at the server mid-file. */
  pause?: { offsets: number[]; reached: (offset: number) => Promise<void> },
): Promise<UploadAnswer> {
  const boundary = `----parleybench${randomBytes(8).toString('hex')}`;
  const opening = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const closing = Buffer.from(`\r\n--${boundary}--\r\n`);
  const started = performance.now();
  const { hostname, port } = new URL(baseUrl);
  const req = request({
    host: hostname,
    port,
    method: 'POST',
    path: token === '' ? '/' : `/api/public/chat/${token}/uploads?session=${encodeURIComponent(session)}`,
    agent: false,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': opening.length + file.size + closing.length },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.once('error', reject);
    });
    req.once('error', reject);
  });
  const stops = [...(pause?.offsets ?? [])].sort((a, b) => a - b);
  async function* body(): AsyncGenerator<Buffer> {
    yield opening;
    let sent = 0;
    for await (const chunk of fileChunks(file.size, file.head)) {
      while (stops.length > 0 && sent >= (stops[0] ?? Number.POSITIVE_INFINITY)) await pause?.reached(stops.shift() ?? 0);
      yield chunk;
      sent += chunk.length;
    }
    yield closing;
  }
  await pipeline(Readable.from(body(), { objectMode: false }), req);
  const { status, body: text } = await answered;
  return { status, body: text, ms: performance.now() - started };
}
