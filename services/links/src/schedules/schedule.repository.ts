import { AppError } from '@parley/contracts';
import type { DB, LinkScheduleRunsTable, LinkSchedulesTable } from '@parley/db';
import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';

export type ScheduleRow = Selectable<LinkSchedulesTable>;
export type ScheduleRunRow = Selectable<LinkScheduleRunsTable>;

const nameTaken = (error: unknown) => (error as { code?: string }).code === '23505';
const taken = () =>
  new AppError('conflict', 'name: a schedule of that name exists', { details: [{ path: 'name', message: 'a schedule of that name exists' }] });

/** SQL for link schedules and their runs (tables link_schedules and link_schedule_runs, owned by this service). */
export class ScheduleRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** One transaction; the repository handed to `work` runs its statements inside it. */
  transaction<T>(work: (repository: ScheduleRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new ScheduleRepository(trx)));
  }

  /** Undefined when the tenant does not exist (the foreign key refuses the row); a taken name is a conflict. */
  async create(values: Insertable<LinkSchedulesTable>): Promise<ScheduleRow | undefined> {
    try {
      return await this.db.insertInto('link_schedules').values(values).returningAll().executeTakeFirstOrThrow();
    } catch (error) {
      if ((error as { code?: string }).code === '23503') return undefined;
      if (nameTaken(error)) throw taken();
      throw error;
    }
  }

  list(tenantId: string): Promise<ScheduleRow[]> {
    return this.db.selectFrom('link_schedules').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute();
  }

  find(tenantId: string, id: string): Promise<ScheduleRow | undefined> {
    return this.db.selectFrom('link_schedules').selectAll().where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
  }

  async update(tenantId: string, id: string, changes: Updateable<LinkSchedulesTable>): Promise<ScheduleRow | undefined> {
    try {
      return await this.db
        .updateTable('link_schedules')
        .set({ ...changes, updated_at: new Date() })
        .where('id', '=', id)
        .where('tenant_id', '=', tenantId)
        .returningAll()
        .executeTakeFirst();
    } catch (error) {
      if (nameTaken(error)) throw taken();
      throw error;
    }
  }

  /** Removes it with its runs (the foreign key cascades). */
  async delete(tenantId: string, id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('link_schedules').where('id', '=', id).where('tenant_id', '=', tenantId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Active schedules with a slot due by `now`, the longest waiting first (index link_schedules_due_idx). */
  due(now: Date, limit: number) {
    return this.db
      .selectFrom('link_schedules')
      .select(['id', 'cron', 'timezone', 'next_run_at'])
      .where('active', '=', true)
      .where('next_run_at', '<=', now)
      .orderBy('next_run_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /**
   * The schedule's row, locked until the transaction ends: runs of its slots, edits and deletion
   * queue behind each other. Without a tenant (the cleanup service asking) any tenant's.
   */
  lockForRun(id: string, tenantId: string | undefined): Promise<ScheduleRow | undefined> {
    let query = this.db.selectFrom('link_schedules').selectAll().where('id', '=', id);
    if (tenantId !== undefined) query = query.where('tenant_id', '=', tenantId);
    return query.forUpdate().executeTakeFirst();
  }

  /** Claims the slot: undefined when its run row exists already (the slot was run or is running). */
  insertRun(values: Insertable<LinkScheduleRunsTable>): Promise<ScheduleRunRow | undefined> {
    return this.db
      .insertInto('link_schedule_runs')
      .values(values)
      .onConflict((oc) => oc.columns(['schedule_id', 'slot_at']).doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  findRun(scheduleId: string, slotAt: Date): Promise<ScheduleRunRow | undefined> {
    return this.db.selectFrom('link_schedule_runs').selectAll().where('schedule_id', '=', scheduleId).where('slot_at', '=', slotAt).executeTakeFirst();
  }

  /** Moves the schedule past a handled slot – only forward, so a slot handled late never moves it back. */
  async advance(id: string, slotAt: Date, next: Date | null): Promise<void> {
    await this.db.updateTable('link_schedules').set({ next_run_at: next }).where('id', '=', id).where('next_run_at', '<=', slotAt).execute();
  }

  /** Undefined when the schedule, and with it the run, was deleted while the run was making its links. */
  finishRun(
    scheduleId: string,
    slotAt: Date,
    result: Pick<Updateable<LinkScheduleRunsTable>, 'state' | 'links' | 'sent' | 'errors' | 'finished_at'>,
  ): Promise<ScheduleRunRow | undefined> {
    return this.db
      .updateTable('link_schedule_runs')
      .set(result)
      .where('schedule_id', '=', scheduleId)
      .where('slot_at', '=', slotAt)
      .returningAll()
      .executeTakeFirst();
  }

  /** The newest slots first. */
  runs(scheduleId: string, limit: number): Promise<ScheduleRunRow[]> {
    return this.db.selectFrom('link_schedule_runs').selectAll().where('schedule_id', '=', scheduleId).orderBy('slot_at', 'desc').limit(limit).execute();
  }
}
