import { useEffect, useState } from 'preact/hooks';
import type { AgentSummary, ManagementApi } from './console-api';
import { Problem } from './problem';
import { BASE, agentPath, onNavigate } from './router';
import { useApiCall } from './use-api';
import { when } from './when';

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
        <h1>Agents</h1>
        {canEdit && (
          <a class="button primary" href={`${BASE}/agents/new`} onClick={onNavigate}>
            New agent
          </a>
        )}
      </div>
      <Problem error={error} />
      {agents && agents.length === 0 && <p>{canEdit ? 'No agents yet. Create one from a JSON config.' : 'No agents yet.'}</p>}
      {agents && agents.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Active version</th>
              <th scope="col">Changed</th>
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
                <td>v{agent.active_version}</td>
                <td>{when(agent.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
