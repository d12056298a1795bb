import { useEffect, useState } from 'preact/hooks';
import type { ManagementApi } from '../api/management-api';
import { Problem } from '../ui/problem';
import { t } from '../words';

type KnowledgeModule = typeof import('./knowledge-pages');

/**
 * The knowledge bases' pages – the list at /console/knowledge, a base at /console/knowledge/{id} –
 * loaded when first opened: bases are set up now and then, so their forms stay out of the console
 * every sign-in loads.
 */
export function KnowledgeSection(props: { api: ManagementApi; baseId: string | undefined; canEdit: boolean; onUnauthorized(): void }) {
  const [pages, setPages] = useState<KnowledgeModule>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    import('./knowledge-pages').then(setPages, setError);
  }, []);
  if (!pages) return error === undefined ? <p class="muted">{t('common.loading')}</p> : <Problem error={error} />;
  const { api, baseId, canEdit, onUnauthorized } = props;
  return baseId ? (
    <pages.KnowledgeBasePage key={baseId} api={api} id={baseId} canEdit={canEdit} onUnauthorized={onUnauthorized} />
  ) : (
    <pages.KnowledgeBasesPage api={api} canEdit={canEdit} onUnauthorized={onUnauthorized} />
  );
}
