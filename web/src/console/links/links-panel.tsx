import { Fragment } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { VersionInfo } from '../agents/versions-panel';
import { AnalyticsPanel } from '../analytics/analytics-panel';
import type { LinkAddress, LinkTemplate, ManagementApi, NewLink, PublicLink } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { agentPath, onNavigate } from '../shell/router';
import { ConfirmAction, useAsking } from '../ui/confirm-action';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { when } from '../ui/when';
import { t } from './link-words';
import { CreatedLink } from './created-link';
import { LinkForm } from './link-form';
import { LinkVersionEditor } from './link-version-editor';
import { linkVersionSummary } from './link-version-fields';

/** A link's own page, under its agent's links tab. */
export const linkPath = (agent: string, id: string) => `${agentPath(agent, 'links')}/${encodeURIComponent(id)}`;

/** How often the list refreshes its usage counters while the tab is in view. */
const REFRESH_MS = 5_000;
/** The list's columns: an editor under a row spans them all. */
const COLUMNS = 7;

/** A link's limits as its row lists them: "5 sessions, 12 messages each, 30/min, email verified". */
function limits(link: PublicLink): string {
  const parts = [
    link.max_sessions === null ? t('links.anySessions') : t('links.maxSessions', { count: link.max_sessions }),
    link.max_messages_per_session === null ? t('links.anyMessages') : t('links.maxMessages', { count: link.max_messages_per_session }),
    t('links.perMinute', { count: link.rate_limit_per_minute }),
  ];
  if (link.require_email_verification) parts.push(t('links.emailVerified'));
  if (link.has_passcode) parts.push(t('links.passcode'));
  // Joined as the words' language lists things, whatever locale the numbers follow.
  return new Intl.ListFormat(t.lang, { type: 'unit', style: 'short' }).format(parts);
}

/**
 * An agent's public links: create (from a template or not; the URL shown once, with a QR code and
 * the widget's snippet, and mailed if asked), their state and usage, the version each runs
 * (changed in place, under its row), each one's page to edit it, a new URL, deactivate, delete. Without `canEdit` (a viewer), their state, usage and
 * analytics only.
 */
export function LinksPanel({
  api,
  agent,
  versions,
  canEdit,
  onUnauthorized,
}: {
  api: ManagementApi;
  agent: string;
  /** The agent's versions: the form pins or splits between them, and a row names a pinned draft a preview. */
  versions?: VersionInfo[] | undefined;
  canEdit: boolean;
  onUnauthorized(): void;
}) {
  const [links, setLinks] = useState<PublicLink[]>();
  const [creating, setCreating] = useState(false);
  const [templates, setTemplates] = useState<LinkTemplate[]>();
  /** The tenant's teams for the form's choice; left undefined when they cannot be read (the form takes an id then). */
  const [teams, setTeams] = useState<{ id: string; name: string }[]>();
  const [created, setCreated] = useState<{ title: string; rotated: boolean } & LinkAddress>();
  /** A link's action (`rotate:<id>`, `delete:<id>`) waiting for its second click: each loses something that cannot come back. */
  const ask = useAsking<string>();
  /** The link whose analytics show under the list. */
  const [watched, setWatched] = useState<string>();
  /** The link whose version is being changed, its editor under its row. */
  const [editing, setEditing] = useState<string>();
  /** What the last version change came to, said once the editor has closed. */
  const [versionSaved, setVersionSaved] = useState<string>();
  /** The link whose "Version…" button gets the focus back when its editor closes. */
  const refocus = useRef<string | undefined>(undefined);
  const list = useApiCall(onUnauthorized);
  const create = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setLinks((await api.links(agent)).links));

  useEffect(() => {
    void reload();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible')
        void api.links(agent).then(
          ({ links }) => setLinks(links),
          () => undefined,
        );
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [api, agent]);

  const openForm = () => {
    setCreating(true);
    if (!templates) void create.run(async () => setTemplates((await api.templates()).templates));
    if (!teams)
      void api.teams().then(
        ({ teams: all }) => setTeams(all.map(({ id, name }) => ({ id, name }))),
        () => undefined,
      );
  };
  const onCreate = (body: NewLink) =>
    create.run(async () => {
      const link = await api.createLink(agent, body);
      setCreated({ ...link, title: link.title, rotated: false });
      setCreating(false);
      await reload();
    });
  const closeEditor = () => {
    refocus.current = editing;
    setEditing(undefined);
  };
  const onVersionSaved = (saved: PublicLink) => {
    // The row says the new version at once; the list's next read brings the rest.
    setLinks((current) => current?.map((link) => (link.id === saved.id ? { ...link, ...saved } : link)));
    setVersionSaved(t('linkVersion.saved', { title: saved.title, summary: linkVersionSummary(saved, versions) ?? t('linkVersion.following') }));
    closeEditor();
    void reload();
  };
  useEffect(() => {
    if (editing || !refocus.current) return;
    document.querySelector<HTMLButtonElement>(`tr[data-link-id="${refocus.current}"] [data-edit-version]`)?.focus();
    refocus.current = undefined;
  }, [editing]);

  const act = (work: () => Promise<unknown>) =>
    change.run(async () => {
      await work();
      await reload();
    });

  return (
    <section aria-labelledby="links-title">
      <div class="heading">
        <h2 id="links-title">{t('links.title')}</h2>
        {canEdit && !creating && (
          <button type="button" class="primary" onClick={openForm}>
            {t('links.new')}
          </button>
        )}
        <button type="button" class="quiet" onClick={() => void reload()}>
          {t('common.refresh')}
        </button>
      </div>
      {created && (
        <CreatedLink
          key={created.url}
          title={created.title}
          url={created.url}
          rotated={created.rotated}
          deliveries={created.deliveries}
          onDone={() => setCreated(undefined)}
        />
      )}
      {creating && (
        <LinkForm
          templates={templates}
          teams={teams}
          versions={versions}
          onCreate={onCreate}
          error={create.error}
          busy={create.busy}
          onCancel={() => setCreating(false)}
        />
      )}
      <Problem error={list.error ?? change.error} />
      <Notice text={versionSaved} />
      <DataTable
        rows={links}
        class="links stacked"
        columns={[t('links.link'), t('common.state'), t('links.limits'), t('links.sessions'), t('links.messages'), t('links.lastActivity')]}
        actions
        empty={!creating && <EmptyState>{canEdit ? t('links.noneYetCreate') : t('links.noneYet')}</EmptyState>}
        row={(link) => (
          <Fragment key={link.id}>
            <tr data-link-id={link.id}>
              <td data-label={t('links.link')}>
                <a href={linkPath(agent, link.id)} onClick={onNavigate}>
                  <strong>{link.title}</strong>
                </a>
                <br />
                <span class="muted">{t('links.expires', { when: link.expires_at ? when(link.expires_at) : t('common.never') })}</span>
                {linkVersionSummary(link, versions) && (
                  <>
                    <br />
                    <span class="link-version-summary" data-link-version>
                      {linkVersionSummary(link, versions)}
                    </span>
                  </>
                )}
              </td>
              <td data-label={t('common.state')}>
                <span class={`badge ${link.state === 'active' ? 'ok' : 'off'}`}>{link.state}</span>
              </td>
              <td data-label={t('links.limits')} class="muted">
                {limits(link)}
              </td>
              <td data-label={t('links.sessions')} class="num" data-usage="sessions">
                {t.number(link.usage?.sessions ?? 0)}
              </td>
              <td data-label={t('links.messages')} class="num" data-usage="messages">
                {t.number(link.usage?.messages ?? 0)}
              </td>
              <td data-label={t('links.lastActivity')}>{when(link.usage?.last_activity_at)}</td>
              <td>
                <div class="row-actions">
                  <button type="button" aria-pressed={watched === link.id} onClick={() => setWatched(watched === link.id ? undefined : link.id)}>
                    {t('links.analytics')}
                    <span class="sr-only"> {link.title}</span>
                  </button>
                  {canEdit && (
                    <>
                      <a class="button" href={linkPath(agent, link.id)} onClick={onNavigate}>
                        {t('links.edit')}
                        <span class="sr-only"> {link.title}</span>
                      </a>
                      {versions && versions.length > 0 && (
                        <button
                          type="button"
                          data-edit-version
                          aria-expanded={editing === link.id}
                          aria-controls={editing === link.id ? `link-version-editor-${link.id}` : undefined}
                          onClick={() => {
                            setVersionSaved(undefined);
                            if (editing === link.id) closeEditor();
                            else setEditing(link.id);
                          }}
                        >
                          {t('linkVersion.edit')}
                          <span class="sr-only"> {link.title}</span>
                        </button>
                      )}
                      <button type="button" disabled={change.busy} onClick={() => void act(() => api.updateLink(agent, link.id, { active: !link.active }))}>
                        {link.active ? t('links.deactivate') : t('links.activate')}
                        <span class="sr-only"> {link.title}</span>
                      </button>
                      <ConfirmAction
                        {...ask(`rotate:${link.id}`)}
                        label={t('links.rotate')}
                        confirmLabel={t('links.confirmRotate')}
                        subject={link.title}
                        busy={change.busy}
                        onConfirm={() => void act(async () => setCreated({ ...(await api.rotateLink(agent, link.id)), title: link.title, rotated: true }))}
                      />
                      <ConfirmAction
                        {...ask(`delete:${link.id}`)}
                        label={t('common.delete')}
                        subject={link.title}
                        busy={change.busy}
                        onConfirm={() => void act(() => api.deleteLink(agent, link.id))}
                      />
                    </>
                  )}
                </div>
              </td>
            </tr>
            {canEdit && editing === link.id && versions && versions.length > 0 && (
              <tr id={`link-version-editor-${link.id}`}>
                <td class="link-version-edit-cell" colSpan={COLUMNS}>
                  <LinkVersionEditor
                    api={api}
                    agent={agent}
                    link={link}
                    versions={versions}
                    onSaved={onVersionSaved}
                    onCancel={closeEditor}
                    onUnauthorized={onUnauthorized}
                  />
                </td>
              </tr>
            )}
          </Fragment>
        )}
      />
      {watched && links?.some((l) => l.id === watched) && (
        <AnalyticsPanel
          api={api}
          scope={{ kind: 'link', id: watched }}
          title={links.find((l) => l.id === watched)?.title ?? watched}
          onUnauthorized={onUnauthorized}
        />
      )}
    </section>
  );
}
