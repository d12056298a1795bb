import { useEffect, useState } from 'preact/hooks';
import type { KnowledgeBase, KnowledgeDocument, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { knowledgePath, onNavigate } from '../shell/router';
import { ConfirmAction, useAsking } from '../ui/confirm-action';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { when } from '../ui/when';
import { t } from '../words';
import { AddDocument } from './add-document';
import { KnowledgeSearch } from './knowledge-search';
import { languageName } from './languages';

/** How often the list is read again while a document is being read: reading takes seconds, not minutes. */
const POLL_MS = 2_000;

/** A document's status as its row says it: being read, ready with its passages, or failed with why. */
function DocumentStatus({ document }: { document: KnowledgeDocument }) {
  if (document.status === 'processing') return <span class="badge warn">{t('document.processing')}</span>;
  if (document.status === 'ready') {
    return (
      <>
        <span class="badge ok">{t('document.ready')}</span>{' '}
        <span class="muted nowrap" data-passages>
          {t('knowledge.passageCount', { count: document.chunks })}
        </span>
      </>
    );
  }
  return (
    <>
      <span class="badge error">{t('document.failed')}</span>
      {document.error && (
        <span class="document-error" dir="auto">
          {document.error}
        </span>
      )}
    </>
  );
}

/** A document's title, a link to where it was read from when it came from the web. */
function DocumentTitle({ document }: { document: KnowledgeDocument }) {
  if (!document.url || !/^https?:\/\//i.test(document.url)) return <span dir="auto">{document.title}</span>;
  return (
    <a href={document.url} target="_blank" rel="noopener" dir="auto">
      {document.title}
      <span class="sr-only"> {t('document.newTab')}</span>
    </a>
  );
}

/**
 * One knowledge base (docs/knowledge.md "In the console"): its documents with their status, read
 * again every few seconds while one is being read; editors add a document (a file, text or a web
 * page) and delete one (asked twice); anyone who reads it tries a question on it.
 */
export function KnowledgeBasePage({ api, id, canEdit, onUnauthorized }: { api: ManagementApi; id: string; canEdit: boolean; onUnauthorized(): void }) {
  const [base, setBase] = useState<KnowledgeBase>();
  const [documents, setDocuments] = useState<KnowledgeDocument[]>();
  const [notice, setNotice] = useState<string>();
  const ask = useAsking<string>();
  const load = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () =>
    load.run(async () => {
      const [read, listed] = await Promise.all([api.knowledgeBase(id), api.knowledgeDocuments(id)]);
      setBase(read);
      setDocuments(listed.documents);
    });

  useEffect(() => {
    void reload();
  }, [api, id]);

  // While a document is being read, the list is read again until none is; leaving the page stops it.
  const reading = documents?.filter((document) => document.status === 'processing').length ?? 0;
  useEffect(() => {
    if (reading === 0) return;
    const timer = setTimeout(() => void reload(), POLL_MS);
    return () => clearTimeout(timer);
  }, [documents]);

  const remove = (document: KnowledgeDocument) =>
    change.run(async () => {
      setNotice(undefined);
      await api.deleteKnowledgeDocument(id, document.id);
      await reload();
      setNotice(t('document.deleted', { title: document.title }));
    });

  const list = (
    <section class="documents" aria-labelledby="documents-title">
      <h2 id="documents-title">{t('knowledge.documents')}</h2>
      <Notice text={notice} />
      <Problem error={change.error} />
      <DataTable
        rows={documents}
        class="knowledge-table documents-table"
        columns={[t('document.title'), t('document.status'), t('document.updated')]}
        actions={canEdit}
        empty={<EmptyState>{canEdit ? t('document.noneYetAdd') : t('document.noneYet')}</EmptyState>}
        row={(document) => (
          <tr key={document.id} data-document-id={document.id} data-status={document.status}>
            <td class="document-title">
              <DocumentTitle document={document} />
            </td>
            <td class="document-status">
              <DocumentStatus document={document} />
              {/* A phone has no room for the Updated column: the time goes under the status instead. */}
              <span class="cell-note muted narrow-only">{when(document.updated_at)}</span>
            </td>
            <td class="updated">{when(document.updated_at)}</td>
            {canEdit && (
              <td>
                <div class="row-actions">
                  <ConfirmAction
                    {...ask(document.id)}
                    label={t('common.delete')}
                    subject={document.title}
                    busy={change.busy}
                    cancellable
                    onConfirm={() => void remove(document)}
                  />
                </div>
              </td>
            )}
          </tr>
        )}
      />
      <p class="muted" role="status">
        {reading > 0 ? t('document.reading', { count: reading }) : ''}
      </p>
    </section>
  );

  return (
    <section aria-labelledby="base-title">
      <p class="crumbs">
        <a href={knowledgePath()} onClick={onNavigate}>
          {t('section.knowledge')}
        </a>{' '}
        / {base?.name ?? id}
      </p>
      <div class="heading">
        <h1 id="base-title" dir="auto">
          {base?.name ?? id}
        </h1>
        {base && (
          <span class="badge" data-language={base.language}>
            {languageName(base.language)}
          </span>
        )}
      </div>
      {base && (
        <p class="muted" data-counts>
          {t('knowledge.documentCount', { count: base.documents })} · {t('knowledge.passageCount', { count: base.chunks })}
        </p>
      )}
      <Problem error={load.error} />
      {canEdit ? (
        <div class="columns knowledge">
          <div class="stack">{list}</div>
          <aside>
            <AddDocument
              api={api}
              baseId={id}
              onAdded={(added) => {
                setNotice(t('add.added', { title: added.title }));
                void reload();
              }}
              onUnauthorized={onUnauthorized}
            />
          </aside>
        </div>
      ) : (
        list
      )}
      {base && <KnowledgeSearch api={api} baseId={id} threshold={base.threshold} onUnauthorized={onUnauthorized} />}
    </section>
  );
}
