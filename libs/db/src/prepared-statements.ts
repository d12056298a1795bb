import type { Kysely, RawBuilder } from 'kysely';
import type pg from 'pg';
import type { DB } from './schema.js';

/**
 * Statements run on every turn (a turn's read and its commit, a knowledge search's bases), run as
 * named prepared statements on the pool: PostgreSQL plans each once per connection instead of on
 * every run (planning the commit cost as much as running it). Only statements of constant shape:
 * one name, one SQL text.
 */
export class PreparedStatements {
  constructor(
    private readonly db: Kysely<DB>,
    /** The pool behind `db`. */
    private readonly pool: pg.Pool,
  ) {}

  async run<R>(name: string, query: RawBuilder<R>): Promise<R[]> {
    // A longer name is cut to 63 characters by PostgreSQL, and two statements could share one.
    if (name.length > 63) throw new Error(`prepared statement name longer than 63 characters: ${name}`);
    const compiled = query.compile(this.db);
    const result = await this.pool.query({ name, text: compiled.sql, values: compiled.parameters as unknown[] });
    return result.rows as R[];
  }
}
