import { useEffect, useState } from 'preact/hooks';
import { ExportCsvButton } from '../api/export-download';
import type { AuditEntry, ManagementApi } from '../api/management-api';
import { useApiCall } from '../api/use-api-call';
import { DataTable } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { Notice } from '../ui/notice';
import { Problem } from '../ui/problem';
import { when } from '../ui/when';
import { t } from '../words';

/** GET /api/audit's filters, as the form holds them (`from` and `to` in the person's local time). */
const NO_FILTERS = { action: '', actor: '', target: '', from: '', to: '' };
type Filters = typeof NO_FILTERS;

/** The query GET /api/audit takes: empty fields left out, times as ISO instants. */
function queryOf(filters: Filters, cursor: string | undefined) {
  const text = (value: string) => value.trim() || undefined;
  const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);
  return {
    action: text(filters.action),
    actor: text(filters.actor),
    target: text(filters.target),
    from: instant(filters.from),
    to: instant(filters.to),
    cursor,
  };
}

/** Who made a change, as the log's "Who" column names them: the admin key as such, a key or member by name, MCP's marked. */
function actorOf(actor: AuditEntry['actor']): string {
  if (actor.kind === 'admin') return t('audit.adminKey');
  const name = actor.name ?? actor.key_id ?? '';
  return actor.kind === 'mcp' ? t('audit.viaMcp', { name }) : name;
}

/** The audit log: every management change, newest first, filtered; and a check that none was altered. */
export function AuditPage({ api, onUnauthorized }: { api: ManagementApi; onUnauthorized(): void }) {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [verified, setVerified] = useState<string>();
  const list = useApiCall(onUnauthorized);
  const verify = useApiCall(onUnauthorized);

  const load = (more: boolean) =>
    list.run(async () => {
      // api.audit puts every filter it is given in the query string.
      const query = queryOf(filters, more ? (cursor ?? undefined) : undefined);
      const page = await api.audit(query);
      setEntries((current) => (more ? [...current, ...page.entries] : page.entries));
      setCursor(page.next_cursor);
    });
  const field = (name: keyof Filters, label: string, props: Record<string, string>) => (
    <>
      <label for={`audit-${name}`}>{label}</label>
      <input
        id={`audit-${name}`}
        value={filters[name]}
        onInput={(e) => {
          const value = (e.target as HTMLInputElement).value;
          setFilters((current) => ({ ...current, [name]: value }));
        }}
        {...props}
      />
    </>
  );
  useEffect(() => {
    void load(false);
  }, [api]);
  /** Every entry the filters in the form match, not one page, as CSV (docs/management-api.md "The audit log as CSV"). */
  const csvUrl = () => {
    const query = Object.entries(queryOf(filters, undefined)).filter((pair): pair is [string, string] => pair[1] !== undefined);
    return `/api/audit?${new URLSearchParams([...query, ['format', 'csv']])}`;
  };

  return (
    <section>
      <div class="heading">
        <h1>{t('audit.title')}</h1>
        <button
          type="button"
          disabled={verify.busy}
          onClick={() =>
            void verify.run(async () => {
              const result = await api.verifyAudit();
              setVerified(
                result.ok
                  ? t('audit.holds', { count: result.entries })
                  : t('audit.altered', { id: result.first_broken?.id ?? '', when: when(result.first_broken?.at) }),
              );
            })
          }
        >
          {t('audit.verify')}
        </button>
      </div>
      <Notice text={verified} />
      <Problem error={list.error ?? verify.error} />
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void load(false);
        }}
      >
        {field('action', t('audit.action'), { placeholder: 'link.create' })}
        {field('actor', t('audit.actor'), { placeholder: t('audit.actorExample') })}
        {field('target', t('audit.target'), { placeholder: t('audit.targetExample') })}
        {field('from', t('audit.from'), { type: 'datetime-local' })}
        {field('to', t('audit.to'), { type: 'datetime-local' })}
        <button type="submit">{t('audit.filter')}</button>
        <ExportCsvButton url={csvUrl} onUnauthorized={onUnauthorized} />
      </form>
      <DataTable
        rows={entries}
        class="stacked"
        columns={[t('audit.when'), t('audit.who'), t('audit.action'), t('audit.target'), t('audit.address'), t('audit.details')]}
        row={(entry) => (
          <tr key={entry.id}>
            <td data-label={t('audit.when')}>{when(entry.at)}</td>
            <td data-label={t('audit.who')}>{actorOf(entry.actor)}</td>
            <td data-label={t('audit.action')}>
              <code>{entry.action}</code>
            </td>
            <td data-label={t('audit.target')}>
              {entry.target.kind} <span class="muted mono break">{entry.target.id}</span>
            </td>
            <td data-label={t('audit.address')} class="mono">
              {entry.ip}
            </td>
            <td data-label={t('audit.details')} class="mono muted break">
              {JSON.stringify(entry.details)}
            </td>
          </tr>
        )}
      />
      {entries.length === 0 && !list.busy && <EmptyState quiet>{t('audit.nothingYet')}</EmptyState>}
      {cursor && (
        <button type="button" onClick={() => void load(true)} disabled={list.busy}>
          {t('audit.older')}
        </button>
      )}
    </section>
  );
}
