import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** SQL for email verification codes (table email_verifications, owned by this service). */
export class VerificationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Replaces the (link, email) code with a new one unless `maxSends` were sent in the current
   * window – one statement, so concurrent resends cannot slip past the limit. Undefined: limited.
   */
  async issue(values: { linkId: string; email: string; codeHash: string; ttlMs: number; maxSends: number; windowMs: number }) {
    const windowOver = sql<boolean>`email_verifications.window_started_at <= now() - make_interval(secs => ${values.windowMs / 1000})`;
    return this.db
      .insertInto('email_verifications')
      .values({
        link_id: values.linkId,
        email: values.email,
        code_hash: values.codeHash,
        expires_at: sql`now() + make_interval(secs => ${values.ttlMs / 1000})`,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['link_id', 'email'])
          .doUpdateSet({
            code_hash: (eb) => eb.ref('excluded.code_hash'),
            expires_at: (eb) => eb.ref('excluded.expires_at'),
            attempts: 0,
            consumed_at: null,
            sends: sql`CASE WHEN ${windowOver} THEN 1 ELSE email_verifications.sends + 1 END`,
            window_started_at: sql`CASE WHEN ${windowOver} THEN now() ELSE email_verifications.window_started_at END`,
          })
          .where((eb) => eb.or([windowOver, eb('email_verifications.sends', '<', values.maxSends)])),
      )
      .returning(['expires_at'])
      .executeTakeFirst();
  }

  /** When the resend window of (link, email) ends. */
  windowOf(linkId: string, email: string) {
    return this.db.selectFrom('email_verifications').select('window_started_at').where('link_id', '=', linkId).where('email', '=', email).executeTakeFirst();
  }

  /**
   * One attempt at the live code: counts it and, when the hash matches, consumes the code – in
   * one statement, so two right answers at once start one session and the 6th try is refused
   * however the tries race. Undefined: no live code to try (none, used, expired or dead).
   */
  attempt(linkId: string, email: string, codeHash: string, maxAttempts: number) {
    return this.db
      .updateTable('email_verifications')
      .set({
        attempts: sql`attempts + 1`,
        consumed_at: sql`CASE WHEN code_hash = ${codeHash} THEN now() END`,
      })
      .where('link_id', '=', linkId)
      .where('email', '=', email)
      .where('consumed_at', 'is', null)
      .where('attempts', '<', maxAttempts)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning(['attempts', 'consumed_at'])
      .executeTakeFirst();
  }

  /** The code's standing, to say why an attempt found nothing to try. */
  find(linkId: string, email: string) {
    return this.db
      .selectFrom('email_verifications')
      .select(['attempts', 'consumed_at', sql<boolean>`expires_at <= now()`.as('expired')])
      .where('link_id', '=', linkId)
      .where('email', '=', email)
      .executeTakeFirst();
  }
}
