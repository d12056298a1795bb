import { useEffect, useState } from 'preact/hooks';
import { t } from '../words';

/**
 * Seconds left to accept an offer until `acceptBy` (the inbox item's `accept_by`, docs/escalation.md
 * "Teams, presence and assignment"), never below zero.
 */
export const secondsLeft = (acceptBy: string, now: number): number => Math.max(0, Math.ceil((Date.parse(acceptBy) - now) / 1000));

/**
 * The time left to accept, counting down each second ("0:42 left to accept"); at zero it says the
 * offer is moving on. Read out only when asked (not every second): `role="timer"` is not live.
 */
export function OfferCountdown({ acceptBy }: { acceptBy: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const left = secondsLeft(acceptBy, now);
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <span class="countdown" role="timer" data-seconds-left={left}>
      {left > 0 ? t('inbox.acceptWithin', { time: clock }) : t('inbox.movingOn')}
    </span>
  );
}
