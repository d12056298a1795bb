import { useEffect, useState } from 'preact/hooks';
import type { ManagementApi, Tenant } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { Problem } from '../ui/problem';
import { t } from '../words';

/** The platform admin acts on one tenant at a time: choose it, or create one. */
export function TenantPicker({ api, onChosen, onUnauthorized }: { api: ManagementApi; onChosen(tenant: Tenant): void; onUnauthorized(): void }) {
  const [tenants, setTenants] = useState<Tenant[]>();
  const [name, setName] = useState('');
  const { run, error, busy } = useApiCall(onUnauthorized);

  useEffect(() => {
    void run(async () => setTenants((await api.tenants()).tenants));
  }, [api]);

  const create = (event: Event) => {
    event.preventDefault();
    void run(async () => onChosen(await api.createTenant(name.trim())));
  };

  return (
    <section>
      <h1>{t('tenant.choose')}</h1>
      <Problem error={error} />
      {tenants && tenants.length === 0 && <p>{t('tenant.none')}</p>}
      {tenants && tenants.length > 0 && (
        <ul class="cards">
          {tenants.map((tenant) => (
            <li key={tenant.id}>
              <button type="button" class="card" onClick={() => onChosen(tenant)}>
                <strong>{tenant.name}</strong>
                <span class="muted mono">{tenant.id}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <form class="inline" onSubmit={create}>
        <label for="tenant-name">{t('tenant.new')}</label>
        <input id="tenant-name" value={name} maxLength={200} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        <button type="submit" disabled={busy || !name.trim()}>
          {t('tenant.create')}
        </button>
      </form>
    </section>
  );
}
