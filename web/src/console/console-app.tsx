import { useMemo, useState } from 'preact/hooks';
import { AgentPage } from './agent-page';
import { AgentsPage } from './agents-page';
import { AuditPage } from './audit-page';
import { InboxPage } from './inbox-page';
import { SchedulesPage } from './schedules-page';
import { SettingsPage } from './settings-page';
import { managementApi } from './console-api';
import { NewAgentPage } from './new-agent-page';
import { BASE, navigate, onNavigate, useRoute } from './router';
import { SignInPage } from './sign-in-page';
import { type SignedIn, signInStore } from './sign-in.store';
import { TenantPicker } from './tenant-picker';

/** The console: sign in with a key, (admin) choose a tenant, then the tenant's agents and their links, schedules, inbox, audit log and settings. */
export function ConsoleApp() {
  const [signedIn, setSignedIn] = useState<SignedIn | undefined>(() => signInStore.load());
  const [notice, setNotice] = useState<string>();
  const route = useRoute();
  const api = useMemo(() => (signedIn ? managementApi(signedIn.key, signedIn.tenantId) : undefined), [signedIn]);

  const update = (next: SignedIn | undefined, message?: string) => {
    if (next) signInStore.save(next);
    else signInStore.clear();
    setSignedIn(next);
    setNotice(message);
  };
  /** A key that stops working (revoked, or the platform's admin key changed) signs the person out. */
  const onUnauthorized = () => update(undefined, 'Your key is no longer accepted. Sign in again.');

  if (!signedIn || !api) return <SignInPage notice={notice} onSignedIn={(next) => update(next)} />;
  if (!signedIn.tenantId) {
    return (
      <Shell signedIn={signedIn} onSignOut={() => update(undefined)}>
        <TenantPicker api={api} onChosen={(tenant) => update({ ...signedIn, tenantId: tenant.id, tenantName: tenant.name })} onUnauthorized={onUnauthorized} />
      </Shell>
    );
  }
  const [section, name, tab] = route;
  let page = <AgentsPage api={api} onUnauthorized={onUnauthorized} />;
  if (section === 'audit') page = <AuditPage api={api} onUnauthorized={onUnauthorized} />;
  else if (section === 'schedules') page = <SchedulesPage api={api} onUnauthorized={onUnauthorized} />;
  else if (section === 'settings') page = <SettingsPage api={api} tenantId={signedIn.tenantId} onUnauthorized={onUnauthorized} />;
  else if (section === 'inbox') page = <InboxPage api={api} escalationId={name} onUnauthorized={onUnauthorized} />;
  else if (section === 'agents' && name === 'new') page = <NewAgentPage api={api} onUnauthorized={onUnauthorized} />;
  else if (section === 'agents' && name) page = <AgentPage key={name} api={api} name={name} tab={tab ?? 'config'} onUnauthorized={onUnauthorized} />;
  return (
    <Shell
      signedIn={signedIn}
      section={section}
      onSignOut={() => update(undefined)}
      onSwitchTenant={
        signedIn.scope === 'platform'
          ? () => {
              update({ ...signedIn, tenantId: undefined, tenantName: undefined });
              navigate(BASE);
            }
          : undefined
      }
    >
      {page}
    </Shell>
  );
}

function Shell({
  signedIn,
  section,
  onSignOut,
  onSwitchTenant,
  children,
}: {
  signedIn: SignedIn;
  section?: string | undefined;
  onSignOut(): void;
  onSwitchTenant?: (() => void) | undefined;
  children: preact.ComponentChildren;
}) {
  return (
    <>
      <header class="bar">
        <a class="brand" href={BASE} onClick={onNavigate}>
          Parley console
        </a>
        {signedIn.tenantId && (
          <nav class="sections" aria-label="Console">
            <a href={BASE} onClick={onNavigate} aria-current={section === undefined || section === 'agents' ? 'page' : undefined}>
              Agents
            </a>
            <a href={`${BASE}/schedules`} onClick={onNavigate} aria-current={section === 'schedules' ? 'page' : undefined}>
              Schedules
            </a>
            <a href={`${BASE}/inbox`} onClick={onNavigate} aria-current={section === 'inbox' ? 'page' : undefined}>
              Inbox
            </a>
            <a href={`${BASE}/audit`} onClick={onNavigate} aria-current={section === 'audit' ? 'page' : undefined}>
              Audit
            </a>
            <a href={`${BASE}/settings`} onClick={onNavigate} aria-current={section === 'settings' ? 'page' : undefined}>
              Settings
            </a>
          </nav>
        )}
        <span class="who">
          {signedIn.tenantName ?? 'No tenant chosen'}
          <span class="muted"> · {signedIn.scope === 'platform' ? 'platform admin key' : 'tenant key'}</span>
        </span>
        {onSwitchTenant && (
          <button type="button" class="quiet" onClick={onSwitchTenant}>
            Switch tenant
          </button>
        )}
        <button type="button" class="quiet" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main class="page">{children}</main>
    </>
  );
}
