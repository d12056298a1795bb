import type { FieldProblem } from './problem';
import { FieldProblems } from './problem';
import { t } from '../words';

/**
 * How a form sends the URLs it makes (docs/management-api.md "Sending links: email, Slack, Teams,
 * SMS"): not at all, by email, or as text messages to a phone number.
 */
export type SendBy = 'none' | 'email' | 'sms';

/** E.164 as the console checks it before asking: `+`, then 8 to 15 digits, the first not 0 (the server checks it again). */
const E164 = /^\+[1-9][0-9]{7,14}$/;

/** What is wrong with a typed phone number, in the console's words; undefined when it is one. */
export function phoneProblem(typed: string): string | undefined {
  return E164.test(typed.trim()) ? undefined : t('send.phoneInvalid');
}

/** The channel a form's choice sends by: an SMS channel's `to` is the number typed, trimmed. */
export function smsChannel(typed: string): { type: 'sms'; to: string } {
  return { type: 'sms', to: typed.trim() };
}

/**
 * The attributes each kind of address adds to its input: one object per kind, as Preact's input
 * types allow each type its own attributes. A number's example is its form, typed as it is in any language.
 */
const INPUT_KINDS = {
  email: { type: 'email', autocomplete: 'email' },
  tel: { type: 'tel', autocomplete: 'tel', placeholder: '+14155550123' },
} as const;

/** The field where the address or number is typed, when the chosen way takes one. */
export interface SendAddress {
  label: string;
  hint: string;
  kind: 'email' | 'tel';
}

/**
 * The choice of how to send, and the address or phone number when the choice takes one. A
 * number the console finds wrong (`problem`) or one the server refused (`refused`) shows under
 * the field, tied to it for assistive technology.
 */
export function SendToFields({
  id,
  label,
  choices,
  by,
  onBy,
  address,
  to,
  onTo,
  problem,
  refused = [],
}: {
  /** The fields' ids start with it: `{id}-by`, `{id}-to`. */
  id: string;
  label: string;
  choices: readonly (readonly [SendBy, string])[];
  by: SendBy;
  onBy(by: SendBy): void;
  address: SendAddress | undefined;
  to: string;
  onTo(to: string): void;
  problem: string | undefined;
  refused?: FieldProblem[];
}) {
  const invalid = problem !== undefined || refused.length > 0;
  const describedBy = [`${id}-to-hint`, problem ? `${id}-to-check` : '', refused.length > 0 ? `${id}-to-problem` : ''].filter(Boolean).join(' ');
  return (
    <div class="grid send-to">
      <div class="field">
        <label for={`${id}-by`}>{label}</label>
        <select id={`${id}-by`} value={by} onChange={(e) => onBy((e.target as HTMLSelectElement).value as SendBy)}>
          {choices.map(([value, words]) => (
            <option key={value} value={value}>
              {words}
            </option>
          ))}
        </select>
      </div>
      {address && (
        <div class="field">
          <label for={`${id}-to`}>{address.label}</label>
          <input
            id={`${id}-to`}
            {...INPUT_KINDS[address.kind]}
            value={to}
            onInput={(e) => onTo((e.target as HTMLInputElement).value)}
            aria-invalid={invalid ? 'true' : undefined}
            aria-describedby={describedBy}
          />
          <small id={`${id}-to-hint`} class="muted">
            {address.hint}
          </small>
          {problem && (
            <p class="problem field-check" id={`${id}-to-check`} role="alert">
              {problem}
            </p>
          )}
          <FieldProblems problems={refused} id={`${id}-to-problem`} />
        </div>
      )}
    </div>
  );
}
