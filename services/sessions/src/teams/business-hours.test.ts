import type { TeamHours } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { isOpen, localTime, nextOpening } from './business-hours.js';

const weekdays = {
  mon: [['09:00', '17:00']],
  tue: [['09:00', '17:00']],
  wed: [
    ['09:00', '12:00'],
    ['13:00', '17:00'],
  ],
  thu: [['09:00', '17:00']],
  fri: [['09:00', '15:30']],
} as TeamHours['weekly'];
const berlin: TeamHours = { timezone: 'Europe/Berlin', weekly: weekdays, holidays: ['2026-12-24', '2026-12-25'] };

describe('business hours', () => {
  it('reads the local time of the team’s zone, daylight saving time included', () => {
    expect(localTime('Europe/Berlin', new Date('2026-12-07T08:00:00Z'))).toEqual({ weekday: 'mon', date: '2026-12-07', minute: 9 * 60 });
    // Summer: Berlin is UTC+2.
    expect(localTime('Europe/Berlin', new Date('2026-07-06T07:00:00Z'))).toEqual({ weekday: 'mon', date: '2026-07-06', minute: 9 * 60 });
    // Across midnight: Sunday evening in New York is Monday in UTC.
    expect(localTime('America/New_York', new Date('2026-12-07T03:00:00Z'))).toEqual({ weekday: 'sun', date: '2026-12-06', minute: 22 * 60 });
  });

  it('is open within a span and closed at its end, at lunch, at weekends and on holidays', () => {
    expect(isOpen(berlin, new Date('2026-12-07T07:59:00Z'))).toBe(false);
    expect(isOpen(berlin, new Date('2026-12-07T08:00:00Z'))).toBe(true);
    expect(isOpen(berlin, new Date('2026-12-07T15:59:00Z'))).toBe(true);
    expect(isOpen(berlin, new Date('2026-12-07T16:00:00Z'))).toBe(false);
    expect(isOpen(berlin, new Date('2026-12-09T11:30:00Z'))).toBe(false); // Wednesday 12:30, lunch
    expect(isOpen(berlin, new Date('2026-12-12T10:00:00Z'))).toBe(false); // Saturday
    expect(isOpen(berlin, new Date('2026-12-24T10:00:00Z'))).toBe(false); // a holiday, a Thursday
    expect(isOpen(null, new Date('2026-12-24T10:00:00Z'))).toBe(true);
  });

  it('says when it opens next, to the minute, across lunch, weekends, holidays and a clock change', () => {
    expect(nextOpening(berlin, new Date('2026-12-07T06:17:00Z'))?.toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(nextOpening(berlin, new Date('2026-12-09T11:10:00Z'))?.toISOString()).toBe('2026-12-09T12:00:00.000Z');
    // Friday after 15:30 → Monday 09:00.
    expect(nextOpening(berlin, new Date('2026-12-11T15:00:00Z'))?.toISOString()).toBe('2026-12-14T08:00:00.000Z');
    // Wednesday 23 December evening: Thursday and Friday are holidays... Friday 25th is one, so Monday 28th.
    expect(nextOpening(berlin, new Date('2026-12-23T17:00:00Z'))?.toISOString()).toBe('2026-12-28T08:00:00.000Z');
    // The weekend the clocks go forward (29 March 2026): Monday 09:00 is 07:00 UTC.
    expect(nextOpening(berlin, new Date('2026-03-28T12:00:00Z'))?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(nextOpening({ timezone: 'UTC', weekly: {}, holidays: [] }, new Date('2026-12-07T08:00:00Z'))).toBeNull();
  });
});
