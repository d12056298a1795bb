import { useEffect, useState } from 'preact/hooks';
import type { AuditEntry, ManagementApi } from './console-api';
import { Problem } from './problem';
import { useApiCall } from './use-api';
import { when } from './when';

/** GET /api/audit's filters, as the form holds them (`from` and `to` in the person's local time). */
const NO_FILTERS = { action: '', actor: '', target: '', from: '', to: '' };
type Filters = typeof NO_FILTERS;

/** The query GET /api/audit takes: empty fields left out, times as ISO instants. */
function queryOf(filters: Filters, cursor: string | undefined) {
  const text = (value: string) => value.trim() || undefined;
  const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);
  return { action: text(filters.action), actor: text(filters.actor), target: text(filters.target), from: instant(filters.from), to: instant(filters.to), cursor };
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
      <input id={`audit-${name}`} value={filters[name]} onInput={(e) => {
          const value = (e.target as HTMLInputElement).value;
          setFilters((current) => ({ ...current, [name]: value }));
        }} {...props} />
    </>
  );
  useEffect(() => {
    void load(false);
  }, [api]);

  return (
    <section>
      <div class="heading">
        <h1>Audit log</h1>
        <button
          type="button"
          disabled={verify.busy}
          onClick={() =>
            void verify.run(async () => {
              const result = await api.verifyAudit();
              setVerified(result.ok ? `The chain holds: ${result.entries} entries, none altered.` : `Altered: the chain breaks at ${result.first_broken?.id} (${when(result.first_broken?.at)}).`);
            })
          }
        >
          Verify the chain
        </button>
      </div>
      {verified && (
        <p class="notice" role="status">
          {verified}
        </p>
      )}
      <Problem error={list.error ?? verify.error} />
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void load(false);
        }}
      >
        {field('action', 'Action', { placeholder: 'link.create' })}
        {field('actor', 'Actor', { placeholder: 'key id, admin, mcp' })}
        {field('target', 'Target', { placeholder: 'id, or a visitor’s email' })}
        {field('from', 'From', { type: 'datetime-local' })}
        {field('to', 'To', { type: 'datetime-local' })}
        <button type="submit">Filter</button>
      </form>
      <div class="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Address</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>{when(entry.at)}</td>
                <td>{entry.actor.kind === 'admin' ? 'Admin key' : `${entry.actor.name ?? entry.actor.key_id}${entry.actor.kind === 'mcp' ? ' (MCP)' : ''}`}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>
                  {entry.target.kind} <span class="muted mono">{entry.target.id}</span>
                </td>
                <td class="mono">{entry.ip}</td>
                <td class="mono muted">{JSON.stringify(entry.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {entries.length === 0 && !list.busy && <p class="muted">Nothing recorded yet.</p>}
      {cursor && (
        <button type="button" onClick={() => void load(true)} disabled={list.busy}>
          Older entries
        </button>
      )}
    </section>
  );
}
