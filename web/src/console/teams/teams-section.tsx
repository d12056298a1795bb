import { useEffect, useState } from 'preact/hooks';
import type { ManagementApi } from '../api/management-api';
import { Problem } from '../ui/problem';
import { t } from '../words';

type TeamsModule = typeof import('./teams-page');

/**
 * The operator teams' page, loaded when first opened: owners set it up once in a while, and
 * operators read it now and then, so its forms stay out of the console every sign-in loads.
 */
export function TeamsSection(props: { api: ManagementApi; canEdit: boolean; onUnauthorized(): void }) {
  const [page, setPage] = useState<TeamsModule>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    import('./teams-page').then(setPage, setError);
  }, []);
  if (page) return <page.TeamsPage {...props} />;
  return error === undefined ? <p class="muted">{t('common.loading')}</p> : <Problem error={error} />;
}
