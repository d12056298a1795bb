import type { TeamHours, Weekday } from '@parley/contracts';

/**
 * A team's business hours (docs/escalation.md "Teams, presence and assignment"): open in its time zone during the weekly spans, except on its holidays.
 * Local time comes from Intl, so daylight saving time is the time zone's own.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_OF: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The local weekday, date (YYYY-MM-DD) and minute of the day at `at` in `timeZone`. */
export function localTime(timeZone: string, at: Date): { weekday: Weekday; date: string; minute: number } {
  const parts: Record<string, string> = {};
  for (const part of formatterOf(timeZone).formatToParts(at)) parts[part.type] = part.value;
  return {
    weekday: WEEKDAY_OF[parts.weekday ?? 'Mon'] ?? 'mon',
    date: `${parts.year}-${parts.month}-${parts.day}`,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether the hours are open at `at`; no hours: always open. */
export function isOpen(hours: TeamHours | null | undefined, at: Date): boolean {
  if (!hours) return true;
  const local = localTime(hours.timezone, at);
  if (hours.holidays.includes(local.date)) return false;
  return (hours.weekly[local.weekday] ?? []).some(([from, to]) => local.minute >= minutesOf(from) && local.minute < minutesOf(to));
}

const STEP_MS = 30 * 60_000;
const HORIZON_MS = 15 * 86_400_000;

/**
 * When the hours next open after `at` (to the minute), or null when they do not within 15 days
 * (a holiday season, or no spans at all). Steps half an hour at a time, then back minute by minute.
 */
export function nextOpening(hours: TeamHours | null | undefined, at: Date): Date | null {
  if (!hours) return at;
  if (isOpen(hours, at)) return at;
  const start = Math.ceil(at.getTime() / 60_000) * 60_000;
  for (let time = start; time <= start + HORIZON_MS; time += STEP_MS) {
    if (!isOpen(hours, new Date(time))) continue;
    let first = time;
    while (first - 60_000 > at.getTime() && isOpen(hours, new Date(first - 60_000))) first -= 60_000;
    return new Date(first);
  }
  return null;
}
