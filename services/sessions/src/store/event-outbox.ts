import type { EventName, EventPayload, PlatformBus } from '@parley/bus';
import { AppError, type PlatformCatalog } from '@parley/contracts';
import type { DB } from '@parley/db';
import { timeOrderedUuid } from '@parley/db';
import type { Logger } from '@parley/logger';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Counter } from 'prom-client';

type Name = EventName<PlatformCatalog>;

/**
 * An event of a change, made before the change is committed so that the commit's own statement
 * writes it to event_outbox (docs/architecture.md "Events kept with their commit"): it is then
 * published, and its row deleted once the event stream has it.
 */
export interface KeptEvent<N extends Name = Name> {
  id: string;
  name: N;
  payload: EventPayload<PlatformCatalog, N>;
  /** The conversation it tells of: erasure takes its pending events with it. */
  conversationId: string | null;
}

export function keptEvent<N extends Name>(name: N, payload: EventPayload<PlatformCatalog, N>, conversationId: string | null): KeptEvent<N> {
  return { id: timeOrderedUuid(), name, payload, conversationId };
}

/**
 * What became of an event (parley_sessions_events_total's `fate`): published at once; kept for the
 * relay (the stream did not take it); relayed later; dropped (no longer valid for the catalog).
 */
export type EventFate = 'published' | 'kept' | 'relayed' | 'dropped';

/** Where the Announcer's events wait while the event stream cannot take them (EventOutbox; a fake in unit tests). */
export interface EventKeeper {
  /** These events, written with their commit, are in the stream: their rows can go. */
  delivered(ids: readonly string[]): void;
  /** These events, written with their commit, were not taken by the stream: their rows stay for the relay. */
  undelivered(ids: readonly string[]): void;
  /** An event the stream did not take, written now for the relay (a commit's own events were written with it). */
  keep(event: KeptEvent): Promise<void>;
}

/** A commit's events as the columns its statement inserts them from: `x(id, name, payload)` over these arrays. */
export function keptEventColumns(events: readonly KeptEvent[]): RawBuilder<unknown> {
  return sql`${events.map((e) => e.id)}::uuid[], ${events.map((e) => e.name)}::text[], ${events.map((e) => JSON.stringify(e.payload))}::jsonb[]`;
}
export const KEPT_EVENT_NAMES = sql.raw('id, name, payload');

export interface EventOutboxOptions {
  /** A row older than this was not published by the commit that wrote it (its process died, or the stream was away): the relay takes it. */
  staleMs?: number;
  /** How often the relay looks for such rows. */
  relayEveryMs?: number;
  /** How long delivered rows wait to be deleted together in one statement. */
  deleteAfterMs?: number;
  /** The most rows one relay statement takes. */
  batch?: number;
}

const DEFAULTS: Required<EventOutboxOptions> = { staleMs: 15_000, relayEveryMs: 5_000, deleteAfterMs: 100, batch: 500 };

/**
 * event_outbox: the events of committed changes until the event stream has them. A commit writes
 * its events in its own statement and the Announcer publishes them at once; their rows are deleted
 * in groups once stored. What the stream did not take – it was out of reach, or the process died
 * between the commit and the publish – is relayed: every `relayEveryMs`, rows older than `staleMs`
 * are published again and deleted, by one replica at a time per row (SKIP LOCKED). So an event may
 * be published twice (a redelivery), never lost: its consumers recognise it by its own ids.
 */
export class EventOutbox implements EventKeeper {
  private readonly options: Required<EventOutboxOptions>;
  private readonly pending: string[] = [];
  private deleteTimer: NodeJS.Timeout | undefined;
  private relayTimer: NodeJS.Timeout | undefined;
  private relaying: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
    options: EventOutboxOptions = {},
    /** Events by what became of them (EventFate); undefined: not counted. */
    private readonly counted?: Counter<'fate'>,
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  delivered(ids: readonly string[]): void {
    this.counted?.inc({ fate: 'published' }, ids.length);
    // Stopped: its last deletion ran (stop), the pool may be closed; the relay of a replica deletes them later.
    if (this.stopped) return;
    this.pending.push(...ids);
    if (this.pending.length >= this.options.batch) void this.deleteDelivered();
    else this.deleteTimer ??= setTimeout(() => void this.deleteDelivered(), this.options.deleteAfterMs).unref();
  }

  undelivered(ids: readonly string[]): void {
    this.counted?.inc({ fate: 'kept' }, ids.length);
  }

  async keep(event: KeptEvent): Promise<void> {
    await this.db
      .insertInto('event_outbox')
      .values({ id: event.id, name: event.name, payload: JSON.stringify(event.payload), conversation_id: event.conversationId })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    this.counted?.inc({ fate: 'kept' });
  }

  /** Starts relaying on its own (every relayEveryMs). */
  start(): void {
    this.relayTimer = setInterval(() => {
      this.relaying = this.relay().catch((error: unknown) => this.logger.warn({ err: error }, 'the event relay failed; it tries again'));
    }, this.options.relayEveryMs).unref();
  }

  /** Stops relaying and deletes the rows of the events delivered so far. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.relayTimer);
    await this.relaying;
    await this.deleteDelivered();
  }

  /**
   * Publishes the stale rows again, a batch at a time, until none is left or the stream refuses;
   * answers how many were stored. Rows come as the table holds them (about the order they were
   * written; with no index on created_at, which every turn would pay for, a scan stops at a batch). Each batch is one transaction: its rows are locked (another
   * replica skips them), published, and the stored ones deleted.
   */
  async relay(): Promise<number> {
    let relayed = 0;
    for (;;) {
      const { stored, taken } = await this.db.transaction().execute(async (trx) => {
        const rows = await sql<{ id: string; name: Name; payload: unknown }>`
          SELECT id, name, payload FROM event_outbox
          WHERE created_at < now() - make_interval(secs => ${this.options.staleMs / 1000})
          LIMIT ${this.options.batch} FOR UPDATE SKIP LOCKED`.execute(trx);
        const outcomes = await Promise.allSettled(rows.rows.map((row) => this.bus.publish(row.name, row.payload as never)));
        const done: string[] = [];
        outcomes.forEach((outcome, i) => {
          const row = rows.rows[i]!;
          if (outcome.status === 'fulfilled') done.push(row.id);
          else if (!(outcome.reason instanceof AppError && outcome.reason.code === 'unavailable')) {
            // No longer a valid event of the catalog (it changed since): it never will be.
            this.logger.error({ err: outcome.reason, event: row.name, id: row.id }, 'a kept event could not be published and is dropped');
            done.push(row.id);
          }
        });
        if (done.length > 0) await sql`DELETE FROM event_outbox WHERE id = ANY(${done}::uuid[])`.execute(trx);
        const dropped = done.length - outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
        this.counted?.inc({ fate: 'relayed' }, done.length - dropped);
        if (dropped > 0) this.counted?.inc({ fate: 'dropped' }, dropped);
        return { stored: done.length, taken: rows.rows.length };
      });
      relayed += stored;
      if (taken < this.options.batch || stored < taken || this.stopped) return relayed;
    }
  }

  private async deleteDelivered(): Promise<void> {
    clearTimeout(this.deleteTimer);
    this.deleteTimer = undefined;
    const ids = this.pending.splice(0);
    if (ids.length === 0) return;
    try {
      await sql`DELETE FROM event_outbox WHERE id = ANY(${ids}::uuid[])`.execute(this.db);
    } catch (error) {
      // Left for the relay, which publishes them again: a redelivery, which consumers recognise.
      this.logger.debug({ err: error, events: ids.length }, 'delivered events were not deleted from the outbox');
    }
  }
}
