import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { useWords } from '../words';

interface Props {
  /** Asks for the transcript (docs/escalation.md "Transcripts by email"): `at` "end" or "now". */
  send(email: string): Promise<{ at: 'end' | 'now' }>;
  /** Open from the start (the conversation has ended); otherwise behind its button. */
  open: boolean;
  idPrefix: string;
  /** The button's class, from the page's or the widget's own sheet. */
  askClass: string;
}

/**
 * "Email me the transcript": the address goes with the conversation, and the transcript is mailed
 * when it ends (at once, if it has). Behind a button while the conversation runs, open at its end.
 */
export function TranscriptRequest({ send, open, idPrefix, askClass }: Props) {
  const t = useWords();
  const [showing, setShowing] = useState(open);
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (open) setShowing(true);
  }, [open]);

  if (done)
    return (
      <p class="notice follow-up-done" role="status">
        {done}
      </p>
    );
  if (!showing)
    return (
      <button
        type="button"
        class={askClass}
        onClick={() => {
          setShowing(true);
          // The address is what comes next: the field takes the focus once drawn.
          setTimeout(() => input.current?.focus(), 0);
        }}
      >
        {t('transcript.ask')}
      </button>
    );
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const to = email.trim();
    try {
      const { at } = await send(to);
      setDone(t(at === 'end' ? 'transcript.atEnd' : 'transcript.sent', { email: to }));
    } catch (e) {
      if (e instanceof ApiError && e.reason === 'transcript_sent') setDone(t('transcript.already'));
      else setError(e instanceof ApiError && e.code === 'invalid' ? e.message : t('transcript.failed'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="follow-up transcript" onSubmit={submit}>
      <label for={`${idPrefix}-transcript-email`}>{t('transcript.email')}</label>
      <div class="follow-up-row">
        <input
          ref={input}
          id={`${idPrefix}-transcript-email`}
          type="email"
          autocomplete="email"
          required
          maxLength={320}
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <button type="submit" class="follow-up-send" disabled={busy || !email.trim()}>
          {t('transcript.send')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
