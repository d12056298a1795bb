import type { Citation } from '@parley/contracts';
import { useWords } from '../words';

/** A source's address as a link: pages only (http, https), never a script or a data address. */
function pageAddress(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

interface CitedDocument {
  id: string;
  title: string;
  href: string | undefined;
  /** The markers `[n]` of the reply that point at it (one per passage of it cited). */
  markers: number[];
}

/** Each cited document once, with its markers, in the order the reply first cited it. */
function documentsOf(citations: readonly Citation[]): CitedDocument[] {
  const documents = new Map<string, CitedDocument>();
  for (const citation of citations) {
    const known = documents.get(citation.document_id);
    if (known) known.markers.push(citation.n);
    else documents.set(citation.document_id, { id: citation.document_id, title: citation.title, href: pageAddress(citation.url), markers: [citation.n] });
  }
  return [...documents.values()];
}

/**
 * The sources under an answer from knowledge (docs/workflow.md "Answers from knowledge in the transcript"): "Sources", then each
 * cited document's title – a link opening in a new tab when it has an address – after the markers
 * `[n]` that name it in the answer's text, where they stay. Nothing for an answer that cited none.
 */
export function Sources({ messageId, citations }: { messageId: string; citations: readonly Citation[] }) {
  const t = useWords();
  const documents = documentsOf(citations);
  if (documents.length === 0) return null;
  const heading = `sources-${messageId}`;
  return (
    <div class="sources">
      <p class="sources-title" id={heading}>
        {t('sources.title')}
      </p>
      <ul aria-labelledby={heading}>
        {documents.map((document) => (
          <li key={document.id}>
            <span class="source-markers">{document.markers.map((n) => `[${n}]`).join('')}</span>{' '}
            {document.href ? (
              <a href={document.href} target="_blank" rel="noopener" dir="auto">
                {document.title}
                <span class="sr-only"> {t('sources.newTab')}</span>
              </a>
            ) : (
              <span dir="auto">{document.title}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
