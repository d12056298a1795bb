import { useRef, useState } from 'preact/hooks';
import { ApiError, type Confirmed, type LinkInfo, type PublicApi } from './api';

const GONE: Record<string, { title: string; text: string }> = {
  expired: { title: 'This chat link has expired', text: 'The link was valid for a limited time, and that time is over. Ask whoever shared it for a new one.' },
  inactive: { title: 'This chat link has been turned off', text: 'Its owner has deactivated it, so it no longer starts or continues conversations. Ask whoever shared it for a new one.' },
  not_found: { title: 'This chat link does not exist', text: 'Check that the address is complete and exactly as you received it. The link may also have been deleted.' },
};

/** An unknown (404), expired or deactivated (410) link: said plainly, with what to do. */
export function GonePage({ status, reason }: { status: number; reason: string | undefined }) {
  const page = (status === 410 && reason && GONE[reason]) || GONE.not_found;
  return (
    <main class="gone">
      <h1>{page?.title}</h1>
      <p>{page?.text}</p>
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

  const fail = (e: unknown) => {
    if (onGone(e)) return;
    if (!(e instanceof ApiError)) setError('Something went wrong. Try again.');
    else if (e.reason === 'wrong_code') setError(`That code is not right (${e.details.attempts_left} attempts left).`);
    else if (e.reason === 'too_many_attempts' || e.reason === 'no_code') setError('That code no longer works. Ask for a new one.');
    else if (e.reason === 'passcode_required' || e.reason === 'passcode_wrong') setError('The passcode is missing or wrong.');
    else if (e.code === 'rate_limited') setError(`Too many codes asked for. Try again in ${Math.ceil((e.retryAfterSeconds ?? 600) / 60)} minutes.`);
    else if (e.code === 'invalid') setError(sentTo ? 'Enter the 6-digit code from the email.' : 'Enter a valid email address.');
    else setError(e.status === 503 ? 'The code could not be sent just now. Try again.' : e.message);
  };

  const sendCode = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.sendCode(email.trim());
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
          <p>Confirm your email address to start. We will send you a 6-digit code.</p>
          <div class="field">
            <label for="email">Email address</label>
            <input id="email" type="email" autocomplete="email" required value={email} onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
          </div>
          <button type="submit" class="primary wide" disabled={busy}>
            Send the code
          </button>
        </form>
      ) : (
        <form onSubmit={confirm}>
          <p>We sent a code to {sentTo}. It is valid for 10 minutes.</p>
          <div class="field">
            <label for="code">6-digit code</label>
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
              <label for="verify-passcode">Passcode</label>
              <input id="verify-passcode" type="password" autocomplete="off" required value={passcode} onInput={(e) => setPasscode((e.target as HTMLInputElement).value)} />
            </div>
          )}
          <button type="submit" class="primary wide" disabled={busy}>
            Confirm
          </button>
          <button type="button" class="link-button" onClick={() => setSentTo(undefined)} disabled={busy}>
            Use another address or get a new code
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
