import { useState } from 'preact/hooks';
import type { ConversationSummary, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { BASE, navigate } from '../shell/router';
import { Problem } from '../ui/problem';
import { when } from '../ui/when';
import { Labels, UnreadBadge } from './inbox-entry';
import { t } from './inbox-words';

/** What is searched for: words of the messages, a label, or both. */
export interface SearchTerms {
  q: string;
  label: string;
}

/** The search box and label filter over the tenant's conversations (GET /api/conversations). */
export function SearchForm(props: { terms: SearchTerms; knownLabels: string[]; onSearch(terms: SearchTerms): void }) {
  const [q, setQ] = useState(props.terms.q);
  const [label, setLabel] = useState(props.terms.label);
  const searching = props.terms.q !== '' || props.terms.label !== '';
  return (
    <search>
      <form
        class="inbox-search"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSearch({ q: q.trim(), label: label.trim().toLowerCase() });
        }}
      >
        <label>
          {t('inbox.search')}
          <input
            type="search"
            name="q"
            value={q}
            maxLength={200}
            placeholder={t('inbox.searchHint')}
            onInput={(e) => setQ((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          {t('inbox.label')}
          <input
            name="label"
            list="inbox-known-labels"
            value={label}
            maxLength={32}
            placeholder={t('inbox.anyLabel')}
            onInput={(e) => setLabel((e.target as HTMLInputElement).value)}
          />
        </label>
        <datalist id="inbox-known-labels">
          {props.knownLabels.map((known) => (
            <option key={known} value={known} />
          ))}
        </datalist>
        <button type="submit" class="primary">
          {t('inbox.searchButton')}
        </button>
        {searching && (
          <button
            type="button"
            onClick={() => {
              setQ('');
              setLabel('');
              props.onSearch({ q: '', label: '' });
            }}
          >
            {t('inbox.clearSearch')}
          </button>
        )}
      </form>
    </search>
  );
}

/** The conversations found, newest first, each opening in the inbox by its latest escalation; more pages on asking. */
export function SearchResults(props: {
  api: ManagementApi;
  terms: SearchTerms;
  found: ConversationSummary[];
  nextCursor: string | null;
  currentEscalationId: string | undefined;
  onMore(found: ConversationSummary[], nextCursor: string | null): void;
  /** A conversation was opened: the inbox lists every state, so its escalation is there to show. */
  onOpen(): void;
  onUnauthorized(): void;
}) {
  const more = useApiCall(props.onUnauthorized);
  const loadMore = () =>
    more.run(async () => {
      const page = await props.api.searchConversations({
        ...(props.terms.q ? { q: props.terms.q } : {}),
        ...(props.terms.label ? { label: props.terms.label } : {}),
        cursor: props.nextCursor ?? undefined,
      });
      props.onMore(page.conversations, page.next_cursor);
    });
  return (
    <section class="queue" aria-labelledby="results-title">
      <h2 id="results-title">
        {t('inbox.results')} <span class="muted">({t.number(props.found.length)})</span>
      </h2>
      {props.found.length === 0 && <p class="muted">{t('inbox.noResults')}</p>}
      <ul class="inbox-list">
        {props.found.map((c) => {
          const head = (
            <>
              <span class="who-line">
                <strong class="visitor-name">{c.visitor.name ?? c.visitor.email ?? t('inbox.anonymous')}</strong>
                <UnreadBadge count={c.unread} />
              </span>
              <span class="inbox-top">
                <span class="badge off">{c.escalation?.state ?? c.status}</span>
                <span class="muted">{when(c.created_at)}</span>
              </span>
              {c.match && <span class="match">{c.match}</span>}
              {!c.match && <span class="muted preview">{c.preview ?? t('inbox.noPreview')}</span>}
              <span class="muted reason">{c.agent}</span>
              <Labels labels={c.labels} />
            </>
          );
          if (!c.escalation)
            return (
              <li key={c.conversation_id}>
                <span class="static-entry">
                  {head}
                  <span class="muted">{t('inbox.notEscalated')}</span>
                </span>
              </li>
            );
          const path = `${BASE}/inbox/${encodeURIComponent(c.escalation.id)}`;
          return (
            <li key={c.conversation_id}>
              <a
                href={path}
                aria-current={c.escalation.id === props.currentEscalationId ? 'true' : undefined}
                data-conversation-id={c.conversation_id}
                onClick={(event) => {
                  event.preventDefault();
                  props.onOpen();
                  navigate(path);
                }}
              >
                {head}
              </a>
            </li>
          );
        })}
      </ul>
      {props.nextCursor && (
        <button type="button" disabled={more.busy} onClick={() => void loadMore()}>
          {t('inbox.moreResults')}
        </button>
      )}
      <Problem error={more.error} />
    </section>
  );
}
