import { useEffect, useState } from 'preact/hooks';
import { t } from './words';

/**
 * How long an operator has to accept what is offered to them: the platform's default
 * ASSIGNMENT_TIMEOUT_SECONDS (docs/api.md "Teams, presence and assignment"). The inbox item says when it was offered,
 * not until when; a platform configured otherwise moves it on at its own time, and the list
 * follows the server's event, whatever this clock showed.
 */
export const ACCEPT_WITHIN_MS = 60_000;

/** Seconds left to accept an offer made at `assignedAt`, never below zero. */
export const secondsLeft = (assignedAt: string, now: number): number => Math.max(0, Math.ceil((Date.parse(assignedAt) + ACCEPT_WITHIN_MS - now) / 1000));

/**
 * The time left to accept, counting down each second ("0:42 left to accept"); at zero it says the
 * offer is moving on. Read out only when asked (not every second): `role="timer"` is not live.
 */
export function OfferCountdown({ assignedAt }: { assignedAt: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const left = secondsLeft(assignedAt, now);
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <span class="countdown" role="timer" data-seconds-left={left}>
      {left > 0 ? t('inbox.acceptWithin', { time: clock }) : t('inbox.movingOn')}
    </span>
  );
}
