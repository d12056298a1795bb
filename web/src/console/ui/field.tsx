import type { ComponentChildren, JSX } from 'preact';
import { type FieldProblem, FieldProblems } from './problem';

/** What a field's control carries so that its label, hint and problems are its own. */
export interface FieldAria {
  id: string;
  'aria-invalid': 'true' | undefined;
  'aria-describedby': string | undefined;
}

/**
 * One field of a form: its label, its control (given `aria` to spread on it), a hint under it and
 * the problems a refusal names for it – the control described by the hint and the problems, and
 * invalid while there are any. The hint's id is `{id}-hint`, the problems' `{id}-problem`.
 */
export function Field({
  id,
  label,
  hint,
  problems = [],
  wide = false,
  control,
}: {
  id: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  problems?: FieldProblem[];
  /** Across the form's grid. */
  wide?: boolean;
  control(aria: FieldAria): JSX.Element;
}) {
  const describedBy = [hint ? `${id}-hint` : '', problems.length > 0 ? `${id}-problem` : ''].filter(Boolean).join(' ');
  return (
    <div class={wide ? 'field wide' : 'field'}>
      <label for={id}>{label}</label>
      {control({ id, 'aria-invalid': problems.length > 0 ? 'true' : undefined, 'aria-describedby': describedBy || undefined })}
      {hint && (
        <small id={`${id}-hint`} class="muted">
          {hint}
        </small>
      )}
      <FieldProblems problems={problems} id={`${id}-problem`} />
    </div>
  );
}
