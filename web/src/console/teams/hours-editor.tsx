import { useState } from 'preact/hooks';
import type { Weekday } from '../api/management-api';
import { t } from '../words';
import { type HoursDraft, type Span, timeZones, WEEKDAYS, weekdayName } from './team-hours';

/**
 * A team's business hours (docs/escalation.md "Teams, presence and assignment"): its time zone, each weekday's opening spans
 * (none: closed that day; a span closing at 00:00 runs to midnight) and its holidays, when it is
 * closed all day. Outside them, visitors who ask for a person may leave a message instead.
 */
export function HoursEditor({ hours, onChange }: { hours: HoursDraft; onChange(hours: HoursDraft): void }) {
  const [holiday, setHoliday] = useState('');
  const zones = timeZones(hours.timezone);
  const setDay = (day: Weekday, spans: Span[]) => onChange({ ...hours, weekly: { ...hours.weekly, [day]: spans } });
  const setTime = (day: Weekday, index: number, end: 0 | 1, value: string) =>
    setDay(
      day,
      hours.weekly[day].map((span, i): Span => (i === index ? (end === 0 ? [value, span[1]] : [span[0], value]) : span)),
    );
  const addHoliday = () => {
    if (!holiday || hours.holidays.includes(holiday)) return;
    onChange({ ...hours, holidays: [...hours.holidays, holiday].sort() });
    setHoliday('');
  };

  return (
    <div class="hours">
      <div class="field">
        <label for="team-zone">{t('teams.timezone')}</label>
        <select id="team-zone" value={hours.timezone} onChange={(e) => onChange({ ...hours, timezone: (e.target as HTMLSelectElement).value })}>
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </div>
      <p class="muted">{t('teams.spansHint')}</p>
      <ul class="week">
        {WEEKDAYS.map((day) => {
          const name = weekdayName(day, t.locale);
          const spans = hours.weekly[day];
          return (
            <li key={day} class="weekday" data-day={day}>
              <span class="day">{name}</span>
              <span class="spans">
                {spans.length === 0 && <span class="muted">{t('teams.closed')}</span>}
                {spans.map(([opens, closes], index) => (
                  <span class="span" key={index}>
                    <input
                      type="time"
                      value={opens}
                      required
                      aria-label={t('teams.opensOn', { day: name })}
                      onInput={(e) => setTime(day, index, 0, (e.target as HTMLInputElement).value)}
                    />
                    <span aria-hidden="true">–</span>
                    <input
                      type="time"
                      value={closes}
                      required
                      aria-label={t('teams.closesOn', { day: name })}
                      onInput={(e) => setTime(day, index, 1, (e.target as HTMLInputElement).value)}
                    />
                    <button
                      type="button"
                      class="quiet"
                      onClick={() =>
                        setDay(
                          day,
                          spans.filter((_, i) => i !== index),
                        )
                      }
                    >
                      {t('teams.removeSpan')}
                      <span class="sr-only"> {t('teams.spanOf', { day: name, opens, closes })}</span>
                    </button>
                  </span>
                ))}
              </span>
              <button type="button" onClick={() => setDay(day, [...spans, spans.length === 0 ? ['09:00', '17:00'] : [spans.at(-1)?.[1] ?? '13:00', '00:00']])}>
                {t('teams.addSpan')}
                <span class="sr-only"> {t('teams.on', { day: name })}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <div class="field">
        <label for="team-holiday">{t('teams.holiday')}</label>
        <span class="inline-field">
          <input id="team-holiday" type="date" value={holiday} onInput={(e) => setHoliday((e.target as HTMLInputElement).value)} />
          <button type="button" disabled={!holiday} onClick={addHoliday}>
            {t('teams.addHoliday')}
          </button>
        </span>
      </div>
      {hours.holidays.length > 0 && (
        <ul class="holidays" aria-label={t('teams.holidays')}>
          {hours.holidays.map((date) => {
            const shown = t.date(`${date}T12:00:00Z`, { dateStyle: 'medium', timeZone: 'UTC' });
            return (
              <li key={date}>
                <time dateTime={date}>{shown}</time>
                <button type="button" class="quiet" onClick={() => onChange({ ...hours, holidays: hours.holidays.filter((d) => d !== date) })}>
                  {t('teams.removeHoliday')}
                  <span class="sr-only"> {shown}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
