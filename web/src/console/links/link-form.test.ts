import { createLinkBody, resolvedLinkSettings, templateSettings, updateLinkBody } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { changedSettings, EMPTY, fieldsOf, settingsOf } from './link-form';

/**
 * A link made in the console with the new-link form as it opens is the link the API makes when a
 * request gives only a title: every default of the form is the contract's (docs/management-api.md, "Public
 * links"), read from the contract's own schema here, so a default changed on one side fails.
 */

/** A link's settings as they count: `null` and left out mean the same for a nullable setting (none, or the platform's). */
function asMeant(settings: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== null && value !== undefined));
}

describe("the console's new-link form", () => {
  const title = 'Spoke & Chain front desk';
  const fromForm = settingsOf({ ...EMPTY, title });

  it('sends what the API takes', () => {
    expect(createLinkBody.safeParse(fromForm).error).toBeUndefined();
  });

  it('makes, untouched, the link the API makes from a title alone: every setting its default', () => {
    const api = resolvedLinkSettings.parse({ title });
    const form = resolvedLinkSettings.parse(fromForm);
    expect(asMeant(form)).toEqual(asMeant(api));
  });

  it('makes a link that never expires unless an expiry is typed; a blank expiry is never', () => {
    expect(EMPTY.expires_in_hours).toBe('');
    expect(fromForm).toMatchObject({ expires_at: null });
    expect(fromForm).not.toHaveProperty('expires_in_hours');
    expect(settingsOf({ ...EMPTY, title, expires_in_hours: '48' })).toMatchObject({ expires_in_hours: 48 });
  });

  it("leaves the rate limit to the platform's default when it is blank, as it is to begin with", () => {
    expect(fromForm).not.toHaveProperty('rate_limit_per_minute');
    expect(resolvedLinkSettings.parse(fromForm).rate_limit_per_minute).toEqual(resolvedLinkSettings.parse({ title }).rate_limit_per_minute);
    expect(settingsOf({ ...EMPTY, title, rate_limit_per_minute: '60' })).toMatchObject({ rate_limit_per_minute: 60 });
  });
});

describe("the console's link and template forms", () => {
  const link = resolvedLinkSettings.parse({
    title: 'Pier desk',
    max_sessions: 40,
    allowed_origins: ['https://ferries.example'],
    rate_limit_per_minute: 'adaptive',
    theme: { brand_color: '#0f766e' },
    uploads: { enabled: true },
    offer_person: 'after_unanswered:2',
  });

  it("opens a link's page with its settings, and sends nothing the person left alone", () => {
    const start = fieldsOf(link);
    expect(start).toMatchObject({ title: 'Pier desk', max_sessions: '40', allowed_origins: 'https://ferries.example', adaptive: true });
    expect(changedSettings(start, start)).toEqual({});
  });

  it('sends only what was changed, as the API names it', () => {
    const start = fieldsOf(link);
    const changed = changedSettings({ ...start, title: 'Pier desk (winter)', max_sessions: '', passcode: 'harbour-2026' }, start);
    expect(changed).toEqual({ title: 'Pier desk (winter)', max_sessions: null, passcode: 'harbour-2026' });
    expect(updateLinkBody.safeParse(changed).error).toBeUndefined();
  });

  it("keeps a template's settings as they were given, and no more", () => {
    const daily = { title: 'Daily check-in', expires_in_hours: 4, max_sessions: 1, max_messages_per_session: 20 };
    const settings = changedSettings(fieldsOf(daily), EMPTY);
    expect(settings).toEqual(daily);
    expect(templateSettings.safeParse(settings).error).toBeUndefined();
  });
});
