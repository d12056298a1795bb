import type { TeamHours, Weekday } from '../api/management-api';

/** The days of a team's week, as its hours name them, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const satisfies readonly Weekday[];

/** One opening span as the form edits it: two `HH:MM` times, as time inputs give them. */
export type Span = [opens: string, closes: string];

/** A team's hours while they are being edited: every day present (an empty one is closed). */
export interface HoursDraft {
  timezone: string;
  weekly: Record<Weekday, Span[]>;
  holidays: string[];
}

/** What a new team's hours start from: weekdays nine to five, in the person's own time zone. */
export function defaultHours(timezone: string): HoursDraft {
  const office: Span[] = [['09:00', '17:00']];
  return {
    timezone,
    weekly: { mon: office, tue: office, wed: office, thu: office, fri: office, sat: [], sun: [] },
    holidays: [],
  };
}

/**
 * Stored hours as the form edits them. A span that runs to midnight is stored as closing at
 * `24:00`, which a time input cannot show: it shows `00:00`, and saving turns it back.
 */
export function draftOf(hours: TeamHours): HoursDraft {
  const weekly = Object.fromEntries(
    WEEKDAYS.map((day) => [day, (hours.weekly[day] ?? []).map(([opens, closes]): Span => [opens, closes === '24:00' ? '00:00' : closes])]),
  ) as Record<Weekday, Span[]>;
  return { timezone: hours.timezone, weekly, holidays: [...hours.holidays] };
}

/** The hours to send: days without spans left out, a span closing at 00:00 closing at midnight, holidays in order and once each. */
export function hoursOf(draft: HoursDraft): TeamHours {
  const weekly: TeamHours['weekly'] = {};
  for (const day of WEEKDAYS) {
    const spans = draft.weekly[day];
    if (spans.length > 0) weekly[day] = spans.map(([opens, closes]) => [opens, closes === '00:00' ? '24:00' : closes]);
  }
  return { timezone: draft.timezone, weekly, holidays: [...new Set(draft.holidays)].sort() };
}

/**
 * The time zones to choose from: every one the browser knows, and the given one too (a zone
 * stored by another browser, or `UTC`, which some browsers list under another name).
 */
export function timeZones(current: string): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return known.includes(current) ? known : [current, ...known];
}

/** A weekday's name in `locale` (`Monday`, `lundi`): 1 January 2024 was a Monday. */
export function weekdayName(day: Weekday, locale: string, width: 'long' | 'short' = 'long'): string {
  const date = new Date(Date.UTC(2024, 0, 1 + WEEKDAYS.indexOf(day), 12));
  return new Intl.DateTimeFormat(locale, { weekday: width, timeZone: 'UTC' }).format(date);
}
