import type { ComponentChildren, Ref } from 'preact';
import { pastedFiles } from './files/pasted-files';
import { useWords } from './words';

interface Props {
  /** The textarea's id, unique in its document (the widget shares the host page's). */
  id: string;
  text: string;
  onText(text: string): void;
  onSubmit(event: Event): void;
  /** A message is on its way: no second one until it is answered. */
  busy?: boolean;
  /** The Send button's class, from the page's or the widget's own sheet. */
  buttonClass: string;
  inputRef?: Ref<HTMLTextAreaElement>;
  /** Where a link takes files: the attach button, before the box. */
  attach?: ComponentChildren;
  /** Files pasted into the box (a link that takes files). */
  onFiles?(files: FileList): void;
  /** Whether there is something to send; by default, some text. */
  ready?: boolean;
}

/** The message box: Enter sends, Shift+Enter adds a line, and an Enter that ends an input method's composition does neither. */
export function Composer({ id, text, onText, onSubmit, busy = false, buttonClass, inputRef, attach, onFiles, ready = !!text.trim() }: Props) {
  const t = useWords();
  return (
    <form class="composer" onSubmit={onSubmit}>
      <label for={id} class="sr-only">
        {t('composer.label')}
      </label>
      {attach}
      <textarea
        id={id}
        ref={inputRef}
        rows={1}
        maxLength={10_000}
        placeholder={t('composer.placeholder')}
        value={text}
        onInput={(e) => onText((e.target as HTMLTextAreaElement).value)}
        onPaste={(e) => {
          const files = onFiles && pastedFiles(e);
          if (files) onFiles(files);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            (e.currentTarget.form as HTMLFormElement).requestSubmit();
          }
        }}
      />
      <button type="submit" class={buttonClass} disabled={busy || !ready}>
        {t('composer.send')}
      </button>
    </form>
  );
}
