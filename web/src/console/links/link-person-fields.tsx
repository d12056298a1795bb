import type { JSX } from 'preact';
import type { NewLink } from '../api/management-api';
import { t } from './link-words';

/**
 * The people behind a link (docs/escalation.md "Offering a person", "Transcripts by email"), as the link
 * form holds them: the team its escalations go to, when visitors are offered a person – `never`,
 * `always`, or after a number of messages the agent did not understand – and whether the tenant's
 * operator address gets every transcript.
 */
export interface PersonFields {
  team: string;
  offer_person: string;
  offer_after: string;
  transcript_to_tenant: boolean;
}

export const EMPTY_PERSON: PersonFields = { team: '', offer_person: 'never', offer_after: '3', transcript_to_tenant: false };

/** The setting each field is part of: a template's link gets the whole setting when one of its fields changes. */
export const PERSON_SETTING: Record<keyof PersonFields, keyof NewLink> = {
  team: 'team',
  offer_person: 'offer_person',
  offer_after: 'offer_person',
  transcript_to_tenant: 'transcript_to_tenant',
};

const AFTER = 'after_unanswered';

/** The fields as the API's settings: no team when blank; the count goes as typed, for the server to judge. */
export function personSettings(f: PersonFields): Pick<NewLink, 'team' | 'offer_person' | 'transcript_to_tenant'> {
  return {
    team: f.team.trim() || null,
    offer_person: f.offer_person === AFTER ? `${AFTER}:${f.offer_after.trim()}` : f.offer_person,
    transcript_to_tenant: f.transcript_to_tenant,
  };
}

/** A template's people settings as the form shows them. */
export function personFieldsOf(settings: Record<string, unknown>): PersonFields {
  const offer = typeof settings.offer_person === 'string' ? settings.offer_person : EMPTY_PERSON.offer_person;
  const [choice = offer, after = EMPTY_PERSON.offer_after] = offer.startsWith(`${AFTER}:`) ? [AFTER, offer.slice(AFTER.length + 1)] : [offer];
  return {
    team: typeof settings.team === 'string' ? settings.team : '',
    offer_person: choice,
    offer_after: after,
    transcript_to_tenant: settings.transcript_to_tenant === true,
  };
}

/** How the form draws one of these fields (link-form.tsx): its label, control, hint and the refusal's problems under it. */
export interface PersonDraw {
  text(name: keyof PersonFields, label: string, hint?: string, kind?: 'text' | 'number'): JSX.Element;
  select(name: keyof PersonFields, label: string, options: readonly (readonly [string, string])[]): JSX.Element;
  check(name: keyof PersonFields, label: string): JSX.Element;
}

/**
 * The form's group for who answers the link's visitors besides the agent. `teams`: the tenant's,
 * to choose from (a team the link names that is not among them stays a choice); undefined while
 * they cannot be read, when the team's id is typed.
 */
export function PersonFieldset({ draw, f, teams }: { draw: PersonDraw; f: PersonFields; teams: { id: string; name: string }[] | undefined }) {
  const choices = [
    ['never', t('person.offerNever')],
    ['always', t('person.offerAlways')],
    [AFTER, t('person.offerAfter')],
  ] as const;
  return (
    <fieldset class="link-group">
      <legend>{t('person.legend')}</legend>
      <div class="grid">
        {draw.select('offer_person', t('person.offer'), choices)}
        {f.offer_person === AFTER && draw.text('offer_after', t('person.offerCount'), t('person.offerCountHint'), 'number')}
        {teams
          ? draw.select('team', t('person.team'), [
              ['', t('person.teamNone')],
              ...teams.map((team) => [team.id, team.name] as const),
              ...(f.team && !teams.some((team) => team.id === f.team) ? [[f.team, f.team] as const] : []),
            ])
          : draw.text('team', t('person.team'), t('person.teamHint'))}
      </div>
      {draw.check('transcript_to_tenant', t('person.transcripts'))}
    </fieldset>
  );
}
