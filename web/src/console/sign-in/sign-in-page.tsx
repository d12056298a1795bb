import { useState } from 'preact/hooks';
import { ApiError } from '../../chat/api';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { t } from '../words';
import { type Access, SSO_LOGIN_PATH, signInWithKey, ssoOffered } from './access';

/**
 * Sign in: with SSO where the platform offers it (a member of a tenant, with their own name and
 * role), or with the platform admin key or a tenant's API key, checked by asking who it is.
 */
export function SignInPage({ notice, onSignedIn }: { notice?: string | undefined; onSignedIn(access: Access): void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const sso = ssoOffered();

  const submit = async (event: Event) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) return;
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signInWithKey(trimmed));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? new Error(t('signIn.keyRefused')) : e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>{t('console.title')}</h1>
      <Notice text={notice} />
      {sso && (
        <section class="stack sso" aria-labelledby="sso-title">
          <h2 id="sso-title">{t('signIn.members')}</h2>
          <p class="muted">{t('signIn.ssoHint')}</p>
          <a class="button primary" href={SSO_LOGIN_PATH}>
            {t('signIn.sso')}
          </a>
        </section>
      )}
      <form onSubmit={submit} class="stack">
        {sso && <h2>{t('signIn.orKey')}</h2>}
        <p class="muted">{t('signIn.keyHint')}</p>
        <label for="api-key">{t('signIn.key')}</label>
        <input id="api-key" type="password" autocomplete="off" spellcheck={false} value={key} onInput={(e) => setKey((e.target as HTMLInputElement).value)} />
        <Problem error={error} />
        <button type="submit" class={sso ? undefined : 'primary'} disabled={busy || !key.trim()}>
          {busy ? t('signIn.busy') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
