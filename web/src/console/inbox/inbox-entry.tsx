import type { InboxItem } from '../api/management-api';
import { BASE, navigate } from '../shell/router';
import { t } from '../words';
import { waitedFor } from './waiting-time';

/** A visitor's typing shows this long after their last keystroke was reported. */
export const TYPING_MS = 5_000;

/** An item's state as the list says it: its place while waiting, whom it is offered to, or the state itself. */
export function stateText(item: InboxItem, mine: boolean): string {
  if (item.state === 'waiting') return item.position !== null ? t('inbox.place', { position: item.position }) : t('inbox.waitingState');
  if (item.state === 'assigned') return mine ? t('inbox.offeredToYou') : t('inbox.offeredTo', { name: item.operator?.name ?? t('conversation.someone') });
  return item.state;
}

const BADGE: Partial<Record<InboxItem['state'], string>> = { waiting: 'warn', assigned: 'warn', claimed: 'ok' };

/**
 * One escalated conversation in the list: its state (its place, whom it is offered to), how long
 * it has waited or who has it, its team, whether the visitor left an email (answers go by mail
 * too), a transfer's note while it is offered, and its latest message or the visitor's typing.
 * Opens beside the list.
 */
export function InboxEntry(props: {
  item: InboxItem;
  mine: boolean;
  current: boolean;
  now: number;
  typingAt: number | undefined;
  /** The platform's latest word to operators on it (who transferred it, and their note), shown with it while offered. */
  notice?: string | undefined;
}) {
  const { item, now } = props;
  const path = `${BASE}/inbox/${encodeURIComponent(item.escalation_id)}`;
  const typing = props.typingAt !== undefined && now - props.typingAt < TYPING_MS;
  return (
    <a
      href={path}
      aria-current={props.current ? 'true' : undefined}
      data-escalation-id={item.escalation_id}
      onClick={(event) => {
        event.preventDefault();
        navigate(path);
      }}
    >
      <span class="inbox-top">
        <span class={`badge ${BADGE[item.state] ?? 'off'}`}>{stateText(item, props.mine)}</span>
        <span class="muted">
          {item.state === 'waiting' || item.state === 'assigned'
            ? t('inbox.waited', { time: waitedFor(item.waiting_since, now) })
            : (item.operator?.name ?? '')}
        </span>
      </span>
      <strong>{item.reason}</strong>
      {props.notice && <span class="entry-notice">{props.notice}</span>}
      {(item.team || item.offline) && (
        <span class="inbox-tags">
          {item.team && <span class="muted">{t('inbox.teamTag', { team: item.team.name })}</span>}
          {item.offline && <span class="badge offline">{t('inbox.offlineTag')}</span>}
        </span>
      )}
      <span class="muted last">{typing ? t('inbox.typing') : (item.last_message ?? '')}</span>
    </a>
  );
}
