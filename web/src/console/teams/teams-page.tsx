import { useEffect, useState } from 'preact/hooks';
import type { ManagementApi, Member, Team, TeamHours } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { useAsking } from '../ui/confirm-action';
import { DataTable } from '../ui/data-table';
import { EditOrDelete } from '../ui/edit-or-delete';
import { EmptyState } from '../ui/empty-state';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { t } from '../words';
import { TeamForm } from './team-form';
import { WEEKDAYS, weekdayName } from './team-hours';

type Editing = { kind: 'new' } | { kind: 'edit'; team: Team } | undefined;

/** A span as the list shows it: `09:00–17:00`, midnight as `24:00`. */
const spanText = ([opens, closes]: readonly [string, string]) => `${opens}–${closes}`;

/** A team's hours in a few lines: the zone, each open day's spans, how many holidays. */
function HoursSummary({ hours }: { hours: TeamHours | null }) {
  if (!hours) return <span>{t('teams.alwaysOpen')}</span>;
  const open = WEEKDAYS.filter((day) => (hours.weekly[day] ?? []).length > 0);
  return (
    <span class="hours-summary">
      <span class="muted">{hours.timezone}</span>
      {open.length === 0 && <span>{t('teams.neverOpen')}</span>}
      {open.map((day) => (
        <span key={day}>
          {weekdayName(day, t.locale, 'short')} {(hours.weekly[day] ?? []).map(spanText).join(', ')}
        </span>
      ))}
      {hours.holidays.length > 0 && <span class="muted">{t('teams.holidayCount', { count: hours.holidays.length })}</span>}
    </span>
  );
}

/**
 * The operator teams (docs/escalation.md "Teams, presence and assignment"): who answers which escalations, when, and how many
 * at once. An escalation routed to a team is offered to its online member with the fewest open
 * conversations. Owners create, change and delete teams; operators and editors read them.
 */
export function TeamsPage({ api, canEdit, onUnauthorized }: { api: ManagementApi; canEdit: boolean; onUnauthorized(): void }) {
  const [teams, setTeams] = useState<Team[]>();
  const [members, setMembers] = useState<Member[]>();
  const [editing, setEditing] = useState<Editing>();
  const [notice, setNotice] = useState<string>();
  const ask = useAsking<string>();
  const list = useApiCall(onUnauthorized);
  const people = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setTeams((await api.teams()).teams));

  useEffect(() => {
    void reload();
    // The people to pick from: the owners' list of members.
    if (canEdit) void people.run(async () => setMembers((await api.members()).members));
  }, [api, canEdit]);

  const saved = (team: Team, created: boolean) => {
    setEditing(undefined);
    setNotice(created ? t('teams.created', { name: team.name }) : t('teams.saved', { name: team.name }));
    void reload();
  };
  const remove = (team: Team) =>
    change.run(async () => {
      setNotice(undefined);
      await api.deleteTeam(team.id);
      setNotice(t('teams.deleted', { name: team.name }));
      await reload();
    });

  return (
    <section aria-labelledby="teams-title">
      <div class="heading">
        <h1 id="teams-title">{t('section.teams')}</h1>
        {canEdit && !editing && (
          <button
            type="button"
            class="primary"
            onClick={() => {
              setNotice(undefined);
              setEditing({ kind: 'new' });
            }}
          >
            {t('teams.new')}
          </button>
        )}
      </div>
      <p class="muted">{t('teams.intro')}</p>
      {!canEdit && <p class="notice">{t('teams.readOnly')}</p>}
      <Notice text={notice} />
      <Problem error={people.error} />
      {editing && (
        <TeamForm
          key={editing.kind === 'edit' ? editing.team.id : 'new'}
          api={api}
          members={members}
          team={editing.kind === 'edit' ? editing.team : undefined}
          onSaved={(team) => saved(team, editing.kind === 'new')}
          onCancel={() => setEditing(undefined)}
          onUnauthorized={onUnauthorized}
        />
      )}
      <Problem error={list.error ?? change.error} />
      <DataTable
        rows={teams}
        class="stacked"
        columns={[t('teams.team'), t('teams.members'), t('teams.hours'), t('teams.capShort')]}
        actions={canEdit}
        empty={!editing && <EmptyState>{canEdit ? t('teams.noneYet') : t('teams.noneYetReadOnly')}</EmptyState>}
        row={(team) => (
          <tr key={team.id} data-team-id={team.id}>
            <td data-label={t('teams.team')}>
              <strong>{team.name}</strong>
              <br />
              <span class={`badge ${team.open_now ? 'ok' : 'off'}`}>{team.open_now ? t('teams.openNow') : t('teams.closedNow')}</span>
            </td>
            <td data-label={t('teams.members')}>
              {team.members.length === 0 ? <span class="muted">{t('teams.nobody')}</span> : team.members.map((m) => m.name).join(', ')}
            </td>
            <td data-label={t('teams.hours')}>
              <HoursSummary hours={team.hours} />
            </td>
            <td data-label={t('teams.capShort')} class="num">
              {team.max_open_per_operator === null ? <span class="muted">{t('teams.noCap')}</span> : t.number(team.max_open_per_operator)}
            </td>
            {canEdit && (
              <td>
                <EditOrDelete
                  {...ask(team.id)}
                  editLabel={t('teams.edit')}
                  subject={team.name}
                  onEdit={() => {
                    setNotice(undefined);
                    setEditing({ kind: 'edit', team });
                  }}
                  busy={change.busy}
                  onDelete={() => void remove(team)}
                />
              </td>
            )}
          </tr>
        )}
      />
    </section>
  );
}
