import { handlers, withProgress } from '../parts.js';

/** Schedules that make and send links on a cron, and the runs of their slots. */
export const scheduleHandlers = handlers({
  /** A schedule that makes and sends links on a cron. */
  'links.schedules.create':
    ({ schedules }) =>
    (req) =>
      schedules.create(req.tenantId, req.body, req.publicBaseUrl),
  /** The tenant's schedules. */
  'links.schedules.list':
    ({ schedules }) =>
    (req) =>
      schedules.list(req.tenantId),
  /** A schedule of the tenant. */
  'links.schedules.get':
    ({ schedules }) =>
    (req) =>
      schedules.get(req.tenantId, req.scheduleId),
  /** Changes a schedule of the tenant. */
  'links.schedules.update':
    ({ schedules }) =>
    (req) =>
      schedules.update(req.tenantId, req.scheduleId, req.changes),
  /** Deletes a schedule of the tenant. */
  'links.schedules.delete':
    ({ schedules }) =>
    (req) =>
      schedules.delete(req.tenantId, req.scheduleId),
  /** A schedule's runs. */
  'links.schedules.runs':
    ({ schedules }) =>
    (req) =>
      schedules.runs(req.tenantId, req.scheduleId, req.limit),
  /** The slots due by the caller's clock: what the cleanup service claims and runs. */
  'links.schedules.due':
    ({ schedules }) =>
    (req) =>
      schedules.due(new Date(req.now)),
  /** Runs one slot of a schedule (at most once); making and mailing its links takes seconds. */
  'links.schedules.run':
    ({ schedules }) =>
    (req, ctx) =>
      withProgress(ctx, () => schedules.run(req)),
});
