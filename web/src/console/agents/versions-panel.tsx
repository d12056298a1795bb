import { useState } from 'preact/hooks';
import type { AgentDetail, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { ConfirmAction, useAsking } from '../ui/confirm-action';
import { Notice } from '../ui/notice';
import { fieldProblems, Problem } from '../ui/problem';
import { when } from '../ui/when';
import { t } from '../words';
import { BuilderSection } from './builder-section';
import { ConfigEditor, parseConfig } from './config-editor';

export type VersionInfo = AgentDetail['versions'][number];

/** A version's badge: a draft, the active version, or another published one. */
export const versionBadge = (v: Pick<VersionInfo, 'state' | 'active'>) =>
  v.state === 'draft'
    ? { label: t('versions.draft'), tone: 'warn' }
    : v.active
      ? { label: t('versions.active'), tone: 'ok' }
      : { label: t('versions.published'), tone: '' };

/**
 * The agent's versions – drafts, published, the active one – and one version's config in the
 * editor (the active one at first; "Open" loads another). Saving the editor makes a new draft,
 * which runs nowhere but where it is asked for by number until it is published (docs/management-api.md
 * "Versions: drafts and published"). The config is drawn as a graph above its JSON, edited in
 * either. Without `canEdit`, all read-only.
 */
export function VersionsPanel({
  api,
  agent,
  canEdit,
  onChanged,
  onTry,
  onUnauthorized,
}: {
  api: ManagementApi;
  agent: AgentDetail;
  canEdit: boolean;
  onChanged(): Promise<unknown>;
  /** Opens the playground on this version. */
  onTry(version: number): void;
  onUnauthorized(): void;
}) {
  const [text, setText] = useState(() => JSON.stringify(agent.config, null, 2));
  const [opened, setOpened] = useState(agent.active_version);
  const [saved, setSaved] = useState<string>();
  /** Problems the builder finds in the config: it is not saved while there are any. */
  const [unfixed, setUnfixed] = useState(0);
  /** The version whose "Publish" (or "Make active") waits for its second click. */
  const ask = useAsking<number>();
  const save = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const openedInfo = agent.versions.find((v) => v.version === opened);

  const open = (version: number) =>
    change.run(async () => {
      const detail = await api.version(agent.name, version);
      setText(JSON.stringify(detail.config, null, 2));
      setOpened(version);
      setSaved(undefined);
    });

  const publish = (version: number) =>
    change.run(async () => {
      const answer = await api.publish(agent.name, version);
      setSaved(t(answer.published ? 'versions.publishedNow' : 'versions.activeNow', { version: String(version) }));
      await onChanged();
    });

  const submit = (event: Event) => {
    event.preventDefault();
    setSaved(undefined);
    void save.run(async () => {
      const { version } = await api.createVersion(agent.name, parseConfig(text));
      setOpened(version);
      setSaved(t('versions.savedDraft', { version: String(version) }));
      await onChanged();
    });
  };

  const label = (version: number) => t('common.version', { version: String(version) });
  return (
    <div class="columns">
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t('versions.title')}</h2>
        <Problem error={change.error} />
        <ul class="versions">
          {[...agent.versions].reverse().map((v) => {
            const badge = versionBadge(v);
            return (
              <li key={v.version} data-version={v.version} aria-current={v.version === opened ? 'true' : undefined}>
                <span class="version-about">
                  <strong>{label(v.version)}</strong> <span class={`badge ${badge.tone}`}>{badge.label}</span>
                  <br />
                  <span class="muted">
                    {t('versions.created', { when: when(v.created_at) })}
                    {v.published_at && ` · ${t('versions.publishedAt', { when: when(v.published_at) })}`}
                  </span>
                </span>
                <span class="row-actions">
                  <button type="button" disabled={change.busy} onClick={() => void open(v.version)}>
                    {t('versions.open')}
                    <span class="sr-only"> {label(v.version)}</span>
                  </button>
                  {canEdit && (
                    <button type="button" onClick={() => onTry(v.version)}>
                      {t('versions.try')}
                      <span class="sr-only"> {label(v.version)}</span>
                    </button>
                  )}
                  {canEdit && !v.active && (
                    <ConfirmAction
                      {...ask(v.version)}
                      label={v.state === 'draft' ? t('versions.publish') : t('versions.makeActive')}
                      subject={label(v.version)}
                      busy={change.busy}
                      cancellable
                      onConfirm={() => void publish(v.version)}
                    />
                  )}
                </span>
              </li>
            );
          })}
        </ul>
        <Notice text={saved} />
      </section>
      <section aria-labelledby="edit-title">
        <h2 id="edit-title">
          {t('versions.configOf', { version: String(opened) })}{' '}
          {openedInfo && <span class={`badge ${versionBadge(openedInfo).tone}`}>{versionBadge(openedInfo).label}</span>}
        </h2>
        {/* The graph and the JSON are one config: each edit in either shows in the other. */}
        <BuilderSection text={text} onText={setText} problems={fieldProblems(save.error)} readOnly={!canEdit} onCheck={setUnfixed} />
        {!canEdit && (
          <div class="stack">
            <label for="version-config">{t('config.label')}</label>
            <textarea id="version-config" class="code" rows={22} readOnly spellcheck={false} value={text} />
          </div>
        )}
        {canEdit && (
          <form class="stack" onSubmit={submit}>
            <ConfigEditor id="version-config" text={text} onText={setText} error={save.error} />
            <p class="muted" id="save-draft-hint">
              {t('versions.saveHint')}
            </p>
            <div>
              <button type="submit" class="primary" disabled={save.busy || unfixed > 0} aria-describedby="save-draft-hint wf-check">
                {t('versions.save')}
              </button>
            </div>
          </form>
        )}
      </section>
    </div>
  );
}
