import { useEffect, useRef, useState } from 'preact/hooks';
import type { InboxItem, ManagementApi, OperatorPresence, Team } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { Problem } from '../ui/problem';
import { t } from '../words';
import { PRESENCE_LABEL } from './operators-panel';

/**
 * Hands a claimed conversation to someone else (docs/escalation.md "Teams, presence and assignment"): to a colleague, to whom
 * it is offered to accept, or to a team, in whose queue it waits; with a note for whoever takes it
 * (the visitor never sees the note, only who took over). A modal dialog: Escape cancels.
 */
export function TransferDialog(props: {
  api: ManagementApi;
  item: InboxItem;
  /** Everyone who could take it: the caller is left out. */
  colleagues: OperatorPresence[];
  teams: Team[];
  onTransferred(item: InboxItem): void;
  onCancel(): void;
  onUnauthorized(): void;
}) {
  const { colleagues, teams } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const [to, setTo] = useState<'member' | 'team'>(colleagues.length > 0 || teams.length === 0 ? 'member' : 'team');
  const [member, setMember] = useState(colleagues.find((c) => c.status === 'online')?.member_id ?? colleagues[0]?.member_id ?? '');
  const [team, setTeam] = useState(teams[0]?.id ?? '');
  const [note, setNote] = useState('');
  const send = useApiCall(props.onUnauthorized);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const target = to === 'member' ? member : team;
  const submit = (event: Event) => {
    event.preventDefault();
    if (!target) return;
    void send.run(async () => {
      const body = { ...(to === 'member' ? { to_member: member } : { to_team: team }), ...(note.trim() ? { note: note.trim() } : {}) };
      const { item } = await props.api.transfer(props.item.escalation_id, body);
      props.onTransferred(item);
    });
  };

  return (
    <dialog
      ref={dialog}
      class="transfer"
      aria-labelledby="transfer-title"
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <form class="stack" onSubmit={submit}>
        <h2 id="transfer-title">{t('transfer.title', { reason: props.item.reason })}</h2>
        <fieldset class="transfer-to">
          <legend class="legend">{t('transfer.to')}</legend>
          <label class="check">
            <input
              type="radio"
              name="transfer-to"
              value="member"
              checked={to === 'member'}
              disabled={colleagues.length === 0}
              onChange={() => setTo('member')}
            />
            {t('transfer.colleague')}
          </label>
          <label class="check">
            <input type="radio" name="transfer-to" value="team" checked={to === 'team'} disabled={teams.length === 0} onChange={() => setTo('team')} />
            {t('transfer.team')}
          </label>
        </fieldset>
        {to === 'member' ? (
          <div class="field">
            <label for="transfer-member">{t('transfer.whichColleague')}</label>
            <select id="transfer-member" value={member} onChange={(e) => setMember((e.target as HTMLSelectElement).value)}>
              {colleagues.map((c) => (
                <option key={c.member_id} value={c.member_id}>
                  {t('transfer.colleagueOption', { name: c.name, status: PRESENCE_LABEL[c.status], open: t('presence.open', { count: c.open }) })}
                </option>
              ))}
            </select>
            <span class="muted">{t('transfer.colleagueHint')}</span>
          </div>
        ) : (
          <div class="field">
            <label for="transfer-team">{t('transfer.whichTeam')}</label>
            <select id="transfer-team" value={team} onChange={(e) => setTeam((e.target as HTMLSelectElement).value)}>
              {teams.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.open_now ? option.name : t('transfer.teamClosed', { name: option.name })}
                </option>
              ))}
            </select>
            <span class="muted">{t('transfer.teamHint')}</span>
          </div>
        )}
        <div class="field">
          <label for="transfer-note">{t('transfer.note')}</label>
          <textarea id="transfer-note" rows={3} maxLength={1000} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
        </div>
        <Problem error={send.error} />
        <div class="actions">
          <button type="submit" class="primary" disabled={send.busy || !target}>
            {t('transfer.submit')}
          </button>
          <button type="button" onClick={props.onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
