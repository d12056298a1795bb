import { useEffect, useState } from 'preact/hooks';
import type { ManagementApi } from '../api/management-api';
import { Problem } from '../ui/problem';
import { t } from '../words';

type TraceModule = typeof import('./trace-view');

/**
 * A conversation's LLM calls, tokens, cost, tool calls and passages per turn (docs/management-api.md
 * "Traces"), loaded when the trace is first opened: editors read it now and then, so its table
 * stays out of the console every sign-in loads.
 */
export function TraceSection(props: { api: ManagementApi; conversationId: string; onUnauthorized(): void }) {
  const [view, setView] = useState<TraceModule>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    import('./trace-view').then(setView, setError);
  }, []);
  if (view) return <view.TraceView {...props} />;
  return error === undefined ? <p class="muted">{t('common.loading')}</p> : <Problem error={error} />;
}
