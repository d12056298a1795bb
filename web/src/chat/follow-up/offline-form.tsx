import { useState } from 'preact/hooks';
import { ApiError, type OfflineNotice } from '../api';
import { useWords } from '../words';

interface Props {
  /** The platform's notice that nobody can answer now (its reason and when the team is back); absent when the visitor chose not to wait. */
  notice: OfflineNotice | undefined;
  /** Leaves the message (docs/escalation.md "Leaving a message"); rejects with the API's refusal. */
  send(email: string, content: string): Promise<unknown>;
  /** Ids unique in the document the form is drawn in (the widget's shadow root, or the page). */
  idPrefix: string;
}

/**
 * "Leave a message and your email": nobody can answer now (or the visitor will not wait), so the
 * message goes to the inbox and the answer comes by mail too. Once sent, it says where the answer
 * will come, politely announced.
 */
export function OfflineForm({ notice, send, idPrefix }: Props) {
  const t = useWords();
  const [email, setEmail] = useState('');
  const [content, setContent] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [sentTo, setSentTo] = useState<string>();

  if (sentTo !== undefined)
    return (
      <p class="notice follow-up-done" role="status">
        {t('offline.sent', { email: sentTo })}
      </p>
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await send(email.trim(), content.trim());
      setSentTo(email.trim());
    } catch (e) {
      // The platform's refusal says what is wrong (an address it cannot take, a rule the text broke).
      setError(e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 429 ? e.message : t('offline.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="follow-up" onSubmit={submit} aria-labelledby={`${idPrefix}-offline-title`}>
      <p class="follow-up-title" id={`${idPrefix}-offline-title`}>
        {t('offline.title')}
      </p>
      <p class="follow-up-text">
        {/* The notice in the page's own words: why nobody answers, then what to do. */}
        {notice ? `${t(notice.reason === 'closed' ? 'offline.closed' : 'offline.nobody')} ${t('offline.intro')}` : t('offline.intro')}
      </p>
      {notice?.opens_at && <p class="follow-up-text">{t('offline.opensAt', { time: t.date(notice.opens_at) })}</p>}
      <label for={`${idPrefix}-offline-email`}>{t('offline.email')}</label>
      <input
        id={`${idPrefix}-offline-email`}
        type="email"
        autocomplete="email"
        required
        maxLength={320}
        value={email}
        onInput={(e) => setEmail(e.currentTarget.value)}
      />
      <label for={`${idPrefix}-offline-message`}>{t('offline.message')}</label>
      <textarea id={`${idPrefix}-offline-message`} rows={3} required maxLength={4_000} value={content} onInput={(e) => setContent(e.currentTarget.value)} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" class="follow-up-send" disabled={busy || !email.trim() || !content.trim()}>
        {t('offline.send')}
      </button>
    </form>
  );
}
