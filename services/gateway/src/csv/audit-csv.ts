import type { AuditEntry } from '@parley/contracts';
import type { CsvColumn } from './csv-writer.js';

/** The audit CSV's columns (docs/management-api.md "Audit log"): an entry's fields flattened, `details` as its JSON. */
export const auditCsvColumns: readonly CsvColumn<AuditEntry>[] = [
  { header: 'id', value: (entry) => entry.id },
  { header: 'at', value: (entry) => entry.at },
  { header: 'tenant_id', value: (entry) => entry.tenant_id },
  { header: 'actor_kind', value: (entry) => entry.actor.kind },
  { header: 'actor_id', value: (entry) => entry.actor.id },
  { header: 'actor_key_id', value: (entry) => entry.actor.key_id },
  { header: 'actor_name', value: (entry) => entry.actor.name },
  { header: 'action', value: (entry) => entry.action },
  { header: 'target_kind', value: (entry) => entry.target.kind },
  { header: 'target_id', value: (entry) => entry.target.id },
  { header: 'ip', value: (entry) => entry.ip },
  { header: 'details', value: (entry) => JSON.stringify(entry.details) },
];
