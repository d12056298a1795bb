import { useRef } from 'preact/hooks';
import type { Attachment } from '../api';
import { useWords, type VisitorWords } from '../words';
import { AttachButton, useFileDrop } from './file-input';
import type { UploadLimits } from './file-facts';
import type { FileView } from './message-files';
import { type PendingFile, usePendingFiles } from './use-pending-files';

interface Options {
  /** The link's `uploads`: null when it takes no files, and nothing of this shows. */
  limits: UploadLimits | null | undefined;
  words: VisitorWords;
  uploadUrl(): Promise<string>;
  href: FileView['href'];
  inlineImages: boolean;
}

/**
 * Everything about a visitor's files that the chat page and the widget share: the files chosen
 * for the next message (attach button, drop, paste), and how the messages' files are shown.
 */
export function useVisitorFiles({ limits, words, uploadUrl, href, inlineImages }: Options) {
  const pending = usePendingFiles({ limits, words, uploadUrl });
  const add = limits ? pending.add : undefined;
  const drop = useFileDrop(add);
  const local = useRef(new Map<string, Blob>());
  return {
    pending,
    drop,
    /** Pasted into the message box. */
    onPaste: add,
    attach: limits && add && <AttachButton types={limits.types} onFiles={add} />,
    view: { href, local: local.current, inlineImages } satisfies FileView,
    /** The stored files for the message being sent: the tray empties, and their images stay at hand to draw. */
    take(): { taken: PendingFile[]; attachments: Attachment[] } {
      const taken = pending.take();
      const attachments = taken.flatMap((f) => (f.stored ? [f.stored] : []));
      for (const f of taken) if (f.stored) local.current.set(f.stored.id, f.file);
      return { taken, attachments };
    },
  };
}

export type VisitorFiles = ReturnType<typeof useVisitorFiles>;

/** Where dragged files go, said while they are over the chat. */
export function DropHint({ files }: { files: VisitorFiles }) {
  const t = useWords();
  return files.drop.over ? (
    <p class="drop-hint" aria-hidden="true">
      {t('upload.drop')}
    </p>
  ) : null;
}
