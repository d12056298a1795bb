import { z } from 'zod';
import {
  linkDeliveryView,
  linkSettingsInput,
  linkVariables,
  publicLink,
  sendChannel,
  sendSpec,
  templateName,
  templateSettings,
  linkChangesBody,
} from './public-links.js';

/**
 * Distribution and automation of links (docs/management-api.md, "Templates" to "Schedules"): templates for
 * the common uses, personalised links in bulk, their URLs sent by email, Slack, Teams and SMS, and
 * schedules that make and send links on a cron.
 */

// ── Templates ──

/** A template as listed: a built-in one (no dates) or one of the tenant's. */
export const linkTemplate = z.object({
  name: z.string(),
  description: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  built_in: z.boolean(),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
});
export type LinkTemplate = z.infer<typeof linkTemplate>;
export const linkTemplateList = z.object({ templates: z.array(linkTemplate) });
export type LinkTemplateList = z.output<typeof linkTemplateList>;

export const createTemplateBody = z.strictObject({
  name: templateName,
  description: z.string().max(2_000).optional(),
  settings: templateSettings,
});
export type CreateTemplateBody = z.infer<typeof createTemplateBody>;

export const updateTemplateBody = z.strictObject({
  description: z.string().max(2_000).nullable().optional(),
  settings: templateSettings.optional(),
});
export type UpdateTemplateBody = z.infer<typeof updateTemplateBody>;

// ── Bulk ──

/** One person a personalised link is made for: their name, email and variables become the link's variables. */
export const recipient = z.strictObject({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200).optional(),
  variables: linkVariables.optional(),
});
export type Recipient = z.infer<typeof recipient>;

/** Links one bulk call may make. */
export const BULK_MAX = 1_000;

/**
 * Text messages one request may send – its links times its SMS channels (a bulk creation, a
 * schedule's run): each is a paid message, and a list this long to one phone is a mistake.
 */
export const SMS_MAX_PER_REQUEST = 1_000;

/**
 * POST /api/agents/{name}/public-links/bulk: one link per recipient, or `count` anonymous ones.
 * `settings` are any link settings (as on single creation) over the template's.
 */
export const bulkCreateBody = z
  .strictObject({
    template: templateName.optional(),
    settings: linkSettingsInput.optional(),
    recipients: z.array(recipient).min(1).max(BULK_MAX).optional(),
    count: z.number().int().min(1).max(BULK_MAX).optional(),
    send: sendSpec.optional(),
  })
  .refine((body) => (body.recipients === undefined) !== (body.count === undefined), {
    message: 'give recipients or count, one of them',
    path: ['recipients'],
  })
  .refine((body) => body.template !== undefined || body.settings?.title !== undefined, {
    message: 'give settings.title, or a template that has one',
    path: ['settings', 'title'],
  });
export type BulkCreateBody = z.infer<typeof bulkCreateBody>;

/**
 * A delivery whose first attempt failed: `to` is where it went whatever the channel (the address,
 * the webhook's host, the phone number); `email` only for the email channel, as older clients read it.
 */
export const failedDelivery = z.object({
  to: z.string(),
  email: z.string().optional(),
  channel: z.string(),
  error: z.string(),
});
export type FailedDelivery = z.infer<typeof failedDelivery>;

export const bulkCreated = z.object({
  links: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      token: z.string(),
      recipient: z.object({ email: z.string(), name: z.string().nullable() }).nullable(),
    }),
  ),
  /** Deliveries whose first attempt went out before the answer did (the API does not wait: usually 0). */
  sent: z.number().int(),
  /** Deliveries handed to the background sender, their outcome not known yet: see each link's deliveries. */
  queued: z.number().int(),
  /** The same deliveries as `queued` (still being sent when the answer went out), kept for older clients. */
  pending: z.number().int(),
  /** Recipients whose delivery's first attempt failed: retried with backoff. */
  failed: z.array(failedDelivery),
});
export type BulkCreated = z.infer<typeof bulkCreated>;

const linkIds = z.array(z.string().max(64)).min(1).max(BULK_MAX);
export const bulkUpdateBody = z.strictObject({ ids: linkIds, changes: linkChangesBody });
export type BulkUpdateBody = z.infer<typeof bulkUpdateBody>;
export const bulkUpdated = z.object({ updated: z.array(publicLink), not_found: z.array(z.string()) });
export const bulkDeleteBody = z.strictObject({ ids: linkIds });
export const bulkDeleted = z.object({ deleted: z.array(z.string()), not_found: z.array(z.string()) });

/** POST …/public-links/{id}/rotate: a new token (the old URL stops working), optionally sent. */
export const rotateBody = z.strictObject({ send: sendSpec.optional() });
export const rotatedLink = z.object({ id: z.string(), token: z.string(), url: z.string(), deliveries: z.array(linkDeliveryView), queued: z.number().int() });
export type RotatedLink = z.output<typeof rotatedLink>;

// ── Schedules ──

/** The one action a schedule has today (docs/management-api.md, "Schedules"). */
export const scheduleAction = z.literal('create_and_send_temp_chat_link');

/** `schd_` + 16 base64url characters. */
export const scheduleIdPattern = /^schd_[A-Za-z0-9_-]{16}$/;

/** A five-field cron expression (minute hour day month weekday), checked by the links service. */
export const cronExpression = z.string().trim().min(9).max(120);
/** An IANA time zone name (`Europe/Berlin`), checked by the links service. */
export const timeZone = z.string().min(1).max(64);

const scheduleShape = {
  name: z.string().trim().min(1).max(200),
  cron: cronExpression,
  timezone: timeZone,
  action: scheduleAction,
  agent: z.string().min(1).max(100),
  template: templateName.optional(),
  settings: linkSettingsInput.optional(),
  recipients: z.array(recipient).min(1).max(BULK_MAX),
  send: sendSpec,
  active: z.boolean(),
};
export const createScheduleBody = z.strictObject({ ...scheduleShape, active: scheduleShape.active.default(true) });
export type CreateScheduleBody = z.infer<typeof createScheduleBody>;
/** What a client sends to make a schedule (`active` may be left out: true). */
export type CreateScheduleRequest = z.input<typeof createScheduleBody>;
export const updateScheduleBody = z.strictObject(
  Object.fromEntries(Object.entries(scheduleShape).map(([key, schema]) => [key, schema.optional()])) as {
    [K in keyof typeof scheduleShape]: z.ZodOptional<(typeof scheduleShape)[K]>;
  },
);
export type UpdateScheduleBody = z.infer<typeof updateScheduleBody>;
export type UpdateScheduleRequest = z.input<typeof updateScheduleBody>;

/**
 * A schedule's `send` as stored: its channels may be none once a visitor's erasure took the only
 * one (docs/management-api.md "Privacy") – the schedule is then paused until it is given one.
 */
export const scheduleSend = sendSpec.extend({ channels: z.array(sendChannel).max(10) });

export const schedule = z.object({
  id: z.string(),
  name: z.string(),
  cron: z.string(),
  timezone: z.string(),
  action: scheduleAction,
  agent: z.string(),
  template: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  recipients: z.array(recipient),
  send: scheduleSend,
  active: z.boolean(),
  /** The next slot, in UTC; null while the schedule is paused. */
  next_run_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Schedule = z.infer<typeof schedule>;
export const scheduleList = z.object({ schedules: z.array(schedule) });
export type ScheduleList = z.output<typeof scheduleList>;
export const createdSchedule = schedule;

/** How a run came about: its slot, a slot caught up after downtime, or "run now". */
export const runTrigger = z.enum(['schedule', 'catch_up', 'manual']);
export const runState = z.enum(['running', 'succeeded', 'failed', 'skipped']);
/**
 * What went wrong in a run: the run's own failure (`email` null), or a delivery whose first
 * attempt failed – with its `channel` and `to` (the address or phone number), and `email` only for
 * the email channel. Runs recorded before `to` existed have `email` alone.
 */
export const scheduleRunError = z.object({
  email: z.string().nullable().optional(),
  to: z.string().optional(),
  channel: z.string().optional(),
  error: z.string(),
});
export type ScheduleRunError = z.infer<typeof scheduleRunError>;
export const scheduleRun = z.object({
  slot_at: z.string(),
  trigger: runTrigger,
  state: runState,
  links: z.number().int(),
  sent: z.number().int(),
  errors: z.array(scheduleRunError),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});
export type ScheduleRun = z.infer<typeof scheduleRun>;
export const scheduleRunList = z.object({ runs: z.array(scheduleRun) });
export type ScheduleRunList = z.output<typeof scheduleRunList>;
