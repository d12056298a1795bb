import { AppError } from '@parley/contracts';
import { Cron } from 'croner';

/**
 * A schedule's slots: the instants its five-field cron matches, read in its IANA time zone, so
 * `0 9 * * 1-5` in Europe/Berlin is 08:00Z in winter and 07:00Z in summer. croner does the
 * calendar and DST arithmetic (a 09:00 that does not exist runs at the first time after the gap;
 * one that occurs twice runs once).
 */
export class CronSlots {
  private readonly cron: Cron;

  private constructor(cron: Cron) {
    this.cron = cron;
  }

  /** The cron in the zone, or AppError('invalid') naming `timezone` or `cron`. */
  static of(cron: string, timezone: string): CronSlots {
    try {
      // Intl knows the IANA names croner will convert with; an unknown one throws a RangeError.
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      throw invalid('timezone', `unknown time zone "${timezone}" (an IANA name such as Europe/Berlin)`);
    }
    let parsed: Cron;
    try {
      // Without a callback croner schedules nothing: it is used here only to compute slots.
      parsed = new Cron(cron, { timezone, mode: '5-part' });
    } catch (error) {
      throw invalid('cron', `${(error as Error).message.replace(/^CronPattern: /, '')} (five fields: minute hour day month weekday)`);
    }
    return new CronSlots(parsed);
  }

  /** Like `of`, and refuses a cron that never matches again (`0 0 31 2 *`). */
  static runnable(cron: string, timezone: string, now: Date): CronSlots {
    const slots = CronSlots.of(cron, timezone);
    if (slots.after(now) === null) throw invalid('cron', 'the expression never matches');
    return slots;
  }

  /** The first slot strictly after `instant`; null when there is none. */
  after(instant: Date): Date | null {
    return this.cron.nextRun(instant);
  }

  /** `first` (a slot) and the slots after it up to `now`, oldest first, at most `cap` of them. */
  upTo(first: Date, now: Date, cap: number): Date[] {
    const slots: Date[] = [];
    for (let slot: Date | null = first; slot !== null && slot <= now && slots.length < cap; slot = this.after(slot)) slots.push(slot);
    return slots;
  }
}

const invalid = (path: string, message: string) => new AppError('invalid', `${path}: ${message}`, { details: [{ path, message }] });
