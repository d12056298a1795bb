import type { Escalation } from './api';
import { useWords, type VisitorWords } from './words';

/** About how long: minutes, rounded up, or "less than a minute". */
function roughly(t: VisitorWords, seconds: number): string {
  if (seconds < 60) return t('person.lessThanMinute');
  return t('person.aboutMinutes', { minutes: t('time.minutes', { count: Math.ceil(seconds / 60) }) });
}

/**
 * Where the visitor's request for a person stands: their place in the queue and the expected
 * wait while waiting, who is answering once someone is. Announced politely as it changes.
 */
export function EscalationBanner({ escalation, className = 'escalation' }: { escalation: Escalation | undefined; className?: string }) {
  const t = useWords();
  if (!escalation || (escalation.state !== 'waiting' && escalation.state !== 'claimed')) return null;
  let text: string;
  if (escalation.state === 'claimed') text = t('person.talkingWith', { name: escalation.operator?.name ?? t('person.someone') });
  else if (escalation.position === null) text = t('person.waiting');
  else {
    const place = escalation.position === 1 ? t('person.next') : t('person.position', { position: escalation.position });
    text =
      escalation.estimated_wait_seconds === null
        ? t('person.waitingAt', { place })
        : t('person.waitingAtFor', { place, wait: roughly(t, escalation.estimated_wait_seconds) });
  }
  return (
    <p class={className} role="status">
      {text}
    </p>
  );
}
