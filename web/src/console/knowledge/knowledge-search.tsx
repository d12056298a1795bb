import { useState } from 'preact/hooks';
import type { KnowledgePassage, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { Problem } from '../ui/problem';
import { t } from '../words';

/** A score or threshold from 0 to 1, as the person's locale writes it. */
const score = (value: number) => t.number(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * A passage's text as paragraphs: blank lines part them; within one, a line break (a document's
 * hard wrap) reads as a space, except before a list item, which keeps its line.
 */
const paragraphsOf = (text: string): string[] =>
  text
    .split(/\n[ \t]*\n\s*/)
    .map((paragraph) => paragraph.trim().replace(/[ \t]*\n[ \t]*(?![ \t]|[-*+] |\d+[.)] )/g, ' '))
    .filter((paragraph) => paragraph !== '');

/**
 * A question put to the base as a prompt node's `knowledge` would put it (docs/knowledge.md "How
 * retrieval works"): its best passages with their document, heading and score, or – when none
 * reaches the base's threshold – that an agent would find nothing.
 */
export function KnowledgeSearch({ api, baseId, threshold, onUnauthorized }: { api: ManagementApi; baseId: string; threshold: number; onUnauthorized(): void }) {
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState<{ question: string; results: KnowledgePassage[] }>();
  const { run, error, busy } = useApiCall(onUnauthorized);

  const submit = (event: Event) => {
    event.preventDefault();
    const asked = question.trim();
    if (!asked || busy) return;
    void run(async () => setAnswer({ question: asked, results: (await api.searchKnowledge(baseId, asked)).results }));
  };

  return (
    <section class="knowledge-search" aria-labelledby="knowledge-search-title">
      <h2 id="knowledge-search-title">{t('search.title')}</h2>
      <p class="muted">{t('search.intro')}</p>
      <form class="search-form" onSubmit={submit}>
        <label for="knowledge-question">{t('search.question')}</label>
        <div class="search-row">
          <input id="knowledge-question" type="search" maxLength={1_000} value={question} onInput={(e) => setQuestion((e.target as HTMLInputElement).value)} />
          <button type="submit" class="primary" disabled={busy || !question.trim()}>
            {t('search.submit')}
          </button>
        </div>
      </form>
      <Problem error={error} />
      <div role="status" class="search-answer">
        {answer &&
          (answer.results.length === 0 ? (
            <p class="notice" data-search="none">
              {t('search.none', { threshold: score(threshold) })}
            </p>
          ) : (
            <p class="muted">{t('search.found', { count: answer.results.length, question: answer.question })}</p>
          ))}
      </div>
      {answer && answer.results.length > 0 && (
        <ol class="passages">
          {answer.results.map((passage) => (
            <li key={passage.chunk_id} class="passage" data-document-id={passage.document_id}>
              <p class="passage-source">
                <strong dir="auto">{passage.title}</strong>
                {passage.heading && (
                  <span class="muted" dir="auto">
                    {' '}
                    · {passage.heading}
                  </span>
                )}{' '}
                <span class="badge" data-score={passage.score}>
                  {t('search.score', { score: score(passage.score) })}
                </span>
              </p>
              <div class="passage-text" dir="auto">
                {paragraphsOf(passage.text).map((paragraph, index) => (
                  <p key={index}>{paragraph}</p>
                ))}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
