import type { Escalation } from './api';

/** About how long: minutes, rounded up, or "less than a minute". */
function roughly(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.ceil(seconds / 60);
  return `about ${minutes} min`;
}

/**
 * Where the visitor's request for a person stands: their place in the queue and the expected
 * wait while waiting, who is answering once someone is. Announced politely as it changes.
 */
export function EscalationBanner({ escalation, className = 'escalation' }: { escalation: Escalation | undefined; className?: string }) {
  if (!escalation || (escalation.state !== 'waiting' && escalation.state !== 'claimed')) return null;
  let text: string;
  if (escalation.state === 'claimed') text = `You are talking with ${escalation.operator?.name ?? 'a person'}.`;
  else if (escalation.position === null) text = 'Waiting for a person…';
  else {
    const place = escalation.position === 1 ? 'You are next' : `You are number ${escalation.position} in line`;
    const wait = escalation.estimated_wait_seconds === null ? '' : ` · ${roughly(escalation.estimated_wait_seconds)}`;
    text = `Waiting for a person. ${place}${wait}.`;
  }
  return (
    <p class={className} role="status">
      {text}
    </p>
  );
}
