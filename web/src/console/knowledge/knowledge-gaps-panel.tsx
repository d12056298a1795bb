import { useEffect, useState } from 'preact/hooks';
import type { KnowledgeBase, KnowledgeGap, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { knowledgePath, onNavigate } from '../shell/router';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { Problem } from '../ui/problem';
import { when } from '../ui/when';
import { t } from '../words';

/** A base as a node's config names it: one of the tenant's bases by its name, opening its page; else as written. */
function SearchedBase({ named, bases }: { named: string; bases: readonly KnowledgeBase[] | undefined }) {
  const known = bases?.find((base) => base.id === named || base.name === named);
  if (!known)
    return (
      <span class="searched-base" dir="auto">
        {named}
      </span>
    );
  return (
    <a href={knowledgePath(known.id)} onClick={onNavigate} dir="auto">
      {known.name}
    </a>
  );
}

/**
 * An agent's knowledge gaps (docs/management-api.md "Knowledge gaps"): the visitors' questions its
 * prompt nodes' knowledge found no passage for over the last 30 days, newest first, with the bases
 * searched (by name) – what its documents should answer and do not.
 */
export function KnowledgeGapsPanel({ api, agent, onUnauthorized }: { api: ManagementApi; agent: string; onUnauthorized(): void }) {
  const [gaps, setGaps] = useState<KnowledgeGap[]>();
  /** The tenant's bases, to name the ones searched as people know them. */
  const [bases, setBases] = useState<KnowledgeBase[]>();
  const { run, error, busy } = useApiCall(onUnauthorized);
  const reload = () =>
    run(async () => {
      const [found, listed] = await Promise.all([api.knowledgeGaps(agent), api.knowledgeBases()]);
      setBases(listed.knowledge_bases);
      setGaps(found.gaps);
    });
  useEffect(() => {
    void reload();
  }, [api, agent]);

  return (
    <section aria-labelledby="gaps-title">
      <div class="heading">
        <h2 id="gaps-title">{t('gaps.title')}</h2>
        <button type="button" disabled={busy} onClick={() => void reload()}>
          {t('common.refresh')}
        </button>
      </div>
      <p class="muted">{t('gaps.intro')}</p>
      <Problem error={error} />
      <DataTable
        rows={gaps}
        class="gaps knowledge-table"
        columns={[t('gaps.question'), t('gaps.bases'), t('gaps.when')]}
        empty={<EmptyState quiet>{t('gaps.none')}</EmptyState>}
        row={(gap) => (
          <tr key={`${gap.conversation_id}:${gap.created_at}`} data-gap>
            <td class="gap-question" dir="auto">
              {gap.question}
            </td>
            <td>
              {gap.bases.map((base, index) => (
                <span key={base}>
                  {index > 0 && ', '}
                  <SearchedBase named={base} bases={bases} />
                </span>
              ))}
            </td>
            <td>{when(gap.created_at)}</td>
          </tr>
        )}
      />
    </section>
  );
}
