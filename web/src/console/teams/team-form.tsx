import { useState } from 'preact/hooks';
import type { ManagementApi, Member, Team } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { roleIncludes } from '../shell/roles';
import { Problem } from '../ui/problem';
import { localZone } from '../ui/when';
import { t } from '../words';
import { HoursEditor } from './hours-editor';
import { defaultHours, draftOf, type HoursDraft, hoursOf } from './team-hours';

/**
 * A new team or one being changed: its name, its members (the tenant's people who may work the
 * inbox, and anyone the team already has), its business hours (or always open), how many
 * conversations each of its operators holds at most, and whether every operator may read its
 * conversations or only its own members (docs/management-api.md "Roles").
 */
export function TeamForm(props: {
  api: ManagementApi;
  members: Member[] | undefined;
  team?: Team | undefined;
  onSaved(team: Team): void;
  onCancel(): void;
  onUnauthorized(): void;
}) {
  const { api, team } = props;
  const [name, setName] = useState(team?.name ?? '');
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(team?.members.map((m) => m.member_id)));
  const [hours, setHours] = useState<HoursDraft | undefined>(() => (team?.hours ? draftOf(team.hours) : undefined));
  const [cap, setCap] = useState(team?.max_open_per_operator ? String(team.max_open_per_operator) : '');
  const [openToAll, setOpenToAll] = useState(team?.open_to_all_operators ?? false);
  const save = useApiCall(props.onUnauthorized);
  const prefix = team ? `team-${team.id}` : 'team-new';

  // The people offered: whoever may open the inbox, and whoever the team has already.
  const people = [
    ...(props.members ?? [])
      .filter((m) => roleIncludes(m.role, 'operator') || chosen.has(m.member_id))
      .map((m) => ({ id: m.member_id, name: m.name, role: m.role as string | undefined })),
    ...(team?.members ?? [])
      .filter((m) => !props.members?.some((known) => known.member_id === m.member_id))
      .map((m) => ({ id: m.member_id, name: m.name, role: undefined })),
  ];
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };

  const submit = (event: Event) => {
    event.preventDefault();
    void save.run(async () => {
      const body = {
        name: name.trim(),
        members: [...chosen],
        hours: hours ? hoursOf(hours) : null,
        max_open_per_operator: cap.trim() ? Number(cap) : null,
        open_to_all_operators: openToAll,
      };
      props.onSaved(team ? await api.updateTeam(team.id, body) : await api.createTeam(body));
    });
  };

  return (
    <form class="link-form stack team-form" onSubmit={submit} aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`}>{team ? t('teams.editTitle', { name: team.name }) : t('teams.new')}</h2>
      <div class="grid">
        <div class="field">
          <label for={`${prefix}-name`}>{t('common.name')}</label>
          <input id={`${prefix}-name`} value={name} maxLength={100} required onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </div>
        <div class="field">
          <label for={`${prefix}-cap`}>{t('teams.cap')}</label>
          <input
            id={`${prefix}-cap`}
            type="number"
            min={1}
            max={1000}
            step={1}
            value={cap}
            aria-describedby={`${prefix}-cap-hint`}
            onInput={(e) => setCap((e.target as HTMLInputElement).value)}
          />
          <span id={`${prefix}-cap-hint`} class="muted">
            {t('teams.capHint')}
          </span>
        </div>
      </div>
      <fieldset class="link-group">
        <legend>{t('teams.members')}</legend>
        {props.members === undefined && <p class="muted">{t('common.loading')}</p>}
        {props.members !== undefined && people.length === 0 && <p class="muted">{t('teams.noPeople')}</p>}
        <div class="types">
          {people.map((person) => (
            <label key={person.id} class="check">
              <input type="checkbox" checked={chosen.has(person.id)} onChange={(e) => toggle(person.id, (e.target as HTMLInputElement).checked)} />
              {person.name}
              {person.role && <span class="muted"> ({person.role})</span>}
            </label>
          ))}
        </div>
        <label class="check">
          <input
            type="checkbox"
            checked={openToAll}
            aria-describedby={`${prefix}-open-hint`}
            onChange={(e) => setOpenToAll((e.target as HTMLInputElement).checked)}
          />
          {t('teams.openToAll')}
        </label>
        <p id={`${prefix}-open-hint`} class="muted">
          {t('teams.openToAllHint')}
        </p>
      </fieldset>
      <fieldset class="link-group">
        <legend>{t('teams.hours')}</legend>
        <label class="check">
          <input
            type="checkbox"
            checked={hours !== undefined}
            onChange={(e) => setHours((e.target as HTMLInputElement).checked ? defaultHours(localZone()) : undefined)}
          />
          {t('teams.hoursOn')}
        </label>
        {hours ? <HoursEditor hours={hours} onChange={setHours} /> : <p class="muted">{t('teams.alwaysOpenHint')}</p>}
      </fieldset>
      <Problem error={save.error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={save.busy || !name.trim()}>
          {team ? t('teams.save') : t('teams.create')}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
