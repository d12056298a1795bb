import { useEffect, useState } from 'preact/hooks';
import type { ManagementApi, Tenant } from './console-api';
import { Problem } from './problem';
import { useApiCall } from './use-api';

/**
 * The tenant's settings: the address told when a conversation waits for a person with nobody
 * there, and keys for operators – each named, since the name is what visitors see when that
 * person answers.
 */
export function SettingsPage({ api, tenantId, onUnauthorized }: { api: ManagementApi; tenantId: string; onUnauthorized(): void }) {
  const [tenant, setTenant] = useState<Tenant>();
  const [email, setEmail] = useState('');
  const [saved, setSaved] = useState<string>();
  const [keyName, setKeyName] = useState('');
  const [created, setCreated] = useState<{ name: string; key: string }>();
  const load = useApiCall(onUnauthorized);
  const save = useApiCall(onUnauthorized);
  const mint = useApiCall(onUnauthorized);

  useEffect(() => {
    void load.run(async () => {
      const found = (await api.tenants()).tenants.find((t) => t.id === tenantId);
      setTenant(found);
      // What the person typed while the tenant was loading stays.
      setEmail((typed) => typed || (found?.operator_email ?? ''));
    });
  }, [api, tenantId]);

  const submit = (event: Event) => {
    event.preventDefault();
    setSaved(undefined);
    void save.run(async () => {
      const updated = await api.updateTenant(tenantId, { operator_email: email.trim() === '' ? null : email.trim() });
      setTenant(updated);
      setSaved(updated.operator_email ? `Notices go to ${updated.operator_email}.` : 'No address: nobody is mailed.');
    });
  };
  const createKey = (event: Event) => {
    event.preventDefault();
    void mint.run(async () => {
      const key = await api.createKey(tenantId, keyName.trim());
      setCreated({ name: key.name, key: key.key });
      setKeyName('');
    });
  };

  return (
    <section>
      <h1>Settings{tenant ? ` · ${tenant.name}` : ''}</h1>
      <Problem error={load.error} />
      <div class="columns settings">
        <form class="stack" onSubmit={submit} aria-labelledby="notices-title">
          <h2 id="notices-title">Operator notices</h2>
          <p class="muted">When a conversation waits for a person and nobody has the inbox open, or it waits too long, this address gets a mail.</p>
          <label for="operator-email">Operator email</label>
          <input id="operator-email" type="email" value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
          <Problem error={save.error} />
          <div>
            <button type="submit" class="primary" disabled={save.busy}>
              Save
            </button>
          </div>
          {saved && (
            <p class="notice" role="status">
              {saved}
            </p>
          )}
        </form>
        <form class="stack" onSubmit={createKey} aria-labelledby="keys-title">
          <h2 id="keys-title">Operator keys</h2>
          <p class="muted">A key signs a person into this console. Its name is who visitors see answering.</p>
          <label for="key-name">Name</label>
          <input id="key-name" value={keyName} maxLength={100} onInput={(e) => setKeyName((e.target as HTMLInputElement).value)} />
          <Problem error={mint.error} />
          <div>
            <button type="submit" disabled={mint.busy || !keyName.trim()}>
              Create key
            </button>
          </div>
          {created && (
            <div class="notice" role="status">
              <p>
                <strong>{created.name}</strong>'s key – copy it now, it is shown only once:
              </p>
              <input aria-label={`Key of ${created.name}`} readOnly value={created.key} onFocus={(e) => (e.target as HTMLInputElement).select()} />
            </div>
          )}
        </form>
      </div>
    </section>
  );
}
