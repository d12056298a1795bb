import type { UploadSettings } from '@parley/contracts';
import { randomBytes } from 'node:crypto';

/** One part of a multipart/form-data body: a file (with a filename) or a plain field. */
export type FormPart = { name: string; filename: string; type?: string; data: Buffer | string } | { name: string; value: string };

/** A multipart/form-data body as a browser's FormData sends it, with its Content-Type. */
export function multipartBody(parts: FormPart[]): { payload: Buffer; contentType: string } {
  const boundary = `----parley${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const head =
      'filename' in part
        ? `Content-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n`
        : `Content-Disposition: form-data; name="${part.name}"\r\n`;
    chunks.push(Buffer.from(`--${boundary}\r\n${head}\r\n`), Buffer.from('filename' in part ? part.data : part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A visitor's upload of one file into their session. */
export function uploadRequest(
  token: string,
  session: string,
  file: { filename: string; data: Buffer | string; type?: string },
  headers: Record<string, string> = {},
) {
  const body = multipartBody([{ name: 'file', ...file }]);
  return {
    method: 'POST',
    url: `/api/public/chat/${token}/uploads?session=${session}`,
    headers: { 'content-type': body.contentType, ...headers },
    payload: body.payload,
  };
}

/** Upload settings that take images, PDFs and text, up to `maxBytes`. */
export const uploadsOn = (maxBytes = 1024 * 1024) => ({
  enabled: true,
  max_bytes: maxBytes,
  types: ['image/png', 'image/jpeg', 'application/pdf', 'text/plain'] as UploadSettings['types'],
});
