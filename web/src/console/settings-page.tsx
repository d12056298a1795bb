import { useEffect, useState } from 'preact/hooks';
import type { ManagementApi, Tenant } from './console-api';
import { Problem } from './problem';
import { BASE, onNavigate } from './router';
import { useApiCall } from './use-api';

/**
 * The tenant's settings: the address told when a conversation waits for a person with nobody
 * there. Who may sign in – members and API keys – is the Team page's.
 */
export function SettingsPage({ api, tenantId, onUnauthorized }: { api: ManagementApi; tenantId: string; onUnauthorized(): void }) {
  const [tenant, setTenant] = useState<Tenant>();
  const [email, setEmail] = useState('');
  const [saved, setSaved] = useState<string>();
  const load = useApiCall(onUnauthorized);
  const save = useApiCall(onUnauthorized);

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
        <aside class="stack" aria-labelledby="access-title">
          <h2 id="access-title">Who may sign in</h2>
          <p class="muted">Members sign in with SSO; programs and people without SSO use API keys. Both are on the Team page, each with its role.</p>
          <div>
            <a class="button" href={`${BASE}/team`} onClick={onNavigate}>
              Open Team
            </a>
          </div>
        </aside>
      </div>
    </section>
  );
}
