import { useEffect, useState } from 'preact/hooks';
import type { LinkAddress, LinkTemplate, ManagementApi, NewLink, PublicLink } from './console-api';
import { AnalyticsPanel } from './analytics-panel';
import { CreatedLink } from './created-link';
import { LinkForm } from './link-form';
import { Problem } from './problem';
import { useApiCall } from './use-api';
import { when } from './when';

/** How often the list refreshes its usage counters while the tab is in view. */
const REFRESH_MS = 5_000;

const limit = (value: number | null, unit: string) => (value === null ? `unlimited ${unit}` : `${value.toLocaleString()} ${unit}`);

/**
 * An agent's public links: create (from a template or not; the URL shown once, with a QR code,
 * and mailed if asked), their state and usage, a new URL, deactivate, delete. Without `canEdit`
 * (a viewer), their state, usage and analytics only.
 */
export function LinksPanel({ api, agent, canEdit, onUnauthorized }: { api: ManagementApi; agent: string; canEdit: boolean; onUnauthorized(): void }) {
  const [links, setLinks] = useState<PublicLink[]>();
  const [creating, setCreating] = useState(false);
  const [templates, setTemplates] = useState<LinkTemplate[]>();
  const [created, setCreated] = useState<{ title: string; rotated: boolean } & LinkAddress>();
  /** A link and the action ("delete", "rotate") waiting for its second click: each loses something that cannot come back. */
  const [confirm, setConfirm] = useState<{ id: string; action: 'delete' | 'rotate' }>();
  /** The link whose analytics show under the list. */
  const [watched, setWatched] = useState<string>();
  const list = useApiCall(onUnauthorized);
  const create = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setLinks((await api.links(agent)).links));

  useEffect(() => {
    void reload();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void api.links(agent).then(({ links }) => setLinks(links), () => undefined);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [api, agent]);

  const openForm = () => {
    setCreating(true);
    if (!templates) void create.run(async () => setTemplates((await api.templates()).templates));
  };
  const onCreate = (body: NewLink) =>
    create.run(async () => {
      const link = await api.createLink(agent, body);
      setCreated({ ...link, title: link.title, rotated: false });
      setCreating(false);
      await reload();
    });
  const act = (work: () => Promise<unknown>) =>
    change.run(async () => {
      await work();
      await reload();
    });

  return (
    <section aria-labelledby="links-title">
      <div class="heading">
        <h2 id="links-title">Public links</h2>
        {canEdit && !creating && (
          <button type="button" class="primary" onClick={openForm}>
            New link
          </button>
        )}
        <button type="button" class="quiet" onClick={() => void reload()}>
          Refresh
        </button>
      </div>
      {created && <CreatedLink key={created.url} title={created.title} url={created.url} rotated={created.rotated} deliveries={created.deliveries} onDone={() => setCreated(undefined)} />}
      {creating && <LinkForm templates={templates} onCreate={onCreate} error={create.error} busy={create.busy} onCancel={() => setCreating(false)} />}
      <Problem error={list.error ?? change.error} />
      {links && links.length === 0 && !creating && (
        <p>{canEdit ? 'No links yet. A link lets anyone with its address chat with this agent, within the limits you set.' : 'This agent has no links yet.'}</p>
      )}
      {links && links.length > 0 && (
        <div class="table-scroll">
          <table class="links">
            <thead>
              <tr>
                <th scope="col">Link</th>
                <th scope="col">State</th>
                <th scope="col">Limits</th>
                <th scope="col">Sessions</th>
                <th scope="col">Messages</th>
                <th scope="col">Last activity</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {links.map((link) => (
                <tr key={link.id} data-link-id={link.id}>
                  <td>
                    <strong>{link.title}</strong>
                    <br />
                    <span class="muted">expires {link.expires_at ? when(link.expires_at) : 'never'}</span>
                  </td>
                  <td>
                    <span class={`badge ${link.state === 'active' ? 'ok' : 'off'}`}>{link.state}</span>
                  </td>
                  <td class="muted">
                    {limit(link.max_sessions, 'sessions')}, {limit(link.max_messages_per_session, 'messages each')}, {link.rate_limit_per_minute}/min
                    {link.require_email_verification ? ', email verified' : ''}
                    {link.has_passcode ? ', passcode' : ''}
                  </td>
                  <td class="num" data-usage="sessions">
                    {link.usage?.sessions ?? 0}
                  </td>
                  <td class="num" data-usage="messages">
                    {link.usage?.messages ?? 0}
                  </td>
                  <td>{when(link.usage?.last_activity_at)}</td>
                  <td>
                    <div class="row-actions">
                      <button type="button" aria-pressed={watched === link.id} onClick={() => setWatched(watched === link.id ? undefined : link.id)}>
                        Analytics<span class="sr-only"> {link.title}</span>
                      </button>
                      {canEdit && (
                        <>
                          <button type="button" disabled={change.busy} onClick={() => void act(() => api.updateLink(agent, link.id, { active: !link.active }))}>
                            {link.active ? 'Deactivate' : 'Activate'}
                            <span class="sr-only"> {link.title}</span>
                          </button>
                          {confirm?.id === link.id && confirm.action === 'rotate' ? (
                            <button
                              type="button"
                              class="danger"
                              disabled={change.busy}
                              onClick={() => {
                                setConfirm(undefined);
                                void act(async () => setCreated({ ...(await api.rotateLink(agent, link.id)), title: link.title, rotated: true }));
                              }}
                            >
                              Confirm new URL<span class="sr-only"> {link.title}</span>
                            </button>
                          ) : (
                            <button type="button" onClick={() => setConfirm({ id: link.id, action: 'rotate' })}>
                              New URL<span class="sr-only"> {link.title}</span>
                            </button>
                          )}
                          {confirm?.id === link.id && confirm.action === 'delete' ? (
                            <button
                              type="button"
                              class="danger"
                              disabled={change.busy}
                              onClick={() => {
                                setConfirm(undefined);
                                void act(() => api.deleteLink(agent, link.id));
                              }}
                            >
                              Confirm delete<span class="sr-only"> {link.title}</span>
                            </button>
                          ) : (
                            <button type="button" onClick={() => setConfirm({ id: link.id, action: 'delete' })}>
                              Delete<span class="sr-only"> {link.title}</span>
                            </button>
                          )}
                        </>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {watched && links?.some((l) => l.id === watched) && (
        <AnalyticsPanel api={api} scope={{ kind: 'link', id: watched }} title={links.find((l) => l.id === watched)?.title ?? watched} onUnauthorized={onUnauthorized} />
      )}
    </section>
  );
}
