import type { ComponentChildren } from 'preact';
import type { Access } from '../sign-in/access';
import { t } from '../words';
import { ModePicker } from './mode-picker';
import { canOpen, homeSection, SECTION_LABEL, SECTIONS, type Section } from './roles';
import { BASE, onNavigate } from './router';

/** How the header names who is signed in: a member or key by name, the admin key as such; then the role. */
function signedInAs(access: Access): string {
  return `${access.me.actor.name} · ${access.me.role}`;
}

/**
 * The frame of every signed-in page: the sections the role may open (no others), who is signed in
 * with what role and in which tenant, and signing out.
 */
export function Shell({
  access,
  section,
  onSignOut,
  onSwitchTenant,
  children,
}: {
  access: Access;
  section?: Section | undefined;
  onSignOut(): void;
  onSwitchTenant?: (() => void) | undefined;
  children: ComponentChildren;
}) {
  const role = access.me.role;
  const home = homeSection(role);
  const shown = SECTIONS.filter((s) => canOpen(role, s));
  return (
    <>
      <header class="bar">
        <a class="brand" href={BASE} onClick={onNavigate}>
          {t('console.title')}
        </a>
        {access.tenantId && (
          <nav class="sections" aria-label={t('console.navigation')}>
            {shown.map((s) => (
              <a key={s} href={s === home ? BASE : `${BASE}/${s}`} onClick={onNavigate} aria-current={section === s ? 'page' : undefined}>
                {SECTION_LABEL[s]}
              </a>
            ))}
          </nav>
        )}
        {/* Who is signed in and what they can do about it, kept together when the bar wraps. */}
        <div class="account">
          <span class="who">
            <span class="person">{signedInAs(access)}</span>
            <span class="muted">
              {' '}
              · {access.tenantName ?? (access.tenantId ? t('console.yourTenant') : t('console.noTenant'))}
              {access.me.actor.kind === 'member' && access.me.email ? ` · ${access.me.email}` : ''}
            </span>
          </span>
          {onSwitchTenant && (
            <button type="button" class="quiet" onClick={onSwitchTenant}>
              {t('console.switchTenant')}
            </button>
          )}
          <ModePicker />
          <button type="button" class="quiet" onClick={onSignOut}>
            {t('console.signOut')}
          </button>
        </div>
      </header>
      <main class="page">{children}</main>
    </>
  );
}
