import { describe, expect, it } from 'vitest';
import { defaultHours, draftOf, hoursOf, timeZones, weekdayName } from './team-hours';

describe("a team's business hours in the form", () => {
  it('starts at weekdays nine to five in the given zone, and sends only the open days', () => {
    const hours = hoursOf(defaultHours('Europe/Lisbon'));
    expect(hours).toEqual({
      timezone: 'Europe/Lisbon',
      weekly: { mon: [['09:00', '17:00']], tue: [['09:00', '17:00']], wed: [['09:00', '17:00']], thu: [['09:00', '17:00']], fri: [['09:00', '17:00']] },
      holidays: [],
    });
  });

  it('shows a span to midnight as closing at 00:00, and sends it as 24:00 again', () => {
    const stored = { timezone: 'America/New_York', weekly: { sat: [['18:00', '24:00'] as [string, string]] }, holidays: ['2026-12-25'] };
    const draft = draftOf(stored);
    expect(draft.weekly.sat).toEqual([['18:00', '00:00']]);
    expect(draft.weekly.mon).toEqual([]);
    expect(hoursOf(draft)).toEqual(stored);
  });

  it('sends holidays in order and once each', () => {
    const draft = { ...defaultHours('UTC'), holidays: ['2026-12-31', '2026-12-25', '2026-12-31'] };
    expect(hoursOf(draft).holidays).toEqual(['2026-12-25', '2026-12-31']);
  });

  it('offers every time zone the runtime knows, and a stored one it lists otherwise', () => {
    expect(timeZones('Europe/Berlin')).toContain('Europe/Berlin');
    expect(timeZones('Not/Listed')[0]).toBe('Not/Listed');
  });

  it("names the days in the person's language", () => {
    expect(weekdayName('mon', 'en')).toBe('Monday');
    expect(weekdayName('mon', 'fr')).toBe('lundi');
    expect(weekdayName('sun', 'en', 'short')).toBe('Sun');
  });
});
