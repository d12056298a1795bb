import { useState } from 'preact/hooks';
import { ConfigEditor, parseConfig } from './config-editor';
import type { AgentDetail, ManagementApi } from './console-api';
import { Problem } from './problem';
import { useApiCall } from './use-api';
import { when } from './when';

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
      setSaved(`Saved as version ${version}${activateNow ? ', now active' : ''}.`);
      await onChanged();
    });
  };

  return (
    <div class="columns">
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">Versions</h2>
        <Problem error={activate.error} />
        <ul class="versions">
          {[...agent.versions].reverse().map((v) => (
            <li key={v.version}>
              <span>
                <strong>v{v.version}</strong> <span class="muted">{when(v.created_at)}</span>
              </span>
              {v.active ? (
                <span class="badge ok">active</span>
              ) : !canEdit ? null : (
                <button type="button" disabled={activate.busy} onClick={() => void activateVersion(v.version)}>
                  Activate v{v.version}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="edit-title">
        <h2 id="edit-title">Config of v{agent.active_version}</h2>
        {!canEdit && (
          <div class="stack">
            <label for="version-config">Config (JSON)</label>
            <textarea id="version-config" class="code" rows={22} readOnly spellcheck={false} value={text} />
          </div>
        )}
        {canEdit && (
          <form class="stack" onSubmit={submit}>
            <ConfigEditor id="version-config" text={text} onText={setText} error={save.error} />
            <label class="check">
              <input type="checkbox" checked={activateNow} onChange={(e) => setActivateNow((e.target as HTMLInputElement).checked)} /> Make the new version active
            </label>
            <div>
              <button type="submit" class="primary" disabled={save.busy}>
                Save as new version
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
