import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Access } from '../sign-in/access';
import { t } from '../words';
import { ModePicker } from './mode-picker';
import { canOpen, GROUPS, homeSection, SECTION_LABEL, type Section } from './roles';
import { BASE, onNavigate } from './router';

/** How the header names who is signed in: a member or key by name, the admin key as such; then the role. */
function signedInAs(access: Access): string {
  return `${access.me.actor.name} · ${access.me.role}`;
}

/**
 * The frame of every signed-in page: the sections the role may open (no others), in their groups,
 * who is signed in with what role and in which tenant, and signing out. On a wide screen the
 * sections are a column beside the page; on a phone a menu button opens them above it, and
 * choosing one closes them again.
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
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLButtonElement>(null);
  useEffect(() => setOpen(false), [section]);
  const groups = access.tenantId
    ? GROUPS.map((group) => ({ ...group, sections: group.sections.filter((s) => canOpen(role, s)) })).filter((group) => group.sections.length > 0)
    : [];
  return (
    <>
      <header class="bar">
        <a class="brand" href={BASE} onClick={onNavigate}>
          {t('console.title')}
        </a>
        {groups.length > 0 && (
          <button type="button" ref={menu} class="menu quiet" aria-expanded={open} aria-controls="console-sections" onClick={() => setOpen(!open)}>
            {t('console.menu')}
          </button>
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
      <div class={groups.length > 0 ? 'frame' : undefined}>
        {groups.length > 0 && (
          <nav
            id="console-sections"
            class={open ? 'sections open' : 'sections'}
            aria-label={t('console.navigation')}
            onKeyDown={(event) => {
              // Escape closes the phone's menu, back to its button.
              if (event.key !== 'Escape' || !open) return;
              setOpen(false);
              menu.current?.focus();
            }}
          >
            {groups.map((group) => (
              <div key={group.label} class="group">
                <span class="group-name">{group.label}</span>
                {group.sections.map((s) => (
                  <a
                    key={s}
                    href={s === home ? BASE : `${BASE}/${s}`}
                    onClick={(event) => {
                      setOpen(false);
                      onNavigate(event);
                    }}
                    aria-current={section === s ? 'page' : undefined}
                  >
                    {SECTION_LABEL[s]}
                  </a>
                ))}
              </div>
            ))}
          </nav>
        )}
        <main class="page">{children}</main>
      </div>
    </>
  );
}
