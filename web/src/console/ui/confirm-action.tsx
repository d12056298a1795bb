import { useState } from 'preact/hooks';
import { t } from '../words';

/**
 * A row's destructive action, asked twice: the first click turns the button into "Confirm …"
 * (with "Keep" beside it when `cancellable`), the second does it. The row's name follows each
 * label for screen readers, so a table of them stays tellable apart.
 */
export function ConfirmAction(props: {
  /** The action's verb as its button says it: "Revoke", "Remove", "Delete". */
  label: string;
  /** The second click's words when "Confirm" and the verb would not say it ("Confirm new URL"). */
  confirmLabel?: string;
  /** Whose row it is, read after the label. */
  subject: string;
  asking: boolean;
  busy: boolean;
  cancellable?: boolean;
  onAsk: () => void;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const named = (text: string) => (
    <>
      {text}
      <span class="sr-only"> {props.subject}</span>
    </>
  );
  if (!props.asking) {
    return (
      <button type="button" onClick={props.onAsk}>
        {named(props.label)}
      </button>
    );
  }
  return (
    <>
      <button
        type="button"
        class="danger"
        disabled={props.busy}
        onClick={() => {
          props.onCancel();
          props.onConfirm();
        }}
      >
        {named(props.confirmLabel ?? t('confirm.ask', { action: props.label.toLowerCase() }))}
      </button>
      {props.cancellable && (
        <button type="button" onClick={props.onCancel}>
          {named(t('confirm.keep'))}
        </button>
      )}
    </>
  );
}

/**
 * Which row's action of a list waits for its second click – one at a time: asking on another row
 * forgets the first. `ask(key)` gives the `asking`, `onAsk` and `onCancel` of that row's
 * ConfirmAction (a key per action where a row has two).
 */
export function useAsking<Key>() {
  const [asking, setAsking] = useState<Key>();
  return (key: Key) => ({ asking: asking === key, onAsk: () => setAsking(key), onCancel: () => setAsking(undefined) });
}
