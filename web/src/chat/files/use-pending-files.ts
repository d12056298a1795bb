import { useRef, useState } from 'preact/hooks';
import { ApiError, type Attachment } from '../api';
import type { VisitorWords } from '../words';
import { named, refusal, sizeText, type UploadLimits, wrongType } from './file-facts';
import { type UploadRequest, uploadFile } from './upload-request';

/** Files one message may carry (docs/public-chat-api.md "Uploads"): more are refused as they are chosen. */
const MAX_FILES = 5;

/** A file the visitor chose for their next message, from choosing to stored (or refused). */
export interface PendingFile {
  key: number;
  file: File;
  state: 'uploading' | 'done' | 'refused';
  /** The share sent so far, 0 to 1, while uploading. */
  progress: number;
  /** The stored file, once uploaded. */
  stored?: Attachment;
  /** Why it was refused, in the visitor's words. */
  error?: string;
  /** Refused for a reason that may pass: the connection, a busy platform. */
  retry?: boolean;
}

interface Options {
  /** What the link takes; null when it takes no files (nothing is added then). */
  limits: UploadLimits | null | undefined;
  words: VisitorWords;
  /** Where a file goes: the session is started first when there is none yet. */
  uploadUrl(): Promise<string>;
}

let nextKey = 0;

/** A refusal already in the visitor's words (a passcode the session needs first, say): shown as it is. */
export class Said extends Error {}

/**
 * The files chosen for the next message: each checked against the link's limits before it is
 * sent, then uploaded at once with its progress, so the message can go as soon as they are
 * stored. The platform judges each by its bytes; its refusals (413, 415, the session's quota)
 * are said in the visitor's words, and a file lost to the connection may be tried again.
 */
export function usePendingFiles({ limits: given, words: t, uploadUrl }: Options) {
  const limits = given ?? { max_bytes: 0, types: [] };
  const [files, setFiles] = useState<PendingFile[]>([]);
  const requests = useRef(new Map<number, UploadRequest>());
  const change = (key: number, patch: Partial<PendingFile>) => setFiles((current) => current.map((f) => (f.key === key ? { ...f, ...patch } : f)));

  const explain = (e: unknown, file: File): Partial<PendingFile> => {
    if (e instanceof Said) return { error: e.message, retry: true };
    if (!(e instanceof ApiError)) return { error: t('upload.failed', { name: named(file.name) }), retry: true };
    if (e.status === 413) return { error: t('upload.tooLarge', { name: named(file.name), max: sizeText(t, Number(e.details.max_bytes) || limits.max_bytes) }) };
    if (e.status === 415) return { error: wrongType(t, file.name, limits) };
    if (e.code === 'quota_exceeded') return { error: t('upload.noMore') };
    if (e.code === 'rate_limited') return { error: t('error.tooMany', { count: e.retryAfterSeconds ?? 60 }), retry: true };
    if (e.status === 410) return { error: t('conversation.ended') };
    // Anything else (the platform's own words are English): worth another try only when it was the connection or the platform.
    return { error: t('upload.failed', { name: named(file.name) }), retry: e.status === 0 || e.status >= 500 };
  };

  const upload = async (key: number, file: File) => {
    change(key, { state: 'uploading', progress: 0, error: undefined, retry: undefined });
    try {
      const request = uploadFile(await uploadUrl(), file, (progress) => change(key, { progress }));
      requests.current.set(key, request);
      const stored = await request.done;
      change(key, { state: 'done', progress: 1, stored });
    } catch (e) {
      if (!(e instanceof ApiError && e.status === -1)) change(key, { state: 'refused', ...explain(e, file) });
    } finally {
      requests.current.delete(key);
    }
  };

  const sending = files.filter((f) => f.state !== 'refused');
  return {
    files,
    /** Some file is still on its way: the message waits for it. */
    uploading: files.some((f) => f.state === 'uploading'),
    /** The files stored so far, which the next message carries. */
    stored: files.filter((f) => f.stored),
    add(chosen: Iterable<File>) {
      if (!given) return;
      let room = MAX_FILES - sending.length;
      const added = Array.from(chosen, (file): PendingFile => {
        const error = room-- > 0 ? refusal(t, file, limits) : t('upload.fewer', { count: MAX_FILES });
        return { key: nextKey++, file, state: error ? 'refused' : 'uploading', progress: 0, ...(error ? { error } : {}) };
      });
      setFiles((current) => [...current, ...added]);
      for (const f of added) if (f.state === 'uploading') void upload(f.key, f.file);
    },
    remove(key: number) {
      requests.current.get(key)?.abort();
      setFiles((current) => current.filter((f) => f.key !== key));
    },
    retry(key: number) {
      const f = files.find((p) => p.key === key);
      if (f) void upload(key, f.file);
    },
    /** The stored files, for the message now being sent; the tray empties (refusals said, they go too). */
    take(): PendingFile[] {
      setFiles([]);
      return files.filter((f) => f.stored);
    },
    /** A message that failed: its files wait again for the next try. */
    restore(taken: PendingFile[]) {
      setFiles((current) => [...taken, ...current]);
    },
  };
}

export type PendingFiles = ReturnType<typeof usePendingFiles>;
