import { useState } from 'preact/hooks';
import { useWords } from '../words';

type Rating = 'up' | 'down';

const THUMB = 'M7 22V11l4-9a3 3 0 0 1 3 3v4h5.7a2 2 0 0 1 2 2.3l-1.4 9a2 2 0 0 1-2 1.7H7zm0 0H4a2 2 0 0 1-2-2v-7a2 2 0 0 1 2-2h3';

/**
 * Thumbs up and down under an agent's or operator's message (docs/public-chat-api.md "Feedback and ratings"):
 * pressed shows the visitor's choice; another choice replaces it. After a thumb down the visitor
 * may say what was wrong, in a few words sent with it.
 */
export function Thumbs({ initial, send }: { initial: Rating | undefined; send(rating: Rating, comment?: string): Promise<unknown> }) {
  const t = useWords();
  const [rating, setRating] = useState(initial);
  const [comment, setComment] = useState<string>();
  const [note, setNote] = useState<string>();

  const give = async (next: Rating, words?: string) => {
    const before = rating;
    setRating(next);
    setNote(undefined);
    try {
      await send(next, words);
      setComment(next === 'down' && words === undefined ? '' : undefined);
      if (words !== undefined) setNote(t('feedback.thanks'));
    } catch {
      setRating(before);
      setNote(t('feedback.failed'));
    }
  };

  return (
    <fieldset class="thumbs">
      <legend class="sr-only">{t('feedback.label')}</legend>
      {(['up', 'down'] as const).map((choice) => (
        <button
          key={choice}
          type="button"
          class={`thumb ${choice}`}
          aria-pressed={rating === choice}
          aria-label={t(`feedback.${choice}`)}
          onClick={() => void give(choice)}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d={THUMB} />
          </svg>
        </button>
      ))}
      {comment !== undefined && (
        <form
          class="feedback-comment"
          onSubmit={(e) => {
            e.preventDefault();
            if (comment.trim()) void give('down', comment.trim());
          }}
        >
          <input
            aria-label={t('feedback.comment')}
            placeholder={t('feedback.comment')}
            maxLength={2_000}
            value={comment}
            onInput={(e) => setComment(e.currentTarget.value)}
          />
          <button type="submit">{t('feedback.send')}</button>
        </form>
      )}
      <span class="feedback-note" role="status">
        {note}
      </span>
    </fieldset>
  );
}
