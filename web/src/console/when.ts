const format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp as the person's locale writes it; '—' for none. */
export const when = (iso: string | null | undefined): string => (iso ? format.format(new Date(iso)) : '—');

/** The person's own time zone (`Europe/Berlin`), as the browser knows it. */
export const localZone = (): string => format.resolvedOptions().timeZone;

/** A timestamp in another time zone (a schedule's), in the person's locale. */
export const whenIn = (iso: string, timeZone: string): string => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(iso));
