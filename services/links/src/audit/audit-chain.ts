import { createHash } from 'node:crypto';

/** The first entry's predecessor. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  id: string;
  at: string;
  tenant_id: string | null;
  actor: unknown;
  action: string;
  target_kind: string;
  target_id: string | null;
  ip: string | null;
  details: unknown;
}

/** JSON with object keys in sorted order at every depth: the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** An entry's hash: SHA-256 over the previous entry's hash and this entry's canonical content. */
export function entryHash(prevHash: string, entry: ChainedContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(entry)).digest('hex');
}
