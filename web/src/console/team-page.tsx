import type { Me, ManagementApi } from './console-api';
import { KeysPanel } from './keys-panel';
import { MembersPanel } from './members-panel';
import { BASE, onNavigate } from './router';

const TABS = [
  { id: 'members', label: 'Members' },
  { id: 'keys', label: 'API keys' },
] as const;

/** Who may act on the tenant (the owners' page): its members, who sign in with SSO, and its API keys – each a tab with its own address. */
export function TeamPage({ api, me, tab, onUnauthorized }: { api: ManagementApi; me: Me; tab: string; onUnauthorized(): void }) {
  const shown = tab === 'keys' ? 'keys' : 'members';
  return (
    <section>
      <h1>Team</h1>
      <nav class="tabs" aria-label="Team sections">
        {TABS.map((t) => (
          <a key={t.id} href={`${BASE}/team/${t.id}`} onClick={onNavigate} aria-current={shown === t.id ? 'page' : undefined}>
            {t.label}
          </a>
        ))}
      </nav>
      {shown === 'members' ? (
        <MembersPanel api={api} role={me.role} ownMemberId={me.actor.kind === 'member' ? (me.actor.id ?? undefined) : undefined} onUnauthorized={onUnauthorized} />
      ) : (
        <KeysPanel api={api} role={me.role} ownKeyId={me.actor.kind === 'key' ? (me.actor.id ?? undefined) : undefined} onUnauthorized={onUnauthorized} />
      )}
    </section>
  );
}
