import { useRef, useState } from 'preact/hooks';
import { ApiError, type Confirmed, type LinkInfo, type PublicApi } from './api';
import { type PageWords, usePageWords } from './page-words';

const GONE = {
  expired: { title: 'gone.expired.title', text: 'gone.expired.text' },
  inactive: { title: 'gone.inactive.title', text: 'gone.inactive.text' },
  not_found: { title: 'gone.notFound.title', text: 'gone.notFound.text' },
} as const satisfies Record<string, { title: Parameters<PageWords>[0]; text: Parameters<PageWords>[0] }>;

/** An unknown (404), expired or deactivated (410) link: said plainly, with what to do. */
export function GonePage({ status, reason }: { status: number; reason: string | undefined }) {
  const t = usePageWords();
  const page = status === 410 && (reason === 'expired' || reason === 'inactive') ? GONE[reason] : GONE.not_found;
  return (
    <main class="gone">
      <h1>{t(page.title)}</h1>
      <p>{t(page.text)}</p>
    </main>
  );
}

/** The email step of a link that requires it: an address, then the 6-digit code mailed to it. */
export function VerifyStep({ api, link, onVerified, onGone }: { api: PublicApi; link: LinkInfo; onVerified(c: Confirmed): void; onGone(e: unknown): boolean }) {
  const [email, setEmail] = useState('');
  const [sentTo, setSentTo] = useState<string>();
  const [code, setCode] = useState('');
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);
  const t = usePageWords();

  const fail = (e: unknown) => {
    if (onGone(e)) return;
    if (!(e instanceof ApiError)) setError(t('error.generic'));
    else if (e.status === 0) setError(t('error.unreachable'));
    else if (e.reason === 'wrong_code') setError(t('verify.wrongCode', { count: Number(e.details.attempts_left) }));
    else if (e.reason === 'too_many_attempts' || e.reason === 'no_code') setError(t('verify.codeExpired'));
    else if (e.reason === 'passcode_required' || e.reason === 'passcode_wrong') setError(t('verify.passcodeWrong'));
    else if (e.code === 'rate_limited') setError(t('verify.tooManyCodes', { count: Math.ceil((e.retryAfterSeconds ?? 600) / 60) }));
    else if (e.code === 'invalid') setError(t(sentTo ? 'verify.enterCode' : 'verify.enterEmail'));
    else setError(e.status === 503 ? t('verify.notSent') : e.message);
  };

  const sendCode = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.sendCode(email.trim());
      // The code confirmed starts a session: the link's proof of work is solved while the visitor reads their mail.
      api.prepare();
      setSentTo(email.trim());
      setCode('');
      setTimeout(() => codeInput.current?.focus(), 0);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: Event) => {
    event.preventDefault();
    if (!sentTo) return;
    setBusy(true);
    setError(undefined);
    try {
      onVerified(await api.confirm(sentTo, code.trim(), link.requires_passcode ? passcode : undefined));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="verify">
      <p class="agent">{link.agent}</p>
      <h1>{link.title}</h1>
      {link.welcome_message && <p class="welcome">{link.welcome_message}</p>}
      {!sentTo ? (
        <form onSubmit={sendCode}>
          <p>{t('verify.intro')}</p>
          <div class="field">
            <label for="email">{t('verify.email')}</label>
            <input id="email" type="email" autocomplete="email" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
          </div>
          <button type="submit" class="primary wide" disabled={busy}>
            {t('verify.send')}
          </button>
        </form>
      ) : (
        <form onSubmit={confirm}>
          <p>{t('verify.sent', { email: sentTo })}</p>
          <div class="field">
            <label for="code">{t('verify.code')}</label>
            <input
              id="code"
              ref={codeInput}
              inputMode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={code}
              onInput={(e) => setCode((e.target as HTMLInputElement).value)}
            />
          </div>
          {link.requires_passcode && (
            <div class="field">
              <label for="verify-passcode">{t('passcode.label')}</label>
              <input
                id="verify-passcode"
                type="password"
                autocomplete="off"
                required
                value={passcode}
                onInput={(e) => setPasscode((e.target as HTMLInputElement).value)}
              />
            </div>
          )}
          <button type="submit" class="primary wide" disabled={busy}>
            {t('verify.confirm')}
          </button>
          <button type="button" class="link-button" onClick={() => setSentTo(undefined)} disabled={busy}>
            {t('verify.again')}
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
