import { type Escalation, isEscalated } from './api';
import { useWords, type VisitorWords } from './words';

/** About how long: minutes, rounded up, or "less than a minute". */
function roughly(t: VisitorWords, seconds: number): string {
  if (seconds < 60) return t('person.lessThanMinute');
  return t('person.aboutMinutes', { minutes: t('time.minutes', { count: Math.ceil(seconds / 60) }) });
}

/** While waiting: for a person, or for the team the conversation went to; with the place in the queue and the expected wait when known. */
function waitingText(t: VisitorWords, escalation: Escalation): string {
  const team = escalation.team;
  if (escalation.position === null) return team ? t('person.waitingTeam', { team }) : t('person.waiting');
  const place = escalation.position === 1 ? t('person.next') : t('person.position', { position: escalation.position });
  if (escalation.estimated_wait_seconds === null) return team ? t('person.waitingTeamAt', { team, place }) : t('person.waitingAt', { place });
  const wait = roughly(t, escalation.estimated_wait_seconds);
  return team ? t('person.waitingTeamAtFor', { team, place, wait }) : t('person.waitingAtFor', { place, wait });
}

/**
 * Where the visitor's request for a person stands: their place in the queue and the expected
 * wait while waiting (for a team, when it goes to one), the person it is offered to, and who is
 * answering once someone is. Announced politely as it changes.
 */
export function EscalationBanner({ escalation, className = 'escalation' }: { escalation: Escalation | undefined; className?: string }) {
  const t = useWords();
  if (!escalation || !isEscalated(escalation)) return null;
  const name = escalation.operator?.name ?? t('person.someone');
  const text =
    escalation.state === 'claimed'
      ? t('person.talkingWith', { name })
      : escalation.state === 'assigned'
        ? t('person.assigned', { name })
        : waitingText(t, escalation);
  return (
    <p class={className} role="status">
      {text}
    </p>
  );
}
