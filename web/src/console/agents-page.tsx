import { useEffect, useState } from 'preact/hooks';
import type { AgentSummary, ManagementApi } from './console-api';
import { Problem } from './problem';
import { BASE, agentPath, onNavigate } from './router';
import { useApiCall } from './use-api';
import { when } from './when';
import { t } from './words';

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
      {agents && agents.length === 0 && <p>{canEdit ? t('agents.noneYetCreate') : t('agents.noneYet')}</p>}
      {agents && agents.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('common.name')}</th>
              <th scope="col">{t('agents.activeVersion')}</th>
              <th scope="col">{t('agents.changed')}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.id}>
                <td>
                  <a href={agentPath(agent.name)} onClick={onNavigate}>
                    {agent.name}
                  </a>
                </td>
                <td>{t('common.version', { version: String(agent.active_version) })}</td>
                <td>{when(agent.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
