/** One row holding a secret, as the start-up pass reads it. */
export interface RowSecret {
  id: string;
  secret: string;
}

/** A table's secrets still in clear; its repository answers for it (one owner per table). */
export interface SecretsInClear<Row extends RowSecret> {
  /** Up to `limit` rows whose secret is still in clear and whose id sorts after `afterId`, by id. */
  inClear(afterId: string, limit: number): Promise<Row[]>;
  /** Stores `sealed` in place of the row's secret, unless it changed meanwhile; whether it did. */
  replace(row: Row, sealed: string): Promise<boolean>;
}

const BATCH = 500;

/**
 * Seals every secret of a table still stored in clear (written before sealing), each under its
 * own row's context, and answers how many it sealed. Idempotent and safe beside other replicas
 * doing the same and beside writes: a row is replaced only while it still holds the value read,
 * so a secret rotated meanwhile (sealed by its writer) or sealed by another replica is left alone.
 */
export async function sealInClear<Row extends RowSecret>(rows: SecretsInClear<Row>, seal: (row: Row) => string): Promise<number> {
  let sealed = 0;
  let afterId = '';
  for (;;) {
    const batch = await rows.inClear(afterId, BATCH);
    for (const row of batch) if (await rows.replace(row, seal(row))) sealed += 1;
    const last = batch.at(-1);
    if (batch.length < BATCH || !last) return sealed;
    afterId = last.id;
  }
}
