import { useEffect, useState } from 'preact/hooks';
import { ConfirmAction } from './confirm-action';
import type { ApiKey, ManagementApi, NewApiKey } from './console-api';
import { Problem } from './problem';
import { ROLE_HINT, type Role, rolesUpTo } from './roles';
import { useApiCall } from './use-api';
import { when } from './when';

/** A key's state as its row shows it: revoked and expired keys stay listed, as the record of who had access. */
function keyState(key: ApiKey, now: number): { label: string; tone: 'ok' | 'off' } {
  if (key.revoked_at) return { label: `revoked ${when(key.revoked_at)}`, tone: 'off' };
  if (key.expires_at && Date.parse(key.expires_at) <= now) return { label: 'expired', tone: 'off' };
  return { label: 'active', tone: 'ok' };
}

/** A new key, shown this once (the platform keeps only its hash): copy it, then done. */
function CreatedKey({ created, onDone }: { created: NewApiKey; onDone(): void }) {
  const [copied, setCopied] = useState<string>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Copying was refused by the browser: select the key and copy it.');
    }
  };
  return (
    <section class="created" aria-labelledby="created-key-title">
      <h3 id="created-key-title">“{created.name}” is ready</h3>
      <p>
        <strong>Copy the key now:</strong> it is shown only once. It acts as {/^[aeiou]/.test(created.role) ? 'an' : 'a'}{' '}
        {created.role}
        {created.expires_at ? ` until ${when(created.expires_at)}` : ' until it is revoked'}.
      </p>
      <div class="stack">
        <label for="created-key">Key of {created.name}</label>
        <input id="created-key" class="mono" readOnly value={created.key} onFocus={(e) => (e.target as HTMLInputElement).select()} />
        <div class="actions">
          <button type="button" class="primary" onClick={() => void copy()}>
            Copy key
          </button>
          <button type="button" onClick={onDone}>
            Done
          </button>
        </div>
        {copied && <p role="status">{copied}</p>}
      </div>
    </section>
  );
}

/**
 * The tenant's API keys (docs/api.md, "API keys"): each with its role, when it was made and last
 * used, its expiry and revocation; a new one with a role no higher than the owner's own and an
 * optional expiry; revoked after a second click, refused at once by every gateway.
 */
export function KeysPanel({ api, role, ownKeyId, onUnauthorized }: { api: ManagementApi; role: Role; ownKeyId?: string | undefined; onUnauthorized(): void }) {
  const [keys, setKeys] = useState<ApiKey[]>();
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState<{ name: string; role: Role; expires: string }>({ name: '', role: 'viewer', expires: '' });
  const [created, setCreated] = useState<NewApiKey>();
  const [confirmRevoke, setConfirmRevoke] = useState<string>();
  const list = useApiCall(onUnauthorized);
  const create = useApiCall(onUnauthorized);
  const change = useApiCall(onUnauthorized);
  const reload = () => list.run(async () => setKeys((await api.keys()).keys));

  useEffect(() => {
    void reload();
  }, [api]);

  const submit = (event: Event) => {
    event.preventDefault();
    void create.run(async () => {
      const expires = form.expires ? new Date(form.expires).toISOString() : undefined;
      setCreated(await api.createKey({ name: form.name.trim(), role: form.role, ...(expires ? { expires_at: expires } : {}) }));
      setCreating(false);
      setForm({ name: '', role: 'viewer', expires: '' });
      await reload();
    });
  };
  const now = Date.now();

  return (
    <section aria-labelledby="keys-title">
      <div class="heading">
        <h2 id="keys-title">API keys</h2>
        {!creating && (
          <button
            type="button"
            class="primary"
            onClick={() => {
              setCreating(true);
              setCreated(undefined);
            }}
          >
            New key
          </button>
        )}
      </div>
      <p class="muted">A key signs a program or a person into the API and this console. Its name is who visitors see when its holder answers in the inbox.</p>
      {created && <CreatedKey created={created} onDone={() => setCreated(undefined)} />}
      {creating && (
        <form class="link-form stack" onSubmit={submit} aria-labelledby="new-key-title">
          <h3 id="new-key-title">New API key</h3>
          <div class="grid">
            <div class="field">
              <label for="key-name">Name</label>
              <input id="key-name" value={form.name} maxLength={100} required onInput={(e) => setForm({ ...form, name: (e.target as HTMLInputElement).value })} />
            </div>
            <div class="field">
              <label for="key-role">Role</label>
              <select id="key-role" value={form.role} onChange={(e) => setForm({ ...form, role: (e.target as HTMLSelectElement).value as Role })}>
                {rolesUpTo(role).map((r) => (
                  <option key={r} value={r}>
                    {r} – {ROLE_HINT[r]}
                  </option>
                ))}
              </select>
            </div>
            <div class="field">
              <label for="key-expires">Expires (optional)</label>
              <input id="key-expires" type="datetime-local" value={form.expires} onInput={(e) => setForm({ ...form, expires: (e.target as HTMLInputElement).value })} />
            </div>
          </div>
          <Problem error={create.error} />
          <div class="actions">
            <button type="submit" class="primary" disabled={create.busy || !form.name.trim()}>
              Create key
            </button>
            <button type="button" onClick={() => setCreating(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <Problem error={list.error ?? change.error} />
      {keys && keys.length === 0 && <p>No keys yet.</p>}
      {keys && keys.length > 0 && (
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Role</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => {
                const state = keyState(key, now);
                return (
                  <tr key={key.key_id} data-key-id={key.key_id}>
                    <td>
                      <strong>{key.name}</strong>
                      {key.key_id === ownKeyId && <span class="muted"> (you are signed in with it)</span>}
                      <br />
                      <span class="muted mono">{key.key_id}</span>
                    </td>
                    <td>{key.role}</td>
                    <td>{when(key.created_at)}</td>
                    <td>{key.last_used_at ? when(key.last_used_at) : 'never'}</td>
                    <td>{key.expires_at ? when(key.expires_at) : 'never'}</td>
                    <td>
                      <span class={`badge ${state.tone}`}>{state.label}</span>
                    </td>
                    <td>
                      {!key.revoked_at && (
                        <div class="row-actions">
                          <ConfirmAction
                            label="Revoke"
                            subject={key.name}
                            asking={confirmRevoke === key.key_id}
                            busy={change.busy}
                            cancellable
                            onAsk={() => setConfirmRevoke(key.key_id)}
                            onCancel={() => setConfirmRevoke(undefined)}
                            onConfirm={() =>
                              void change.run(async () => {
                                await api.revokeKey(key.key_id);
                                await reload();
                              })
                            }
                          />
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
