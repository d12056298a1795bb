import { useEffect, useState } from 'preact/hooks';
import type { ManagementApi, Tenant } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { BASE, onNavigate } from '../shell/router';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { t } from '../words';

/**
 * The tenant's settings: the address told when a conversation waits for a person with nobody
 * there. Who may sign in – members and API keys – is on the Members and API keys pages; the inbox's canned replies
 * have a page of their own, which operators open too.
 */
export function SettingsPage({ api, tenantId, onUnauthorized }: { api: ManagementApi; tenantId: string; onUnauthorized(): void }) {
  const [tenant, setTenant] = useState<Tenant>();
  const [email, setEmail] = useState('');
  const [saved, setSaved] = useState<string>();
  const load = useApiCall(onUnauthorized);
  const save = useApiCall(onUnauthorized);

  useEffect(() => {
    void load.run(async () => {
      const found = (await api.tenants()).tenants.find((listed) => listed.id === tenantId);
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
      setSaved(updated.operator_email ? t('settings.noticesTo', { email: updated.operator_email }) : t('settings.noAddress'));
    });
  };
  return (
    <section>
      <h1>{tenant ? t('settings.titleOf', { tenant: tenant.name }) : t('section.settings')}</h1>
      <Problem error={load.error} />
      <div class="columns settings">
        <form class="stack" onSubmit={submit} aria-labelledby="notices-title">
          <h2 id="notices-title">{t('settings.notices')}</h2>
          <p class="muted">{t('settings.noticesHint')}</p>
          <label for="operator-email">{t('settings.operatorEmail')}</label>
          <input id="operator-email" type="email" value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
          <Problem error={save.error} />
          <div>
            <button type="submit" class="primary" disabled={save.busy}>
              {t('settings.save')}
            </button>
          </div>
          <Notice text={saved} />
        </form>
        <aside class="stack" aria-labelledby="access-title">
          <h2 id="access-title">{t('settings.access')}</h2>
          <p class="muted">{t('settings.accessHint')}</p>
          <div>
            <a class="button" href={`${BASE}/members`} onClick={onNavigate}>
              {t('settings.openMembers')}
            </a>{' '}
            <a class="button" href={`${BASE}/keys`} onClick={onNavigate}>
              {t('settings.openKeys')}
            </a>
          </div>
          <h2>{t('settings.canned')}</h2>
          <p class="muted">{t('settings.cannedHint')}</p>
          <div>
            <a class="button" href={`${BASE}/replies`} onClick={onNavigate}>
              {t('settings.openCanned')}
            </a>
          </div>
        </aside>
      </div>
    </section>
  );
}
