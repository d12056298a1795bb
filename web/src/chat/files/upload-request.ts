import type { ApiErrorBody, UploadCreated } from '@parley/contracts';
import { type Attachment, ApiError } from '../api';

export interface UploadRequest {
  /** The stored file, or an ApiError (status 0: the platform could not be reached; 413 too large; 415 a type not taken). */
  done: Promise<Attachment>;
  abort(): void;
}

/** A refusal's facts (`max_bytes`, `type`, `quota`…); a validation refusal's list of fields is not one. */
const details = (raw: unknown): Record<string, unknown> => (raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {});

/**
 * One file posted to `url` as multipart (docs/public-chat-api.md "Uploads"), by XMLHttpRequest: fetch reports
 * no upload progress. `onProgress` hears the share sent, 0 to 1. An aborted upload settles with
 * no error anyone shows (status -1).
 */
export function uploadFile(url: string, file: File, onProgress: (share: number) => void): UploadRequest {
  const xhr = new XMLHttpRequest();
  const done = new Promise<Attachment>((resolve, reject) => {
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: Partial<UploadCreated> & { error?: Partial<ApiErrorBody['error']> } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // Not the API's JSON (a proxy's page): the status alone says what happened.
      }
      if (xhr.status === 201 && body.upload_id)
        resolve({ id: body.upload_id, name: body.name ?? file.name, type: body.type ?? file.type, bytes: body.bytes ?? file.size });
      else
        reject(new ApiError(xhr.status, body.error?.code ?? 'unknown', body.error?.message ?? `upload failed (${xhr.status})`, details(body.error?.details)));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network'));
    xhr.onabort = () => reject(new ApiError(-1, 'aborted', 'aborted'));
  });
  const form = new FormData();
  form.append('file', file, file.name);
  xhr.open('POST', url);
  xhr.send(form);
  return { done, abort: () => xhr.abort() };
}
