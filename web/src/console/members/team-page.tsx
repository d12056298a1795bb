import type { ManagementApi, Me } from '../api/management-api';
import { KeysPanel } from '../keys/keys-panel';
import { BASE, onNavigate } from '../shell/router';
import { t } from '../words';
import { MembersPanel } from './members-panel';

const TABS = [
  { id: 'members', label: t('team.members') },
  { id: 'keys', label: t('team.keys') },
] as const;

/** Who may act on the tenant (the owners' page): its members, who sign in with SSO, and its API keys – each a tab with its own address. */
export function TeamPage({ api, me, tab, onUnauthorized }: { api: ManagementApi; me: Me; tab: string; onUnauthorized(): void }) {
  const shown = tab === 'keys' ? 'keys' : 'members';
  return (
    <section>
      <h1>{t('section.team')}</h1>
      <nav class="tabs" aria-label={t('team.sections')}>
        {TABS.map((item) => (
          <a key={item.id} href={`${BASE}/team/${item.id}`} onClick={onNavigate} aria-current={shown === item.id ? 'page' : undefined}>
            {item.label}
          </a>
        ))}
      </nav>
      {shown === 'members' ? (
        <MembersPanel
          api={api}
          role={me.role}
          ownMemberId={me.actor.kind === 'member' ? (me.actor.id ?? undefined) : undefined}
          onUnauthorized={onUnauthorized}
        />
      ) : (
        <KeysPanel api={api} role={me.role} ownKeyId={me.actor.kind === 'key' ? (me.actor.id ?? undefined) : undefined} onUnauthorized={onUnauthorized} />
      )}
    </section>
  );
}
