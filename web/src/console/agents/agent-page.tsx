import { useEffect, useRef, useState } from 'preact/hooks';
import { AnalyticsPanel } from '../analytics/analytics-panel';
import { ExportCsvButton } from '../api/export-download';
import type { AgentDetail, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { KnowledgeGapsPanel } from '../knowledge/knowledge-gaps-panel';
import { RoleRefusal } from '../shell/role-refusal';
import { type Role, roleIncludes } from '../shell/roles';
import { agentPath, BASE, navigate, onNavigate } from '../shell/router';
import { CopyButton } from '../ui/copy-button';
import { Lazy } from '../ui/lazy';
import { Problem } from '../ui/problem';
import { t } from '../words';
import { Playground } from './playground';
import { TestsSection } from './tests-section';
import { VersionsPanel } from './versions-panel';

/** The agent's tabs, each with the least role that sees it (the playground runs the agent; transcripts are conversations). */
const TABS: readonly { id: string; label: string; role: Role }[] = [
  { id: 'config', label: t('agent.tabConfig'), role: 'viewer' },
  { id: 'try', label: t('agent.tabTry'), role: 'editor' },
  { id: 'links', label: t('agent.tabLinks'), role: 'viewer' },
  { id: 'analytics', label: t('agent.tabAnalytics'), role: 'viewer' },
  { id: 'knowledge-gaps', label: t('agent.tabGaps'), role: 'viewer' },
  { id: 'tests', label: t('agent.tabTests'), role: 'viewer' },
  { id: 'transcripts', label: t('transcripts.title'), role: 'operator' },
];

const DAY_MS = 86_400_000;
/** A date as a date field holds it (the person's local day). */
const dateField = (at: Date) => new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

/**
 * The agent's transcripts as CSV (docs/management-api.md "Transcripts export"): the conversations started
 * from the first day through the last, in the person's local days.
 */
function TranscriptsExport({ agent, onUnauthorized }: { agent: string; onUnauthorized(): void }) {
  const [from, setFrom] = useState(() => dateField(new Date(Date.now() - 30 * DAY_MS)));
  const [to, setTo] = useState(() => dateField(new Date()));
  const csvUrl = () => {
    if (!from || !to) return undefined;
    const end = new Date(`${to}T00:00`);
    end.setDate(end.getDate() + 1);
    const query = new URLSearchParams({ from: new Date(`${from}T00:00`).toISOString(), to: end.toISOString(), format: 'csv' });
    return `/api/agents/${encodeURIComponent(agent)}/conversations/export?${query}`;
  };
  return (
    <section aria-labelledby="transcripts-heading">
      <h2 id="transcripts-heading">{t('transcripts.title')}</h2>
      <p class="muted">{t('transcripts.intro')}</p>
      <div class="inline">
        <label for="transcripts-from">{t('transcripts.from')}</label>
        <input id="transcripts-from" type="date" value={from} max={to} onInput={(e) => setFrom((e.target as HTMLInputElement).value)} />
        <label for="transcripts-to">{t('transcripts.to')}</label>
        <input id="transcripts-to" type="date" value={to} min={from} onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
        <ExportCsvButton url={csvUrl} disabled={!from || !to || from > to} onUnauthorized={onUnauthorized} />
      </div>
    </section>
  );
}

/**
 * One agent: its config and versions, a playground to try it, its public links, analytics and the
 * questions its knowledge had no passage for – each a tab with its own address. A viewer reads
 * them all and changes nothing.
 */
export function AgentPage({
  api,
  name,
  tab,
  item,
  role,
  onUnauthorized,
}: {
  api: ManagementApi;
  name: string;
  tab: string;
  /** One of the tab's own things: a link's id on the links tab. */
  item?: string | undefined;
  role: Role;
  onUnauthorized(): void;
}) {
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
  // On a narrow screen the tabs scroll sideways: the open one is brought into sight.
  const tabs = useRef<HTMLElement>(null);
  useEffect(() => {
    tabs.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
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
      {agent && (
        <p class="agent-id">
          <span class="muted">{t('agent.id')}</span> <code data-agent-id>{agent.id}</code> <CopyButton text={agent.id} label={t('agent.copyId')} />{' '}
          <small class="muted">{t('agent.idHint')}</small>
        </p>
      )}
      <Problem error={error} />
      <nav class="tabs" ref={tabs} aria-label={t('agent.sections')}>
        {TABS.filter((shown) => roleIncludes(role, shown.role)).map((shown) => (
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
      {agent &&
        tab === 'try' &&
        (canEdit ? (
          <Playground key={tryVersion} api={api} agent={agent} initialVersion={tryVersion} onUnauthorized={onUnauthorized} />
        ) : (
          <RoleRefusal role={role} what={t('agent.tryRefused')} />
        ))}
      {agent && tab === 'links' && (
        <Lazy
          load={() => import('../links/links-pages')}
          show={(links) =>
            item ? (
              <links.LinkPage api={api} agent={agent.name} id={item} canEdit={canEdit} onUnauthorized={onUnauthorized} />
            ) : (
              <links.LinksPanel api={api} agent={agent.name} versions={agent.versions} canEdit={canEdit} onUnauthorized={onUnauthorized} />
            )
          }
        />
      )}
      {agent && tab === 'analytics' && (
        <AnalyticsPanel api={api} scope={{ kind: 'agent', name: agent.name }} title={agent.name} onUnauthorized={onUnauthorized} />
      )}
      {agent && tab === 'knowledge-gaps' && <KnowledgeGapsPanel api={api} agent={agent.name} onUnauthorized={onUnauthorized} />}
      {agent && tab === 'tests' && <TestsSection api={api} agent={agent} canEdit={canEdit} onUnauthorized={onUnauthorized} />}
      {agent &&
        tab === 'transcripts' &&
        (roleIncludes(role, 'operator') ? (
          <TranscriptsExport agent={agent.name} onUnauthorized={onUnauthorized} />
        ) : (
          <RoleRefusal role={role} what={t('transcripts.refused')} />
        ))}
    </section>
  );
}
