import { useState } from 'preact/hooks';
import { ConfigEditor, parseConfig } from './config-editor';
import type { AgentDetail, ManagementApi } from './console-api';
import { Problem } from './problem';
import { useApiCall } from './use-api';
import { when } from './when';
import { t } from './words';

/** The agent's versions (activate any of them) and the active config, edited into a new version; without `canEdit`, both read-only. */
export function VersionsPanel({
  api,
  agent,
  canEdit,
  onChanged,
  onUnauthorized,
}: {
  api: ManagementApi;
  agent: AgentDetail;
  canEdit: boolean;
  onChanged(): Promise<unknown>;
  onUnauthorized(): void;
}) {
  const [text, setText] = useState(() => JSON.stringify(agent.config, null, 2));
  const [activateNow, setActivateNow] = useState(true);
  const [saved, setSaved] = useState<string>();
  const save = useApiCall(onUnauthorized);
  const activate = useApiCall(onUnauthorized);

  const activateVersion = (version: number) =>
    activate.run(async () => {
      await api.activate(agent.name, version);
      await onChanged();
    });

  const submit = (event: Event) => {
    event.preventDefault();
    setSaved(undefined);
    void save.run(async () => {
      const { version } = await api.createVersion(agent.name, parseConfig(text));
      if (activateNow) await api.activate(agent.name, version);
      setSaved(t(activateNow ? 'versions.savedActive' : 'versions.saved', { version: String(version) }));
      await onChanged();
    });
  };

  return (
    <div class="columns">
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t('versions.title')}</h2>
        <Problem error={activate.error} />
        <ul class="versions">
          {[...agent.versions].reverse().map((v) => (
            <li key={v.version}>
              <span>
                <strong>{t('common.version', { version: String(v.version) })}</strong> <span class="muted">{when(v.created_at)}</span>
              </span>
              {v.active ? (
                <span class="badge ok">{t('versions.active')}</span>
              ) : !canEdit ? null : (
                <button type="button" disabled={activate.busy} onClick={() => void activateVersion(v.version)}>
                  {t('versions.activate', { version: String(v.version) })}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="edit-title">
        <h2 id="edit-title">{t('versions.configOf', { version: String(agent.active_version) })}</h2>
        {!canEdit && (
          <div class="stack">
            <label for="version-config">{t('config.label')}</label>
            <textarea id="version-config" class="code" rows={22} readOnly spellcheck={false} value={text} />
          </div>
        )}
        {canEdit && (
          <form class="stack" onSubmit={submit}>
            <ConfigEditor id="version-config" text={text} onText={setText} error={save.error} />
            <label class="check">
              <input type="checkbox" checked={activateNow} onChange={(e) => setActivateNow((e.target as HTMLInputElement).checked)} /> {t('versions.makeActive')}
            </label>
            <div>
              <button type="submit" class="primary" disabled={save.busy}>
                {t('versions.save')}
              </button>
            </div>
            {saved && (
              <p class="notice" role="status">
                {saved}
              </p>
            )}
          </form>
        )}
      </section>
    </div>
  );
}
