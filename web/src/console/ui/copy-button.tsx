import { useState } from 'preact/hooks';
import { t } from '../words';

/**
 * Copying to the clipboard and what to say of it after: "Copied", or – where the browser refuses –
 * `refused`, which says what to select and copy instead (the text, unless a page names it).
 */
export function useCopy(refused = t('common.copyRefused')) {
  const [said, setSaid] = useState<string>();
  const copy = (text: string) =>
    navigator.clipboard.writeText(text).then(
      () => setSaid(t('common.copied')),
      () => setSaid(refused),
    );
  return { said, copy };
}

/**
 * Copies `text` to the clipboard, then says so beside the button – or, where the browser refuses,
 * `refused` (to select the text and copy it). `subject` follows the label for screen readers, so
 * several such buttons on a page stay tellable apart.
 */
export function CopyButton({ text, label, subject, primary, refused }: { text: string; label: string; subject?: string; primary?: boolean; refused?: string }) {
  const { said, copy } = useCopy(refused);
  return (
    <>
      <button type="button" class={primary ? 'primary' : undefined} onClick={() => void copy(text)}>
        {label}
        {subject && <span class="sr-only"> {subject}</span>}
      </button>
      {said && (
        <span role="status" class="muted">
          {said}
        </span>
      )}
    </>
  );
}
