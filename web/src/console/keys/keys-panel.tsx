import { useEffect, useState } from 'preact/hooks';
import type { ApiKey, ManagementApi, NewApiKey } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import type { Role } from '../shell/roles';
import { ConfirmAction, useAsking } from '../ui/confirm-action';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { GrantForm } from '../ui/grant-form';
import { Problem } from '../ui/problem';
import { ShownOnce } from '../ui/shown-once';
import { when } from '../ui/when';
import { t } from '../words';

/** A key's state as its row shows it: revoked and expired keys stay listed, as the record of who had access. */
function keyState(key: ApiKey, now: number): { label: string; tone: 'ok' | 'off' } {
  if (key.revoked_at) return { label: t('keys.revoked', { when: when(key.revoked_at) }), tone: 'off' };
  if (key.expires_at && Date.parse(key.expires_at) <= now) return { label: t('keys.expired'), tone: 'off' };
  return { label: t('keys.active'), tone: 'ok' };
}

/** Whom a key acts as, article and all: "an editor". */
const ACTS_AS: Record<Role, string> = { owner: t('keys.asOwner'), editor: t('keys.asEditor'), operator: t('keys.asOperator'), viewer: t('keys.asViewer') };

/**
 * The tenant's API keys (docs/management-api.md, "API keys"): each with its role, when it was made and last
 * used, its expiry and revocation; a new one with a role no higher than the owner's own and an
 * optional expiry; revoked after a second click, refused at once by every gateway.
 */
export function KeysPanel({ api, role, ownKeyId, onUnauthorized }: { api: ManagementApi; role: Role; ownKeyId?: string | undefined; onUnauthorized(): void }) {
  const [keys, setKeys] = useState<ApiKey[]>();
  const [creating, setCreating] = useState(false);
  const [form, setForm] = useState<{ name: string; role: Role; expires: string }>({ name: '', role: 'viewer', expires: '' });
  const [created, setCreated] = useState<NewApiKey>();
  const ask = useAsking<string>();
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
        <h1 id="keys-title">{t('section.keys')}</h1>
        {!creating && (
          <button
            type="button"
            class="primary"
            onClick={() => {
              setCreating(true);
              setCreated(undefined);
            }}
          >
            {t('keys.new')}
          </button>
        )}
      </div>
      <p class="muted">{t('keys.intro')}</p>
      {created && (
        <ShownOnce
          title={t('keys.ready', { name: created.name })}
          lines={
            <>
              <strong>{t('keys.copyNow')}</strong>{' '}
              {t('keys.shownOnce', {
                role: ACTS_AS[created.role],
                until: created.expires_at ? t('keys.until', { when: when(created.expires_at) }) : t('keys.untilRevoked'),
              })}
            </>
          }
          label={t('keys.keyOf', { name: created.name })}
          value={created.key}
          copyLabel={t('keys.copy')}
          refused={t('keys.copyRefused')}
          onDone={() => setCreated(undefined)}
        />
      )}
      {creating && (
        <GrantForm
          kind="key"
          title={t('keys.newTitle')}
          held={role}
          grant={form}
          onGrant={setForm}
          error={create.error}
          busy={create.busy}
          submitLabel={t('keys.create')}
          onSubmit={submit}
          onCancel={() => setCreating(false)}
        >
          <div class="field">
            <label for="key-expires">{t('keys.expiresOptional')}</label>
            <input
              id="key-expires"
              type="datetime-local"
              value={form.expires}
              onInput={(e) => setForm({ ...form, expires: (e.target as HTMLInputElement).value })}
            />
          </div>
        </GrantForm>
      )}
      <Problem error={list.error ?? change.error} />
      <DataTable
        rows={keys}
        class="stacked"
        columns={[t('keys.key'), t('common.role'), t('keys.created'), t('keys.lastUsed'), t('keys.expires'), t('common.state')]}
        actions
        empty={<EmptyState>{t('keys.noneYet')}</EmptyState>}
        row={(key) => {
          const state = keyState(key, now);
          return (
            <tr key={key.key_id} data-key-id={key.key_id}>
              <td data-label={t('keys.key')}>
                <strong>{key.name}</strong>
                {key.key_id === ownKeyId && <span class="muted"> {t('keys.yours')}</span>}
                <br />
                <span class="muted mono">{key.key_id}</span>
              </td>
              <td data-label={t('common.role')}>{key.role}</td>
              <td data-label={t('keys.created')}>{when(key.created_at)}</td>
              <td data-label={t('keys.lastUsed')}>{key.last_used_at ? when(key.last_used_at) : t('common.never')}</td>
              <td data-label={t('keys.expires')}>{key.expires_at ? when(key.expires_at) : t('common.never')}</td>
              <td data-label={t('common.state')}>
                <span class={`badge ${state.tone}`}>{state.label}</span>
              </td>
              <td>
                {!key.revoked_at && (
                  <div class="row-actions">
                    <ConfirmAction
                      {...ask(key.key_id)}
                      label={t('keys.revoke')}
                      subject={key.name}
                      busy={change.busy}
                      cancellable
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
        }}
      />
    </section>
  );
}
