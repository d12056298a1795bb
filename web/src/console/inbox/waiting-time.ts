import { t } from '../words';

/** How long since `iso`, as a person says it: "just now", "4 min", "1 h 5 min". */
export function waitedFor(iso: string, now: number): string {
  const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
  if (minutes < 1) return t('waited.justNow');
  if (minutes < 60) return t('waited.minutes', { minutes });
  return t('waited.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
}
