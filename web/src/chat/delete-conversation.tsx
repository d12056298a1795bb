import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useWords } from './words';

interface Props {
  /** Erases the conversation; rejects (the caller shows why) when it could not. */
  onDelete(): Promise<void>;
  classes: { ask: string; confirm: string; cancel: string };
}

/**
 * "Delete this conversation" with a confirmation step: the first button only asks; the question
 * takes the focus (on "Keep it", the harmless answer), and "Delete" erases. Escape keeps it.
 */
export function DeleteConversation({ onDelete, classes }: Props) {
  const t = useWords();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  useLayoutEffect(() => {
    if (confirming) keep.current?.focus();
    else if (wasConfirming.current) ask.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  if (!confirming) {
    return (
      <button type="button" ref={ask} class={classes.ask} onClick={() => setConfirming(true)}>
        {t('delete.ask')}
      </button>
    );
  }
  const erase = async () => {
    setBusy(true);
    try {
      await onDelete();
    } catch {
      // The caller shows the error; the question goes away either way.
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };
  return (
    <fieldset
      class="confirm-delete"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          setConfirming(false);
        }
      }}
    >
      <legend>{t('delete.question')}</legend>
      <div class="confirm-actions">
        <button type="button" class={classes.confirm} disabled={busy} onClick={() => void erase()}>
          {t(busy ? 'delete.busy' : 'delete.confirm')}
        </button>
        <button type="button" ref={keep} class={classes.cancel} disabled={busy} onClick={() => setConfirming(false)}>
          {t('delete.keep')}
        </button>
      </div>
    </fieldset>
  );
}
