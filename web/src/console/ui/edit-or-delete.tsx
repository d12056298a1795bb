import { t } from '../words';
import { ConfirmAction } from './confirm-action';

/**
 * A row's Edit and Delete, its name read after each for screen readers; Delete asked twice, with
 * Keep beside its second click. `asking`, `onAsk` and `onCancel` come from `useAsking`.
 */
export function EditOrDelete(props: {
  /** The edit button's verb as the page says it. */
  editLabel: string;
  /** Whose row it is, read after each label. */
  subject: string;
  onEdit(): void;
  asking: boolean;
  busy: boolean;
  onAsk(): void;
  onCancel(): void;
  onDelete(): void;
}) {
  return (
    <div class="row-actions">
      <button type="button" onClick={props.onEdit}>
        {props.editLabel}
        <span class="sr-only"> {props.subject}</span>
      </button>
      <ConfirmAction
        asking={props.asking}
        onAsk={props.onAsk}
        onCancel={props.onCancel}
        label={t('common.delete')}
        subject={props.subject}
        busy={props.busy}
        cancellable
        onConfirm={props.onDelete}
      />
    </div>
  );
}
