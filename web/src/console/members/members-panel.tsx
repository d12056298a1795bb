import { useEffect, useState } from 'preact/hooks';
import type { ManagementApi, Member } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { type Role, rolesUpTo } from '../shell/roles';
import { ConfirmAction, useAsking } from '../ui/confirm-action';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { GrantForm } from '../ui/grant-form';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { when } from '../ui/when';
import { t } from '../words';

const NO_MEMBER = { email: '', name: '', role: 'operator' as Role };

/**
 * The tenant's members (docs/management-api.md, "Members"): people who sign in to the console with SSO by
 * their email, each with a role. Add one, change a role (never above the owner's own), remove one
 * after a second click – their console sessions end at once.
 */
export function MembersPanel({
  api,
  role,
  ownMemberId,
  onUnauthorized,
}: {
  api: ManagementApi;
  role: Role;
  ownMemberId?: string | undefined;
  onUnauthorized(): void;
}) {
  const [members, setMembers] = useState<Member[]>();
  const [adding, setAdding] = useState(false);
  const [form, setForm] = useState(NO_MEMBER);
  const [notice, setNotice] = useState<string>();
  const ask = useAsking<string>();
  const list = useApiCall(onUnauthorized);
  const add = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setMembers((await api.members()).members));
  const offered = rolesUpTo(role);

  useEffect(() => {
    void reload();
  }, [api]);

  const submit = (event: Event) => {
    event.preventDefault();
    setNotice(undefined);
    void add.run(async () => {
      const added = await api.addMember({ email: form.email.trim(), name: form.name.trim(), role: form.role });
      setNotice(t('members.added', { name: added.name, email: added.email, role: added.role }));
      setAdding(false);
      setForm(NO_MEMBER);
      await reload();
    });
  };
  const act = (work: () => Promise<string>) =>
    change.run(async () => {
      setNotice(undefined);
      const done = await work();
      await reload();
      setNotice(done);
    });

  return (
    <section aria-labelledby="members-title">
      <div class="heading">
        <h1 id="members-title">{t('section.members')}</h1>
        {!adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            {t('members.add')}
          </button>
        )}
      </div>
      <p class="muted">{t('members.intro')}</p>
      <Notice text={notice} />
      {adding && (
        <GrantForm
          kind="member"
          title={t('members.new')}
          held={role}
          grant={form}
          onGrant={setForm}
          before={
            <div class="field">
              <label for="member-email">{t('members.email')}</label>
              <input
                id="member-email"
                type="email"
                value={form.email}
                maxLength={320}
                required
                onInput={(e) => setForm({ ...form, email: (e.target as HTMLInputElement).value })}
              />
            </div>
          }
          error={add.error}
          busy={add.busy}
          complete={form.email.trim() !== ''}
          submitLabel={t('members.add')}
          onSubmit={submit}
          onCancel={() => setAdding(false)}
        />
      )}
      <Problem error={list.error ?? change.error} />
      <DataTable
        rows={members}
        class="stacked"
        columns={[t('members.member'), t('common.role'), t('members.addedOn')]}
        actions
        empty={!adding && <EmptyState>{t('members.noneYet')}</EmptyState>}
        row={(member) => (
          <tr key={member.member_id} data-member-id={member.member_id}>
            <td data-label={t('members.member')}>
              <strong>{member.name}</strong>
              {member.member_id === ownMemberId && <span class="muted"> {t('members.you')}</span>}
              <br />
              <span class="muted">{member.email}</span>
            </td>
            <td data-label={t('common.role')}>
              <select
                aria-label={t('members.roleOf', { name: member.name })}
                value={member.role}
                disabled={change.busy || !offered.includes(member.role)}
                onChange={(e) => {
                  const next = (e.target as HTMLSelectElement).value as Role;
                  // Refused (a role above the owner's own): the list shows the role it still has.
                  void act(async () => {
                    const updated = await api.updateMember(member.member_id, { role: next });
                    return t('members.roleChanged', { name: updated.name, role: updated.role });
                  }).then((done) => done || reload());
                }}
              >
                {(offered.includes(member.role) ? offered : [member.role]).map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </td>
            <td data-label={t('members.addedOn')}>{when(member.created_at)}</td>
            <td>
              <div class="row-actions">
                <ConfirmAction
                  {...ask(member.member_id)}
                  label={t('members.remove')}
                  subject={member.name}
                  busy={change.busy}
                  cancellable
                  onConfirm={() =>
                    void act(async () => {
                      await api.removeMember(member.member_id);
                      return t('members.removed', { name: member.name });
                    })
                  }
                />
              </div>
            </td>
          </tr>
        )}
      />
    </section>
  );
}
