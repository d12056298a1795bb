import type { Attachment } from '@parley/contracts';
import { AppError } from '@parley/contracts';
import { fileNameForType, type UploadStore } from '@parley/uploads';
import type { FastifyReply } from 'fastify';

/** Characters a quoted filename (the old `filename=` form) keeps as they are. */
const PLAIN_NAME = /[^A-Za-z0-9 ._()+-]/g;

/** The ASCII name's longest length; a longer one is cut before its extension, which it keeps. */
const PLAIN_MAX = 150;

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): browsers save the file under its
 * name instead of showing it, older ones see an ASCII name.
 */
export function attachmentDisposition(name: string): string {
  const replaced = name.replace(PLAIN_NAME, '_');
  const extension = /\.[A-Za-z0-9]{1,16}$/.exec(replaced)?.[0] ?? '';
  const plain = (replaced.length > PLAIN_MAX ? `${replaced.slice(0, PLAIN_MAX - extension.length)}${extension}` : replaced) || 'file';
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${plain}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sends a visitor's file (docs/public-chat-api.md "Uploads"): with the type judged when it came, always as a
 * download, never sniffed, and sandboxed should a browser render it anyway – a file on the
 * platform's origin must never act as one of its pages. Never cached by shared caches. The file
 * is saved under a name whose extension agrees with that type (files recorded before names were
 * made to agree get theirs here), so a saved copy never opens as a program.
 */
export async function sendUpload(reply: FastifyReply, store: UploadStore, upload: Attachment & { key: string }) {
  const opened = await store.open(upload.key);
  if (!opened) throw new AppError('not_found', 'no such upload');
  const type = upload.type.startsWith('text/') ? `${upload.type}; charset=utf-8` : upload.type;
  return reply
    .header('content-type', type)
    .header('content-length', String(opened.bytes))
    .header('content-disposition', attachmentDisposition(fileNameForType(upload.name, upload.type)))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, no-store')
    .header('cross-origin-resource-policy', 'same-site')
    .send(opened.body);
}

/** Files cannot be kept here (a service deployment with neither S3_BUCKET nor UPLOADS_DIR). */
export const uploadsUnavailable = () =>
  new AppError('unavailable', 'files cannot be stored on this server: it has no upload store (S3_BUCKET or UPLOADS_DIR)', {
    details: { reason: 'uploads_unavailable' },
  });
