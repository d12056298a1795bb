import { t } from '../words';

/** A timestamp as the person's locale writes it; '—' for none. */
export const when = (iso: string | null | undefined): string => (iso ? t.date(iso) : '—');

/** The person's own time zone (`Europe/Berlin`), as the browser knows it. */
export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** A timestamp in another time zone (a schedule's), in the person's locale. */
export const whenIn = (iso: string, timeZone: string): string => t.date(iso, { dateStyle: 'medium', timeStyle: 'short', timeZone });
