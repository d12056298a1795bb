import { CANNED_REPLY_VARIABLES, type CannedReplyVariable } from '@parley/contracts/canned-replies';
import { useEffect, useState } from 'preact/hooks';
import type { CannedReply, ManagementApi, Me } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { roleIncludes } from '../shell/roles';
import { useAsking } from '../ui/confirm-action';
import { DataTable } from '../ui/data-table';
import { DraftActions, useDraftForm } from '../ui/draft-form';
import { EditOrDelete } from '../ui/edit-or-delete';
import { EmptyState } from '../ui/empty-state';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { t } from '../words';

const VARIABLE_HINT: Record<CannedReplyVariable, string> = {
  visitor_name: t('canned.variableVisitorName'),
  visitor_email: t('canned.variableVisitorEmail'),
  operator_name: t('canned.variableOperatorName'),
  agent: t('canned.variableAgent'),
};

type Draft = { id?: string; shortcut: string; content: string; personal: boolean };

/**
 * Canned replies (docs/escalation.md "Canned replies"): the team's shared ones, which editors and owners
 * write, and a member's own. Lists them by shortcut with who may use each; adds, changes and
 * deletes what the caller may write. An API key is nobody: it writes shared ones if its role
 * allows, never personal ones.
 */
export function CannedRepliesPage({ api, me, onUnauthorized }: { api: ManagementApi; me: Me; onUnauthorized(): void }) {
  const mayShare = roleIncludes(me.role, 'editor');
  const mayOwn = me.actor.kind === 'member';
  const blank: Draft = { shortcut: '', content: '', personal: !mayShare };
  const [replies, setReplies] = useState<CannedReply[]>();
  const ask = useAsking<string>();
  const list = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setReplies((await api.cannedReplies()).canned_replies));
  const form = useDraftForm({ blank, reload, onUnauthorized });
  const { draft, setDraft, change } = form;
  const mayWrite = (reply: CannedReply) => (reply.personal ? mayOwn : mayShare);

  useEffect(() => {
    void reload();
  }, [api]);

  const submit = form.submit(async () => {
    // A shortcut is typed after `/`: one typed with it here means the same.
    const shortcut = draft.shortcut.trim().replace(/^\//, '');
    const saved = draft.id
      ? await api.updateCannedReply(draft.id, { shortcut, content: draft.content })
      : await api.createCannedReply({ shortcut, content: draft.content, personal: draft.personal });
    return t(draft.id ? 'canned.saved' : 'canned.added', { shortcut: saved.shortcut });
  });
  const remove = (reply: CannedReply) =>
    form.remove(reply.id, async () => {
      await api.deleteCannedReply(reply.id);
      return t('canned.deleted', { shortcut: reply.shortcut });
    });

  return (
    <section aria-labelledby="canned-title">
      <h1 id="canned-title">{t('section.replies')}</h1>
      <p class="muted">{t('canned.intro')}</p>
      <div class="columns canned">
        <div class="stack">
          <Notice text={form.notice} />
          <Problem error={list.error ?? change.error} />
          <DataTable
            rows={replies}
            class="stacked"
            columns={[t('canned.shortcut'), t('canned.content'), t('canned.scope')]}
            actions
            empty={<EmptyState>{t('canned.noneYet')}</EmptyState>}
            row={(reply) => (
              <tr key={reply.id} data-reply-id={reply.id}>
                <td data-label={t('canned.shortcut')}>
                  <code>/{reply.shortcut}</code>
                </td>
                <td data-label={t('canned.content')} class="canned-content">
                  {reply.content}
                </td>
                <td data-label={t('canned.scope')}>{reply.personal ? t('canned.personalScope') : t('canned.sharedScope')}</td>
                <td>
                  {mayWrite(reply) && (
                    <EditOrDelete
                      {...ask(reply.id)}
                      editLabel={t('canned.edit')}
                      subject={`/${reply.shortcut}`}
                      onEdit={() => setDraft({ id: reply.id, shortcut: reply.shortcut, content: reply.content, personal: reply.personal })}
                      busy={change.busy}
                      onDelete={() => void remove(reply)}
                    />
                  )}
                </td>
              </tr>
            )}
          />
        </div>
        <aside class="stack">
          {mayShare || mayOwn ? (
            <form class="stack" onSubmit={submit} aria-labelledby="canned-form-title">
              <h2 id="canned-form-title">{draft.id ? t('canned.editing', { shortcut: draft.shortcut }) : t('canned.new')}</h2>
              {!mayShare && <p class="muted">{t('canned.sharedForEditors')}</p>}
              <div class="field">
                <label for="canned-shortcut">{t('canned.shortcut')}</label>
                <input
                  id="canned-shortcut"
                  value={draft.shortcut}
                  maxLength={33}
                  required
                  aria-describedby="canned-shortcut-hint"
                  onInput={(e) => setDraft({ ...draft, shortcut: (e.target as HTMLInputElement).value })}
                />
                <p class="muted" id="canned-shortcut-hint">
                  {t('canned.shortcutHint')}
                </p>
              </div>
              <div class="field">
                <label for="canned-content">{t('canned.content')}</label>
                <textarea
                  id="canned-content"
                  rows={5}
                  maxLength={4_000}
                  required
                  value={draft.content}
                  onInput={(e) => setDraft({ ...draft, content: (e.target as HTMLTextAreaElement).value })}
                />
              </div>
              {!draft.id && mayShare && mayOwn && (
                <fieldset>
                  <legend>{t('canned.scope')}</legend>
                  <label class="inline-field">
                    <input type="radio" name="canned-scope" checked={!draft.personal} onChange={() => setDraft({ ...draft, personal: false })} />{' '}
                    {t('canned.shared')}
                  </label>
                  <label class="inline-field">
                    <input type="radio" name="canned-scope" checked={draft.personal} onChange={() => setDraft({ ...draft, personal: true })} />{' '}
                    {t('canned.personal')}
                  </label>
                </fieldset>
              )}
              <DraftActions form={form} ready={!!draft.shortcut.trim() && !!draft.content.trim()} saveLabel={t('canned.save')} addLabel={t('canned.add')} />
            </form>
          ) : (
            <p class="notice">{t('canned.readOnly')}</p>
          )}
          <div class="stack">
            <p class="muted">{t('canned.variables')}</p>
            <dl class="vars">
              {CANNED_REPLY_VARIABLES.map((name) => (
                <div key={name}>
                  <dt>
                    <code>{`{{${name}}}`}</code>
                  </dt>
                  <dd>{VARIABLE_HINT[name]}</dd>
                </div>
              ))}
            </dl>
            <p class="muted">{t('canned.variablesCollected')}</p>
          </div>
        </aside>
      </div>
    </section>
  );
}
