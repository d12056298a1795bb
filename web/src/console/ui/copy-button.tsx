import { useState } from 'preact/hooks';
import { t } from '../words';

/**
 * Copies `text` to the clipboard, then says so beside the button – or, where the browser refuses,
 * to select the text and copy it. `subject` follows the label for screen readers, so several such
 * buttons on a page stay tellable apart.
 */
export function CopyButton({ text, label, subject, primary }: { text: string; label: string; subject?: string; primary?: boolean }) {
  const [said, setSaid] = useState<string>();
  return (
    <>
      <button
        type="button"
        class={primary ? 'primary' : undefined}
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setSaid(t('common.copied')),
            () => setSaid(t('common.copyRefused')),
          )
        }
      >
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
