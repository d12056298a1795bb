import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

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

/**
 * The keys derived from AUDIT_KEY: one for the chain, one for checkpoints, so a checkpoint's
 * signature can never be passed off as an entry's hash or the other way round.
 */
export interface AuditKeys {
  chain: Buffer;
  checkpoint: Buffer;
}

export function auditKeys(auditKey: string): AuditKeys {
  const derive = (purpose: string) => createHmac('sha256', auditKey).update(`parley audit ${purpose}`).digest();
  return { chain: derive('chain'), checkpoint: derive('checkpoint') };
}

/** An entry's hash: HMAC-SHA256 under the chain key over the previous entry's hash and this entry's canonical content. */
export function entryHash(key: Buffer, prevHash: string, entry: ChainedContent): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(canonical(entry)).digest('hex');
}

/**
 * How entries written before the chain was keyed were hashed (plain SHA-256). Verify accepts it
 * only for the entries the keyed-chain migration found (audit_legacy_prefix), never for a later one.
 */
export function legacyEntryHash(prevHash: string, entry: ChainedContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(entry)).digest('hex');
}

/** The chain's head as it was at `at`, signed with the checkpoint key; kept outside PostgreSQL. */
export interface AuditCheckpoint {
  /** The head entry's seq (decimal text: seq is a bigint). */
  seq: string;
  hash: string;
  at: string;
}

const signed = (key: Buffer, checkpoint: AuditCheckpoint) =>
  createHmac('sha256', key).update(`${checkpoint.seq}\n${checkpoint.hash}\n${checkpoint.at}`).digest('hex');

/** The stored form of a checkpoint: its fields and their signature, as JSON. */
export function encodeCheckpoint(key: Buffer, checkpoint: AuditCheckpoint): string {
  const { seq, hash, at } = checkpoint;
  return JSON.stringify({ seq, hash, at, sig: signed(key, checkpoint) });
}

/** A stored checkpoint whose signature holds, or `invalid` (forged, altered or unreadable). */
export function decodeCheckpoint(key: Buffer, stored: string): AuditCheckpoint | 'invalid' {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return 'invalid';
  }
  if (parsed === null || typeof parsed !== 'object') return 'invalid';
  const { seq, hash, at, sig } = parsed as Record<string, unknown>;
  if (typeof seq !== 'string' || !/^\d{1,19}$/.test(seq) || typeof hash !== 'string' || typeof at !== 'string' || typeof sig !== 'string') return 'invalid';
  const checkpoint = { seq, hash, at };
  const expected = Buffer.from(signed(key, checkpoint), 'hex');
  const given = Buffer.from(sig, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? checkpoint : 'invalid';
}
