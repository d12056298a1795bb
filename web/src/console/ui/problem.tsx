import { ApiError } from '../../chat/api';
import { t } from '../words';

export interface FieldProblem {
  path: string;
  message: string;
}

/** The fields a validation refusal names (`details: [{path, message}]`), if any. */
export function fieldProblems(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details.fields)) return [];
  return (error.details.fields as unknown[]).filter(
    (field): field is FieldProblem => typeof field === 'object' && field !== null && typeof (field as FieldProblem).path === 'string',
  );
}

/**
 * A refusal for want of a role (403 `forbidden` with `details.required_role`, docs/management-api.md
 * "Roles"), as the person reads it: their role and the one it needs.
 */
function roleRefusal(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || error.status !== 403 || typeof error.details.required_role !== 'string') return undefined;
  const held = typeof error.details.role === 'string' ? error.details.role : undefined;
  const required = error.details.required_role;
  return held ? t('role.refusal', { role: held, required }) : t('role.refusalUnknown', { required });
}

export const messageOf = (error: unknown): string => roleRefusal(error) ?? (error instanceof Error ? error.message : String(error));

/** A refusal as the person reads it: the server's message, then each field it names with its path. */
export function Problem({ error, id }: { error: unknown; id?: string }) {
  if (error === undefined) return null;
  const fields = fieldProblems(error);
  const message = messageOf(error);
  // A message that only repeats the one field it names says nothing the list does not.
  const repeats = fields.length === 1 && fields[0] !== undefined && message.includes(fields[0].path);
  return (
    <div class="problem" role="alert" id={id}>
      <p>{repeats ? t('problem.refused') : message}</p>
      {fields.length > 0 && (
        <ul>
          {fields.map((field) => (
            <li key={`${field.path}:${field.message}`}>
              <code class="path">{field.path}</code> {field.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The problems a refusal names for one field, under it: the field's `aria-describedby` points at
 * `id`, and the form's announced summary says there is something to fix.
 */
export function FieldProblems({ problems, id }: { problems: FieldProblem[]; id: string }) {
  if (problems.length === 0) return null;
  return (
    <ul class="problem field-problems" id={id}>
      {problems.map((field) => (
        <li key={`${field.path}:${field.message}`}>
          <code class="path">{field.path}</code> {field.message}
        </li>
      ))}
    </ul>
  );
}
