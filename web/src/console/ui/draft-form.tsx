import { useState } from 'preact/hooks';
import { useApiCall } from '../api/use-api-call';
import { t } from '../words';
import { Problem } from './problem';

/**
 * A list whose rows are written in one form beside it: the draft (blank for a new row, or a row's
 * own with its id while it is edited), saved – added or changed, the form blank again – or a row
 * deleted (its draft dropped if it was open); each followed by the list read again and a notice
 * of what was done. `blank` is read when the form empties, so it may change between renders.
 */
export function useDraftForm<Draft extends { id?: string }>({
  blank,
  reload,
  onUnauthorized,
}: {
  blank: Draft;
  reload(): Promise<unknown>;
  onUnauthorized(): void;
}) {
  const [draft, setDraft] = useState<Draft>(blank);
  const [notice, setNotice] = useState<string>();
  const save = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  return {
    draft,
    setDraft,
    notice,
    save,
    change,
    /** Back to a blank form. */
    clear: () => setDraft(blank),
    /** The form's submit: `work` adds or changes the draft's row and says so. */
    submit: (work: () => Promise<string>) => (event: Event) => {
      event.preventDefault();
      setNotice(undefined);
      void save.run(async () => {
        setNotice(await work());
        setDraft(blank);
        await reload();
      });
    },
    /** Deletes row `id`: `work` deletes it and says so. */
    remove: (id: string, work: () => Promise<string>) =>
      change.run(async () => {
        setNotice(undefined);
        const done = await work();
        if (draft.id === id) setDraft(blank);
        await reload();
        setNotice(done);
      }),
  };
}

/**
 * The draft form's end: why saving was refused, then Save (for a row being edited) or Add, and
 * Cancel back to a blank form while a row is edited.
 */
export function DraftActions({
  form,
  ready,
  saveLabel,
  addLabel,
}: {
  form: Pick<ReturnType<typeof useDraftForm>, 'draft' | 'save' | 'clear'>;
  /** Whether the draft has what saving it needs. */
  ready: boolean;
  saveLabel: string;
  addLabel: string;
}) {
  return (
    <>
      <Problem error={form.save.error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={form.save.busy || !ready}>
          {form.draft.id ? saveLabel : addLabel}
        </button>
        {form.draft.id && (
          <button type="button" onClick={form.clear}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </>
  );
}
