import { useEffect, useState } from 'preact/hooks';
import { AnalyticsPanel } from './analytics-panel';
import type { AgentDetail, ManagementApi } from './console-api';
import { LinksPanel } from './links-panel';
import { Playground } from './playground';
import { Problem } from './problem';
import { RoleRefusal } from './role-refusal';
import { type Role, roleIncludes } from './roles';
import { BASE, agentPath, navigate, onNavigate } from './router';
import { useApiCall } from './use-api';
import { VersionsPanel } from './versions-panel';
import { t } from './words';

/** The agent's tabs; `editor`: only a role that may edit sees it (the playground runs the agent). */
const TABS = [
  { id: 'config', label: t('agent.tabConfig'), editor: false },
  { id: 'try', label: t('agent.tabTry'), editor: true },
  { id: 'links', label: t('agent.tabLinks'), editor: false },
  { id: 'analytics', label: t('agent.tabAnalytics'), editor: false },
] as const;

/**
 * One agent: its config and versions, a playground to try it, and its public links – each a tab
 * with its own address. A viewer reads them all and changes nothing.
 */
export function AgentPage({ api, name, tab, role, onUnauthorized }: { api: ManagementApi; name: string; tab: string; role: Role; onUnauthorized(): void }) {
  const canEdit = roleIncludes(role, 'editor');
  const [agent, setAgent] = useState<AgentDetail>();
  /** The version "Try in playground" asked for, which the playground starts on. */
  const [tryVersion, setTryVersion] = useState<number>();
  const { run, error } = useApiCall(onUnauthorized);
  const reload = () => run(async () => setAgent(await api.agent(name)));
  useEffect(() => {
    void reload();
  }, [api, name]);
  // A version asked for is for that visit of the playground: the tab opened on its own starts on the default.
  useEffect(() => {
    if (tab !== 'try') setTryVersion(undefined);
  }, [tab]);

  return (
    <section>
      <p class="crumbs">
        <a href={BASE} onClick={onNavigate}>
          {t('section.agents')}
        </a>{' '}
        / {name}
      </p>
      <div class="heading">
        <h1>{name}</h1>
        {agent && <span class="badge">{t('agent.active', { version: String(agent.active_version) })}</span>}
      </div>
      <Problem error={error} />
      <nav class="tabs" aria-label={t('agent.sections')}>
        {TABS.filter((shown) => canEdit || !shown.editor).map((shown) => (
          <a key={shown.id} href={agentPath(name, shown.id)} onClick={onNavigate} aria-current={tab === shown.id ? 'page' : undefined}>
            {shown.label}
          </a>
        ))}
      </nav>
      {agent && tab === 'config' && (
        <VersionsPanel
          api={api}
          agent={agent}
          canEdit={canEdit}
          onChanged={reload}
          onTry={(version) => {
            setTryVersion(version);
            navigate(agentPath(name, 'try'));
          }}
          onUnauthorized={onUnauthorized}
        />
      )}
      {agent && tab === 'try' && (canEdit ? <Playground key={tryVersion} api={api} agent={agent} initialVersion={tryVersion} onUnauthorized={onUnauthorized} /> : <RoleRefusal role={role} what={t('agent.tryRefused')} />)}
      {agent && tab === 'links' && <LinksPanel api={api} agent={agent.name} versions={agent.versions} canEdit={canEdit} onUnauthorized={onUnauthorized} />}
      {agent && tab === 'analytics' && <AnalyticsPanel api={api} scope={{ kind: 'agent', name: agent.name }} title={agent.name} onUnauthorized={onUnauthorized} />}
    </section>
  );
}
