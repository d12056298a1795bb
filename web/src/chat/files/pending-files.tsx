import { useWords } from '../words';
import { sizeText, typeName } from './file-facts';
import { Thumbnail, useDrawable } from './thumbnail';
import type { PendingFile, PendingFiles } from './use-pending-files';

/**
 * The files chosen for the next message, above the message box: each with a preview (the image
 * itself, or its name, type and size), its upload's progress, why it was refused, and buttons to
 * try it again or take it out.
 */
export function PendingFilesTray({ pending }: { pending: PendingFiles }) {
  const t = useWords();
  if (pending.files.length === 0) return null;
  return (
    <ul class="pending-files" aria-label={t('upload.chosen')}>
      {pending.files.map((f) => (
        <PendingItem key={f.key} f={f} pending={pending} />
      ))}
    </ul>
  );
}

function PendingItem({ f, pending }: { f: PendingFile; pending: PendingFiles }) {
  const t = useWords();
  const { name, type, size } = f.file;
  const [drawable, failed] = useDrawable(f.state === 'refused' ? '' : type);
  return (
    <li class={`pending-file ${f.state}`}>
      {drawable && <Thumbnail image={f.file} label={name} max={48} onFail={failed} />}
      <FileChip name={name} type={f.stored?.type ?? type} bytes={size} />
      {f.state === 'uploading' && <progress max={1} value={f.progress} aria-label={t('upload.progress', { name })} />}
      {f.error && (
        <p class="error" role="alert">
          {f.error}
        </p>
      )}
      {f.retry && (
        <button type="button" class="file-retry" onClick={() => pending.retry(f.key)}>
          {t('upload.retry')}
        </button>
      )}
      <button type="button" class="file-remove" aria-label={t('upload.remove', { name })} onClick={() => pending.remove(f.key)}>
        ×
      </button>
    </li>
  );
}

/** A file as a visitor recognises it: its name, then its type and size. */
export function FileChip({ name, type, bytes }: { name: string; type: string; bytes: number }) {
  const t = useWords();
  return (
    <span class="file-chip">
      <span class="file-name">{name}</span>
      <span class="file-meta">{`${type ? `${typeName(type)} · ` : ''}${sizeText(t, bytes)}`}</span>
    </span>
  );
}
