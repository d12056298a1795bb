import type { InboxItem } from '../api/management-api';
import { BASE, navigate } from '../shell/router';
import { t } from './inbox-words';
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

/** How many of the visitor's messages are unread, as a badge (nothing when none). */
export function UnreadBadge(props: { count: number | null }) {
  if (!props.count) return null;
  return (
    <span class="unread" title={t('inbox.unread', { count: props.count })}>
      <span aria-hidden="true">{t.number(props.count)}</span>
      <span class="sr-only">{t('inbox.unread', { count: props.count })}</span>
    </span>
  );
}

/** A conversation's labels, as chips. */
export function Labels(props: { labels: string[] }) {
  if (props.labels.length === 0) return null;
  return (
    <ul class="labels" aria-label={t('conversation.labels')}>
      {props.labels.map((label) => (
        <li key={label} class="label-chip">
          {label}
        </li>
      ))}
    </ul>
  );
}

/**
 * One escalated conversation in the list: who the visitor is and how many of their messages are
 * unread, its state (its place, whom it is offered to), how long it has waited or who has it, why
 * it came, its team and labels, whether the visitor left an email (answers go by mail too), a
 * transfer's note while it is offered, and the visitor's last message or their typing. Opens beside
 * the list.
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
      <span class="who-line">
        <strong class="visitor-name">{item.visitor.name ?? item.visitor.email ?? t('inbox.anonymous')}</strong>
        <UnreadBadge count={item.unread} />
      </span>
      <span class="inbox-top">
        <span class={`badge ${BADGE[item.state] ?? 'off'}`}>{stateText(item, props.mine)}</span>
        <span class="muted">
          {item.state === 'waiting' || item.state === 'assigned'
            ? t('inbox.waited', { time: waitedFor(item.waiting_since, now) })
            : (item.operator?.name ?? '')}
        </span>
      </span>
      <span class="muted preview">{typing ? t('inbox.typing') : (item.preview ?? t('inbox.noPreview'))}</span>
      <span class="reason">{item.reason}</span>
      {props.notice && <span class="entry-notice">{props.notice}</span>}
      {(item.team || item.offline) && (
        <span class="inbox-tags">
          {item.team && <span class="muted">{t('inbox.teamTag', { team: item.team.name })}</span>}
          {item.offline && <span class="badge offline">{t('inbox.offlineTag')}</span>}
        </span>
      )}
      <Labels labels={item.labels} />
    </a>
  );
}
