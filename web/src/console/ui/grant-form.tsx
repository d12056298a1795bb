import type { ComponentChildren } from 'preact';
import { ROLE_HINT, type Role, rolesUpTo } from '../shell/roles';
import { t } from '../words';
import { Problem } from './problem';

/** What every grant of access names: whom or what it is for, and the role it gives. */
export interface Grant {
  name: string;
  role: Role;
}

/**
 * The form that gives a role to someone or something new – a member, an API key: a name and a role
 * no higher than the owner's own (docs/management-api.md, "Roles"), between the panel's own fields
 * (`before` them, and `children` after), then the refusal, and the submit and cancel buttons.
 */
export function GrantForm<G extends Grant>(props: {
  /** What the form makes ("key", "member"): the prefix of its fields' ids and its title's. */
  kind: string;
  title: string;
  /** The role of whoever fills it in: the highest the form offers. */
  held: Role;
  grant: G;
  onGrant(next: NoInfer<G>): void;
  before?: ComponentChildren;
  children?: ComponentChildren;
  error: unknown;
  busy: boolean;
  /** Whether the panel's own required fields are filled in (the name always must be). */
  complete?: boolean;
  submitLabel: string;
  onSubmit(event: Event): void;
  onCancel(): void;
}) {
  const { kind, grant, onGrant } = props;
  return (
    <form class="link-form stack" onSubmit={props.onSubmit} aria-labelledby={`new-${kind}-title`}>
      <h3 id={`new-${kind}-title`}>{props.title}</h3>
      <div class="grid">
        {props.before}
        <div class="field">
          <label for={`${kind}-name`}>{t('common.name')}</label>
          <input
            id={`${kind}-name`}
            value={grant.name}
            maxLength={100}
            required
            onInput={(e) => onGrant({ ...grant, name: (e.target as HTMLInputElement).value })}
          />
        </div>
        <div class="field">
          <label for={`${kind}-role`}>{t('common.role')}</label>
          <select id={`${kind}-role`} value={grant.role} onChange={(e) => onGrant({ ...grant, role: (e.target as HTMLSelectElement).value as Role })}>
            {rolesUpTo(props.held).map((r) => (
              <option key={r} value={r}>
                {r} – {ROLE_HINT[r]}
              </option>
            ))}
          </select>
        </div>
        {props.children}
      </div>
      <Problem error={props.error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={props.busy || !grant.name.trim() || props.complete === false}>
          {props.submitLabel}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
