import { useState } from 'preact/hooks';
import { ApiError } from '../chat/api';
import { managementApi } from './console-api';
import { Problem } from './problem';
import type { SignedIn } from './sign-in.store';

/** Sign in with the platform admin key or a tenant key; the key is checked by listing the tenants it may act on. */
export function SignInPage({ notice, onSignedIn }: { notice?: string | undefined; onSignedIn(signedIn: SignedIn): void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) return;
    setBusy(true);
    setError(undefined);
    try {
      const { scope, tenants } = await managementApi(trimmed).tenants();
      const own = scope === 'tenant' ? tenants[0] : undefined;
      onSignedIn({ key: trimmed, scope, tenantId: own?.id, tenantName: own?.name });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? new Error('That key is not accepted. Check it and try again.') : e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>Parley console</h1>
      <p class="muted">Sign in with the platform admin key or a tenant's API key. It is kept in this tab only, until you sign out or close it.</p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit} class="stack">
        <label for="api-key">API key</label>
        <input id="api-key" type="password" autocomplete="off" spellcheck={false} value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
        <Problem error={error} />
        <button type="submit" class="primary" disabled={busy || !key.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
