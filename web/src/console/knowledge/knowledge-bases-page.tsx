import { useEffect, useState } from 'preact/hooks';
import type { KnowledgeBase, KnowledgeLanguage, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { knowledgePath, onNavigate } from '../shell/router';
import { useAsking } from '../ui/confirm-action';
import { DataTable } from '../ui/data-table';
import { DraftActions, useDraftForm } from '../ui/draft-form';
import { EditOrDelete } from '../ui/edit-or-delete';
import { EmptyState } from '../ui/empty-state';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { when } from '../ui/when';
import { t } from '../words';
import { LANGUAGES, languageName } from './languages';

type Draft = { id?: string; name: string; language: KnowledgeLanguage };
const BLANK: Draft = { name: '', language: 'simple' };

/**
 * The tenant's knowledge bases (docs/knowledge.md "In the console"): each with its language and
 * how many documents and passages it holds, opening its own page. Editors and owners create one,
 * rename it or change its language, and delete it (asked twice); viewers read.
 */
export function KnowledgeBasesPage({ api, canEdit, onUnauthorized }: { api: ManagementApi; canEdit: boolean; onUnauthorized(): void }) {
  const [bases, setBases] = useState<KnowledgeBase[]>();
  const ask = useAsking<string>();
  const list = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setBases((await api.knowledgeBases()).knowledge_bases));
  const form = useDraftForm({ blank: BLANK, reload, onUnauthorized });
  const { draft, setDraft, change } = form;

  useEffect(() => {
    void reload();
  }, [api]);

  const submit = form.submit(async () => {
    const body = { name: draft.name.trim(), language: draft.language };
    const saved = draft.id ? await api.updateKnowledgeBase(draft.id, body) : await api.createKnowledgeBase(body);
    return t(draft.id ? 'knowledge.saved' : 'knowledge.created', { name: saved.name });
  });
  const remove = (base: KnowledgeBase) =>
    form.remove(base.id, async () => {
      await api.deleteKnowledgeBase(base.id);
      return t('knowledge.deleted', { name: base.name });
    });

  const table = (
    <DataTable
      rows={bases}
      class="knowledge-table"
      columns={[t('common.name'), t('knowledge.contents'), t('knowledge.changed')]}
      actions={canEdit}
      empty={<EmptyState>{canEdit ? t('knowledge.noneYetCreate') : t('knowledge.noneYet')}</EmptyState>}
      row={(base) => (
        <tr key={base.id} data-base-id={base.id}>
          <td>
            <a href={knowledgePath(base.id)} onClick={onNavigate} dir="auto">
              {base.name}
            </a>
            <span class="muted cell-note" data-language={base.language}>
              {languageName(base.language)}
            </span>
          </td>
          <td>
            <span class="cell-line" data-count="documents">
              {t('knowledge.documentCount', { count: base.documents })}
            </span>
            <span class="cell-line muted" data-count="chunks">
              {t('knowledge.passageCount', { count: base.chunks })}
            </span>
          </td>
          <td>{when(base.updated_at)}</td>
          {canEdit && (
            <td>
              <EditOrDelete
                {...ask(base.id)}
                editLabel={t('knowledge.edit')}
                subject={base.name}
                onEdit={() => setDraft({ id: base.id, name: base.name, language: base.language })}
                busy={change.busy}
                onDelete={() => void remove(base)}
              />
            </td>
          )}
        </tr>
      )}
    />
  );

  return (
    <section aria-labelledby="knowledge-title">
      <h1 id="knowledge-title">{t('section.knowledge')}</h1>
      <p class="muted">{t('knowledge.intro')}</p>
      <Notice text={form.notice} />
      <Problem error={list.error ?? change.error} />
      {!canEdit ? (
        table
      ) : (
        <div class="columns knowledge">
          <div class="stack">{table}</div>
          <aside>
            <form class="stack" onSubmit={submit} aria-labelledby="knowledge-form-title">
              <h2 id="knowledge-form-title">
                {draft.id ? t('knowledge.editing', { name: bases?.find((b) => b.id === draft.id)?.name ?? '' }) : t('knowledge.new')}
              </h2>
              <div class="field">
                <label for="knowledge-name">{t('common.name')}</label>
                <input
                  id="knowledge-name"
                  value={draft.name}
                  maxLength={100}
                  required
                  aria-describedby="knowledge-name-hint"
                  onInput={(e) => setDraft({ ...draft, name: (e.target as HTMLInputElement).value })}
                />
                <p class="muted hint" id="knowledge-name-hint">
                  {t('knowledge.nameHint')}
                </p>
              </div>
              <div class="field">
                <label for="knowledge-language">{t('knowledge.language')}</label>
                <select
                  id="knowledge-language"
                  value={draft.language}
                  aria-describedby="knowledge-language-hint"
                  onChange={(e) => setDraft({ ...draft, language: (e.target as HTMLSelectElement).value as KnowledgeLanguage })}
                >
                  {LANGUAGES.map((language) => (
                    <option key={language} value={language}>
                      {languageName(language)}
                    </option>
                  ))}
                </select>
                <p class="muted hint" id="knowledge-language-hint">
                  {t('knowledge.languageHint')}
                </p>
              </div>
              <DraftActions form={form} ready={!!draft.name.trim()} saveLabel={t('knowledge.save')} addLabel={t('knowledge.create')} />
            </form>
          </aside>
        </div>
      )}
    </section>
  );
}
