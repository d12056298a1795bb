import { useRef, useState } from 'preact/hooks';
import { useWords } from '../words';

const PAPERCLIP = 'M21.4 11.1l-9.2 9.2a6 6 0 0 1-8.5-8.5l9.2-9.2a4 4 0 0 1 5.7 5.7l-9.2 9.2a2 2 0 0 1-2.8-2.8l8.5-8.5';

/** The attach button: it opens the system's file picker, offering the types the link takes. */
export function AttachButton({ types, onFiles }: { types: string[]; onFiles(files: FileList): void }) {
  const t = useWords();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" class="attach" aria-label={t('upload.attach')} title={t('upload.attach')} onClick={() => input.current?.click()}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d={PAPERCLIP} />
        </svg>
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={types.join(',')}
        onChange={(e) => {
          const field = e.currentTarget;
          if (field.files?.length) onFiles(field.files);
          // Emptied: the same file chosen again (after removing it) is a change too.
          field.value = '';
        }}
      />
    </>
  );
}

const carriesFiles = (e: DragEvent) => !!e.dataTransfer?.types.includes('Files');

/**
 * Files dragged onto the chat: while they are over it, `over` is true (the view shows where they
 * go); dropped, they are handed on – rather than opened by the browser in place of the chat.
 */
export function useFileDrop(onFiles: ((files: FileList) => void) | undefined) {
  const [over, setOver] = useState(false);
  // dragenter and dragleave fire for every child crossed: the count says when the chat is left.
  const depth = useRef(0);
  const take = (e: DragEvent) => {
    const files = !!onFiles && carriesFiles(e);
    if (files) e.preventDefault();
    return files;
  };
  const leave = () => {
    depth.current = 0;
    setOver(false);
  };
  return {
    over,
    handlers: {
      onDragEnter: (e: DragEvent) => {
        if (!take(e)) return;
        depth.current++;
        setOver(true);
      },
      onDragOver: take,
      onDragLeave: (e: DragEvent) => {
        if (take(e) && --depth.current <= 0) leave();
      },
      onDrop: (e: DragEvent) => {
        if (!take(e)) return;
        leave();
        onFiles?.((e.dataTransfer as DataTransfer).files);
      },
    },
  };
}
