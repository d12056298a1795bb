import { useEffect, useState } from 'preact/hooks';
import type { AgentDetail, ManagementApi } from '../api/management-api';
import { Problem } from '../ui/problem';
import { t } from '../words';

type TestsModule = typeof import('./tests/tests-panel');

/** An agent's tests and their runs (docs/evaluations.md), loaded when the tab is first opened. */
export function TestsSection(props: { api: ManagementApi; agent: AgentDetail; canEdit: boolean; onUnauthorized(): void }) {
  const [panel, setPanel] = useState<TestsModule>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    import('./tests/tests-panel').then(setPanel, setError);
  }, []);
  if (!panel) return error === undefined ? <p class="muted">{t('common.loading')}</p> : <Problem error={error} />;
  return <panel.TestsPanel {...props} />;
}
