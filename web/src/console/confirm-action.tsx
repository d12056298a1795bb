import { t } from './words';

/**
 * A row's destructive action, asked twice: the first click turns the button into "Confirm …"
 * (with "Keep" beside it when `cancellable`), the second does it. The row's name follows each
 * label for screen readers, so a table of them stays tellable apart.
 */
export function ConfirmAction(props: {
  /** The action's verb as its button says it: "Revoke", "Remove", "Delete". */
  label: string;
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
        {named(t('confirm.ask', { action: props.label.toLowerCase() }))}
      </button>
      {props.cancellable && (
        <button type="button" onClick={props.onCancel}>
          {named(t('confirm.keep'))}
        </button>
      )}
    </>
  );
}
