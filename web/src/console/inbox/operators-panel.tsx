import type { OperatorPresence, PresenceStatus } from '../api/management-api';
import { t } from '../words';

export const PRESENCE_LABEL: Record<OperatorPresence['status'], string> = {
  online: t('presence.online'),
  away: t('presence.away'),
  offline: t('presence.offline'),
};
const PRESENCE_BADGE: Record<OperatorPresence['status'], string> = { online: 'ok', away: 'warn', offline: 'off' };
const ORDER: OperatorPresence['status'][] = ['online', 'away', 'offline'];

/**
 * The signed-in member's own status (docs/escalation.md "Teams, presence and assignment"): online while their inbox is open,
 * or away – still reading, but offered nothing new.
 */
export function PresenceToggle(props: { status: PresenceStatus; busy: boolean; onChange(status: PresenceStatus): void }) {
  return (
    <fieldset class="presence-toggle">
      <legend class="sr-only">{t('presence.yours')}</legend>
      {(['online', 'away'] as const).map((status) => (
        <button
          key={status}
          type="button"
          aria-pressed={props.status === status}
          disabled={props.busy}
          onClick={() => props.status !== status && props.onChange(status)}
        >
          {PRESENCE_LABEL[status]}
        </button>
      ))}
    </fieldset>
  );
}

/** The operators (of the team shown, or all): who is online, away or offline, and how many conversations each has open. */
export function OperatorsList({ operators, ownMemberId }: { operators: OperatorPresence[]; ownMemberId: string | undefined }) {
  const sorted = [...operators].sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status) || a.name.localeCompare(b.name));
  return (
    <section class="operators" aria-labelledby="operators-title">
      <h2 id="operators-title">{t('presence.operators')}</h2>
      {sorted.length === 0 && <p class="muted">{t('presence.none')}</p>}
      <ul>
        {sorted.map((operator) => (
          <li key={operator.member_id} class="operator" data-member-id={operator.member_id}>
            <span class="name">
              {operator.name}
              {operator.member_id === ownMemberId && <span class="muted"> {t('members.you')}</span>}
            </span>
            <span class={`badge ${PRESENCE_BADGE[operator.status]}`}>{PRESENCE_LABEL[operator.status]}</span>
            <span class="muted open-count">{t('presence.open', { count: operator.open })}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
