/**
 * Where the audit chain's signed head checkpoint is kept: outside PostgreSQL, so whoever can
 * rewrite the database cannot also move the checkpoint back. One value, replaced only by
 * compare-and-set: replicas writing at once cannot lower it.
 */
export interface AuditCheckpointStore {
  /** The stored checkpoint (as encoded, unverified) and a revision to replace it by; undefined value when none was written. */
  read(): Promise<{ value: string | undefined; revision: StoreRevision }>;
  /** Replaces the value if it is still at `revision`; false when someone wrote in between. */
  replace(value: string, revision: StoreRevision): Promise<boolean>;
  /** Releases the store's connection, if it holds one. */
  close(): Promise<void>;
}

/** A store's own token of the value read (the bus key-value bucket's revision, the file's content). */
export type StoreRevision = number | string | null;
