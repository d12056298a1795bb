import { useState } from 'preact/hooks';
import { useWords } from '../words';

const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * Asked once a conversation has ended: how the visitor rates it, 1 to 5 stars, with a few words if
 * they like (docs/public-chat-api.md "Feedback and ratings"). The stars are radio buttons (arrow keys move
 * between them); "Skip" closes the question. Rated or skipped, it is not asked again for the
 * session in this tab (the history's `rating` says so on any other).
 */
export function RatingPrompt({ session, send }: { session: string; send(score: number, comment?: string): Promise<unknown> }) {
  const t = useWords();
  const [phase, setPhase] = useState<'asking' | 'thanked' | 'done'>(() => (ratingAsked.has(session) ? 'done' : 'asking'));
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const finish = (next: 'thanked' | 'done') => {
    ratingAsked.add(session);
    setPhase(next);
  };

  if (phase === 'done') return null;
  if (phase === 'thanked')
    return (
      <p class="notice rating-thanks" role="status">
        {t('rating.thanks')}
      </p>
    );
  return (
    <form
      class="rating"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(undefined);
        try {
          await send(score, comment.trim() || undefined);
          finish('thanked');
        } catch {
          setError(t('rating.failed'));
        } finally {
          setBusy(false);
        }
      }}
    >
      <fieldset>
        <legend>{t('rating.question')}</legend>
        <div class="stars">
          {SCORES.map((n) => (
            <label key={n} class={n <= score ? 'star on' : 'star'}>
              <input type="radio" name="parley-rating" class="sr-only" checked={score === n} onChange={() => setScore(n)} />
              <span aria-hidden="true">★</span>
              <span class="sr-only">{t('rating.stars', { count: n })}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {score > 0 && (
        <textarea
          rows={2}
          maxLength={2_000}
          aria-label={t('rating.comment')}
          placeholder={t('rating.comment')}
          value={comment}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="rating-actions">
        <button type="submit" class="rating-send" disabled={!score || busy}>
          {t('rating.send')}
        </button>
        <button type="button" class="rating-skip" onClick={() => finish('done')}>
          {t('rating.skip')}
        </button>
      </div>
    </form>
  );
}

/** The sessions whose rating was asked for in this tab. */
const ratingAsked = {
  has: (session: string): boolean => {
    try {
      return sessionStorage.getItem(`parley.rated.${session}`) === '1';
    } catch {
      return false;
    }
  },
  add: (session: string): void => {
    try {
      sessionStorage.setItem(`parley.rated.${session}`, '1');
    } catch {
      // Storage denied: the history's rating still says whether it was given.
    }
  },
};
