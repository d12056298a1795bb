import { useEffect, useState } from 'preact/hooks';
import type { AgentSummary, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { agentPath, BASE, onNavigate } from '../shell/router';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { Problem } from '../ui/problem';
import { when } from '../ui/when';
import { t } from '../words';

/** The tenant's agents, each opening its own page; and, for a role that may edit, the way to a new one. */
export function AgentsPage({ api, canEdit, onUnauthorized }: { api: ManagementApi; canEdit: boolean; onUnauthorized(): void }) {
  const [agents, setAgents] = useState<AgentSummary[]>();
  const { run, error } = useApiCall(onUnauthorized);
  useEffect(() => {
    void run(async () => setAgents((await api.agents()).agents));
  }, [api]);

  return (
    <section>
      <div class="heading">
        <h1>{t('section.agents')}</h1>
        {canEdit && (
          <a class="button primary" href={`${BASE}/agents/new`} onClick={onNavigate}>
            {t('agents.new')}
          </a>
        )}
      </div>
      <Problem error={error} />
      <DataTable
        rows={agents}
        columns={[t('common.name'), t('agents.activeVersion'), t('agents.changed')]}
        empty={<EmptyState>{canEdit ? t('agents.noneYetCreate') : t('agents.noneYet')}</EmptyState>}
        row={(agent) => (
          <tr key={agent.id}>
            <td>
              <a href={agentPath(agent.name)} onClick={onNavigate}>
                {agent.name}
              </a>
            </td>
            <td>{t('common.version', { version: String(agent.active_version) })}</td>
            <td>{when(agent.updated_at)}</td>
          </tr>
        )}
      />
    </section>
  );
}
