import { type ClientAuth, createParleyClient } from '@parley/client';
import { createContext, h } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../chat/api';
import { messageOf } from '../ui/problem';
import { t } from '../words';
import { asApiError } from './management-api';

/**
 * The console's CSV downloads (docs/management-api.md "Analytics as CSV", "Transcripts export"): a streamed
 * answer read chunk by chunk, so the person sees the rows and kilobytes received so far and can
 * cancel, then saved under the file name the server gave.
 */

/** Who downloads: a key as a bearer (with the admin's chosen tenant), or the console session's cookie (a GET needs no CSRF token). */
export type ExportAuth = ClientAuth;

/** The signed-in person's credentials, provided once by the console around its pages. */
export const ExportAuthContext = createContext<ExportAuth | null>(null);

export interface DownloadProgress {
  /** Records received after the header row. */
  rows: number;
  bytes: number;
}

export interface DownloadedCsv extends DownloadProgress {
  fileName: string;
  file: Blob;
}

/** Counts the records in CSV text as it streams in: a line break ends one only outside quotes. */
function recordCounter() {
  let quoted = false;
  let records = 0;
  return (text: string) => {
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (c === 10 && !quoted) records += 1;
    }
    return records;
  };
}

/** The name in `Content-Disposition: attachment; filename="…"`, or a fallback. */
function fileNameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? fallback;
}

/**
 * GETs a CSV export, reading its body as it arrives and reporting progress; `signal` cancels it
 * (the fetch and the read stop, the rejection is an AbortError). A refusal throws ApiError from
 * the API's JSON error body.
 */
export async function downloadCsv(
  url: string,
  auth: ExportAuth,
  { signal, onProgress }: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {},
): Promise<DownloadedCsv> {
  // Through the console's API client like every other call: its credentials, its error body.
  const response = await createParleyClient({ auth, init: { cache: 'no-store' } })
    .raw('GET', url, { headers: { accept: 'text/csv' }, ...(signal ? { signal } : {}) })
    .catch(asApiError);
  if (!response.body) throw new ApiError(response.status, 'unknown', 'The export came without a body.');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const count = recordCounter();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let records = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    bytes += value.byteLength;
    records = count(decoder.decode(value, { stream: true }));
    onProgress?.({ rows: Math.max(0, records - 1), bytes });
  }
  return {
    fileName: fileNameOf(response, 'export.csv'),
    file: new Blob(chunks as BlobPart[], { type: 'text/csv;charset=utf-8' }),
    rows: Math.max(0, records - 1),
    bytes,
  };
}

/** Hands a file to the browser to save under `name`. */
export function saveFile(file: Blob, name: string) {
  const href = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

type State =
  | { state: 'idle' }
  | { state: 'running'; progress: DownloadProgress }
  | { state: 'done'; fileName: string; rows: number }
  | { state: 'cancelled' }
  | { state: 'failed'; error: unknown };

const kilobytes = (bytes: number) => t.number(bytes / 1024, { maximumFractionDigits: 1 });

/**
 * "Export CSV": downloads `url()` (asked at the click, so it carries the filters then shown),
 * with the rows and kilobytes received so far and a Cancel while it runs, then what was saved.
 * `onUnauthorized` signs the person out on a 401, as every console call does.
 */
export function ExportCsvButton({ url, onUnauthorized, disabled = false }: { url: () => string | undefined; onUnauthorized(): void; disabled?: boolean }) {
  const auth = useContext(ExportAuthContext);
  const [status, setStatus] = useState<State>({ state: 'idle' });
  const running = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => running.current?.abort(), []);

  const start = async () => {
    const target = url();
    if (!auth || !target) return;
    const controller = new AbortController();
    running.current = controller;
    setStatus({ state: 'running', progress: { rows: 0, bytes: 0 } });
    try {
      const file = await downloadCsv(target, auth, { signal: controller.signal, onProgress: (progress) => setStatus({ state: 'running', progress }) });
      saveFile(file.file, file.fileName);
      setStatus({ state: 'done', fileName: file.fileName, rows: file.rows });
    } catch (error) {
      if (controller.signal.aborted) setStatus({ state: 'cancelled' });
      else if (error instanceof ApiError && error.status === 401) onUnauthorized();
      else setStatus({ state: 'failed', error });
    } finally {
      if (running.current === controller) running.current = undefined;
    }
  };

  const line =
    status.state === 'running'
      ? t('export.progress', { count: status.progress.rows, kb: kilobytes(status.progress.bytes) })
      : status.state === 'done'
        ? t('export.done', { count: status.rows, file: status.fileName })
        : status.state === 'cancelled'
          ? t('export.cancelled')
          : status.state === 'failed'
            ? t('export.failed', { message: messageOf(status.error) })
            : '';
  return h(
    'span',
    { class: 'export-csv', 'data-export': status.state },
    status.state === 'running'
      ? h('button', { type: 'button', class: 'secondary', onClick: () => running.current?.abort() }, t('export.cancel'))
      : h('button', { type: 'button', disabled: disabled || !auth, onClick: () => void start() }, t('export.button')),
    h('span', { role: status.state === 'failed' ? 'alert' : 'status', class: status.state === 'failed' ? 'error' : 'muted' }, line),
  );
}
