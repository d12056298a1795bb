import { z } from 'zod';

/**
 * The audit log (docs/management-api.md "Audit log"): every management change, who made it and from where, each
 * entry chained to the one before by its hash. Entries are never changed or deleted.
 */

/**
 * Who made a change: `id` is the key's or member's id (null for the admin key and the system);
 * `key_id` stays for clients written before members existed (the key's id, else null).
 */
export const auditActor = z.object({
  kind: z.enum(['member', 'key', 'admin', 'mcp', 'system']),
  id: z.string().nullable(),
  key_id: z.string().nullable(),
  name: z.string().nullable(),
});

/** What the gateway records after a management change succeeded (an event: the links service appends it). */
export const auditRecorded = z.object({
  /** Unique per change: a redelivered event is appended once. */
  eventId: z.uuid(),
  at: z.string(),
  tenantId: z.string().nullable(),
  // Events published before members existed carry no `id`: the entry then takes the key_id.
  actor: auditActor.extend({ id: z.string().nullable().optional() }),
  action: z.string().max(100),
  target: z.object({ kind: z.string().max(50), id: z.string().max(200).nullable() }),
  ip: z.string().max(64).nullable(),
  /** What changed, never a secret (keys, tokens, passcodes, secrets, URLs and message texts are left out). */
  details: z.record(z.string(), z.unknown()),
});
export type AuditRecorded = z.infer<typeof auditRecorded>;

export const auditEntry = z.object({
  id: z.string(),
  at: z.string(),
  tenant_id: z.string().nullable(),
  actor: auditActor,
  action: z.string(),
  target: z.object({ kind: z.string(), id: z.string().nullable() }),
  ip: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.output<typeof auditEntry>;
export const auditList = z.object({ entries: z.array(auditEntry), next_cursor: z.string().nullable() });
export type AuditList = z.output<typeof auditList>;

export const auditQuery = z.strictObject({
  action: z.string().max(100).optional(),
  actor: z.string().max(100).optional().meta({ description: 'A key or member id, or a kind: member, key, admin, mcp, system' }),
  target: z.string().max(200).optional().meta({ description: 'The id of what changed' }),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const auditVerification = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  /**
   * Why the chain does not hold (absent when ok): an entry altered or unlinked, the newest entries
   * gone below the signed checkpoint, another hash at the checkpoint's entry, a checkpoint whose
   * signature does not hold.
   */
  reason: z.enum(['entry_altered', 'tail_missing', 'hash_mismatch', 'checkpoint_invalid']).optional(),
  first_broken: z.object({ id: z.string(), at: z.string() }).optional(),
});
export type AuditVerification = z.output<typeof auditVerification>;
