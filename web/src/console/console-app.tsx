import { useEffect, useMemo, useState } from 'preact/hooks';
import { AgentPage } from './agents/agent-page';
import { AgentsPage } from './agents/agents-page';
import { NewAgentPage } from './agents/new-agent-page';
import { ExportAuthContext } from './api/export-download';
import { type ManagementApi, managementApi } from './api/management-api';
import { AuditPage } from './audit/audit-page';
import { CannedRepliesPage } from './canned-replies/canned-replies-page';
import { KnowledgeSection } from './knowledge/knowledge-section';
import { MembersPanel } from './members/members-panel';
import { KeysPanel } from './keys/keys-panel';
import { SchedulesPage } from './schedules/schedules-page';
import { SettingsPage } from './settings/settings-page';
import { RoleRefusal } from './shell/role-refusal';
import { canOpen, homeSection, isSection, roleIncludes, type Section } from './shell/roles';
import { BASE, navigate, useRoute } from './shell/router';
import { Shell } from './shell/shell';
import { type Access, forget, restoreAccess, signOut, withTenant } from './sign-in/access';
import { SignInPage } from './sign-in/sign-in-page';
import { TenantPicker } from './sign-in/tenant-picker';
import { TeamsSection } from './teams/teams-section';
import { Lazy } from './ui/lazy';
import { Problem } from './ui/problem';
import { t } from './words';

/** Where the console stands: finding out who is signed in, nobody (with why, if it was a sign-out the person did not ask for), or someone. */
type State =
  | { state: 'checking' }
  | { state: 'failed'; error: unknown }
  | { state: 'signed-out'; notice?: string | undefined }
  | { state: 'in'; access: Access };

/**
 * The console: sign in (SSO or a key), (admin) choose a tenant, then what the role may use – the
 * tenant's agents and their links, knowledge bases, link templates, bulk links, schedules, inbox
 * and its canned replies, operator teams, API keys, webhooks, secrets, members, privacy requests,
 * budget, audit log and settings.
 */
export function ConsoleApp() {
  const [state, setState] = useState<State>({ state: 'checking' });
  const route = useRoute();
  const access = state.state === 'in' ? state.access : undefined;
  const api = useMemo(() => (access ? managementApi(access.auth) : undefined), [access?.auth]);

  const restore = () => {
    setState({ state: 'checking' });
    restoreAccess().then(
      (found) =>
        setState(
          found === 'expired' ? { state: 'signed-out', notice: t('console.keyExpired') } : found ? { state: 'in', access: found } : { state: 'signed-out' },
        ),
      (error: unknown) => setState({ state: 'failed', error }),
    );
  };
  useEffect(restore, []);

  if (state.state === 'checking') {
    return (
      <main class="sign-in" aria-busy="true">
        <p class="muted">{t('console.opening')}</p>
      </main>
    );
  }
  if (state.state === 'failed') {
    return (
      <main class="sign-in">
        <h1>{t('console.title')}</h1>
        <Problem error={state.error} />
        <button type="button" class="primary" onClick={restore}>
          {t('console.tryAgain')}
        </button>
      </main>
    );
  }
  if (state.state === 'signed-out' || !access || !api) {
    return (
      <SignInPage notice={state.state === 'signed-out' ? state.notice : undefined} onSignedIn={(signedIn) => setState({ state: 'in', access: signedIn })} />
    );
  }

  /** Credentials that stop working (a revoked key, a removed member, an ended session) sign the person out, saying why. */
  const onUnauthorized = () => {
    forget();
    setState({
      state: 'signed-out',
      notice: access.auth.kind === 'session' ? t('console.sessionEnded') : t('console.keyExpired'),
    });
  };
  const onSignOut = () => {
    void signOut(access).then(() => setState({ state: 'signed-out' }));
  };
  const onSwitchTenant =
    access.scope === 'platform'
      ? () => {
          setState({ state: 'in', access: withTenant(access, undefined) });
          navigate(BASE);
        }
      : undefined;

  if (!access.tenantId) {
    return (
      <Shell access={access} onSignOut={onSignOut}>
        <TenantPicker api={api} onChosen={(tenant) => setState({ state: 'in', access: withTenant(access, tenant) })} onUnauthorized={onUnauthorized} />
      </Shell>
    );
  }
  const role = access.me.role;
  const [first, name, tab, item] = route;
  // The members' and keys' pages were once one page's tabs: its addresses still lead to them.
  const section: Section = first === 'team' ? (name === 'keys' ? 'keys' : 'members') : isSection(first) ? first : homeSection(role);
  return (
    <Shell access={access} section={section} onSignOut={onSignOut} onSwitchTenant={onSwitchTenant}>
      <ExportAuthContext.Provider value={access.auth}>
        {canOpen(role, section) ? (
          <Page api={api} access={access} section={section} name={name} tab={tab} item={item} onUnauthorized={onUnauthorized} />
        ) : (
          <RoleRefusal role={role} section={section} />
        )}
      </ExportAuthContext.Provider>
    </Shell>
  );
}

/** The page at an address the role may open. */
function Page({
  api,
  access,
  section,
  name,
  tab,
  item,
  onUnauthorized,
}: {
  api: ManagementApi;
  access: Access;
  section: Section;
  name: string | undefined;
  tab: string | undefined;
  item: string | undefined;
  onUnauthorized(): void;
}) {
  const role = access.me.role;
  const canEdit = roleIncludes(role, 'editor');
  const isOwner = role === 'owner';
  const me = access.me;
  switch (section) {
    // The pages of the few who set the tenant up, each loaded when first opened.
    case 'templates':
      return (
        <Lazy key={section} load={() => import('./templates/templates-page')} show={(m) => <m.TemplatesPage api={api} onUnauthorized={onUnauthorized} />} />
      );
    case 'bulk-links':
      return (
        <Lazy key={section} load={() => import('./bulk-links/bulk-links-page')} show={(m) => <m.BulkLinksPage api={api} onUnauthorized={onUnauthorized} />} />
      );
    case 'webhooks':
      return <Lazy key={section} load={() => import('./webhooks/webhooks-page')} show={(m) => <m.WebhooksPage api={api} onUnauthorized={onUnauthorized} />} />;
    case 'secrets':
      return (
        <Lazy
          key={section}
          load={() => import('./secrets/secrets-page')}
          show={(m) => <m.SecretsPage api={api} canChange={isOwner} onUnauthorized={onUnauthorized} />}
        />
      );
    case 'privacy':
      return <Lazy key={section} load={() => import('./privacy/privacy-page')} show={(m) => <m.PrivacyPage api={api} onUnauthorized={onUnauthorized} />} />;
    case 'budget':
      return (
        <Lazy
          key={section}
          load={() => import('./budget/budget-page')}
          show={(m) => <m.BudgetPage api={api} tenantId={access.tenantId ?? ''} canSet={access.scope === 'platform'} onUnauthorized={onUnauthorized} />}
        />
      );
    case 'members':
      return (
        <MembersPanel api={api} role={role} ownMemberId={me.actor.kind === 'member' ? (me.actor.id ?? undefined) : undefined} onUnauthorized={onUnauthorized} />
      );
    case 'keys':
      return <KeysPanel api={api} role={role} ownKeyId={me.actor.kind === 'key' ? (me.actor.id ?? undefined) : undefined} onUnauthorized={onUnauthorized} />;
    case 'audit':
      return <AuditPage api={api} onUnauthorized={onUnauthorized} />;
    case 'schedules':
      return <SchedulesPage api={api} onUnauthorized={onUnauthorized} />;
    case 'settings':
      return <SettingsPage api={api} tenantId={access.tenantId ?? ''} onUnauthorized={onUnauthorized} />;
    case 'teams':
      return <TeamsSection api={api} canEdit={role === 'owner'} onUnauthorized={onUnauthorized} />;
    case 'knowledge':
      return <KnowledgeSection api={api} baseId={name} canEdit={canEdit} onUnauthorized={onUnauthorized} />;
    case 'replies':
      return <CannedRepliesPage api={api} me={access.me} onUnauthorized={onUnauthorized} />;
    case 'inbox':
      // The inbox and its conversation view load when first opened (the console's first load has no room for them).
      return (
        <Lazy
          key={section}
          load={() => import('./inbox/inbox-page')}
          show={(m) => <m.InboxPage api={api} me={access.me} escalationId={name} canTrace={canEdit} onUnauthorized={onUnauthorized} />}
        />
      );
    case 'agents':
      if (name === 'new')
        return canEdit ? <NewAgentPage api={api} onUnauthorized={onUnauthorized} /> : <RoleRefusal role={role} what={t('console.agentCreationRefused')} />;
      if (name) return <AgentPage key={name} api={api} name={name} tab={tab ?? 'config'} item={item} role={role} onUnauthorized={onUnauthorized} />;
      return <AgentsPage api={api} canEdit={canEdit} onUnauthorized={onUnauthorized} />;
  }
}
