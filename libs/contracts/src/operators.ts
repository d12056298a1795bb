import { z } from 'zod';
import { escalationCreated, escalationSummary } from './escalations.js';

/**
 * Operators at work (docs/escalation.md "Teams, presence and assignment"): teams with business hours
 * and a cap per operator, presence, assignment, transfer, canned replies, the visitor's offline
 * message and transcript by mail.
 */

/** `team_` + 16 base64url characters. */
export const teamIdPattern = /^team_[A-Za-z0-9_-]{16}$/;
export const teamId = z.string().regex(teamIdPattern, 'a team id (team_…)');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** `HH:MM`, 00:00 to 24:00 (24:00 closes a day that runs to midnight). */
const clockTime = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time as HH:MM (00:00–24:00)');
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const openingSpan = z.tuple([clockTime, clockTime]).refine(([from, to]) => minutesOf(from) < minutesOf(to), 'a span opens before it closes, within the day');

/** An IANA time zone this runtime knows (Europe/Berlin, America/New_York, UTC …). */
const teamTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone such as Europe/Berlin');

const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((date) => !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) && new Date(`${date}T00:00:00Z`).toISOString().startsWith(date), 'a real calendar date');

/** A team's business hours: open in its time zone during the weekly spans, except on holidays. */
export const teamHours = z.strictObject({
  timezone: teamTimeZone,
  weekly: z.strictObject(
    Object.fromEntries(WEEKDAYS.map((day) => [day, z.array(openingSpan).max(6).optional()])) as Record<Weekday, z.ZodOptional<z.ZodArray<typeof openingSpan>>>,
  ),
  holidays: z.array(calendarDate).max(366).default([]),
});
export type TeamHours = z.output<typeof teamHours>;

const teamName = z.string().trim().min(1).max(100);
const memberIds = z.array(z.string().min(1).max(64)).max(500);
const cap = z.number().int().min(1).max(1000);

/** Every operator of the tenant reads the team's escalations, not only its members (docs/management-api.md "Roles"). */
const openToAll = z.boolean().meta({ description: "Every operator of the tenant reads the team's escalations, not only its members (default false)" });

export const createTeamBody = z.strictObject({
  name: teamName,
  members: memberIds.default([]),
  hours: teamHours.nullable().optional(),
  max_open_per_operator: cap.nullable().optional(),
  open_to_all_operators: openToAll.default(false),
});
export const updateTeamBody = z.strictObject({
  name: teamName.optional(),
  members: memberIds.optional(),
  hours: teamHours.nullable().optional(),
  max_open_per_operator: cap.nullable().optional(),
  open_to_all_operators: openToAll.optional(),
});
export type CreateTeamRequest = z.input<typeof createTeamBody>;
export type UpdateTeamRequest = z.input<typeof updateTeamBody>;

export const team = z.object({
  id: z.string(),
  name: z.string(),
  members: z.array(z.object({ member_id: z.string(), name: z.string() })),
  hours: teamHours.nullable(),
  max_open_per_operator: z.number().int().nullable(),
  /** Every operator of the tenant reads its escalations; false: its members, and whoever has one, only. */
  open_to_all_operators: z.boolean(),
  /** Within its business hours now (always true without hours). */
  open_now: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Team = z.infer<typeof team>;
export const teamList = z.object({ teams: z.array(team) });
export type TeamList = z.output<typeof teamList>;

/** An operator's own status: `away` keeps them out of assignment while their inbox is open. */
export const presenceStatus = z.enum(['online', 'away']);
export const presenceBody = z.strictObject({ status: presenceStatus });
export const operatorPresenceList = z.object({
  operators: z.array(
    z.object({
      member_id: z.string(),
      name: z.string(),
      status: z.enum(['online', 'away', 'offline']),
      /** Conversations assigned to or claimed by them now. */
      open: z.number().int(),
      teams: z.array(z.string()),
    }),
  ),
});
export type OperatorPresenceList = z.output<typeof operatorPresenceList>;

/** `POST /api/inbox/{escalation_id}/transfer`: to a member, or to a team's queue, with a note for the colleague. */
export const transferBody = z
  .strictObject({
    to_member: z.string().min(1).max(64).optional(),
    to_team: z.string().min(1).max(64).optional(),
    note: z.string().trim().max(1_000).optional(),
  })
  .refine((body) => (body.to_member === undefined) !== (body.to_team === undefined), 'name exactly one of to_member or to_team');
export type TransferRequest = z.input<typeof transferBody>;

/** Nobody can answer now (outside the team's hours, or nobody of it online): the visitor may leave a message and an email. */
export const offlineNotice = z.object({
  message: z.string(),
  ask_email: z.literal(true),
  reason: z.enum(['closed', 'nobody_online']),
  /** When the team opens next (outside hours), ISO 8601; null when unknown or open now. */
  opens_at: z.string().nullable(),
});
export type OfflineNotice = z.infer<typeof offlineNotice>;

/** A new escalation as its creator sees it, with the offline notice when nobody can answer now. */
export const escalationCreatedWithOffline = escalationCreated.extend({
  escalation: escalationCreated.shape.escalation.extend({ team: z.string().nullable().optional() }),
  offline: offlineNotice.optional(),
});
export type EscalationCreatedWithOffline = z.infer<typeof escalationCreatedWithOffline>;

const visitorEmail = z.string().trim().toLowerCase().max(320).check(z.email());
/** `POST /api/public/chat/{token}/offline-message`. */
export const offlineMessageBody = z.strictObject({ session: z.string().max(64), email: visitorEmail, content: z.string().min(1).max(4_000) });
/** `POST /api/public/chat/{token}/transcript`. */
export const transcriptRequestBody = z.strictObject({ session: z.string().max(64), email: visitorEmail });

/** The message left offline is stored, and waits in the inbox under the conversation's open escalation. */
export const offlineMessageLeft = z.object({
  message_id: z.string(),
  created_at: z.string(),
  escalation: escalationSummary,
});
export type OfflineMessageLeft = z.output<typeof offlineMessageLeft>;

/**
 * The transcript will be mailed: `at: "end"` when the conversation ends, `"now"` when it has
 * ended already (it is on its way).
 */
export const transcriptRequested = z.object({ email: z.string(), at: z.enum(['end', 'now']) });
export type TranscriptRequested = z.output<typeof transcriptRequested>;

/** `always`, `never`, or `after_unanswered:N` (1–20): when the visitor is offered a person. */
export const offerPerson = z.union([
  z.enum(['always', 'never']),
  z.string().regex(/^after_unanswered:(?:[1-9]|1\d|20)$/, 'always, never or after_unanswered:N (1–20)'),
]);
export type OfferPerson = z.infer<typeof offerPerson>;

/** A canned reply's shortcut: typed after `/` in the inbox composer. */
export const cannedShortcut = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,32}$/, '1–32 letters, digits, _ or -');
export const createCannedReplyBody = z.strictObject({
  shortcut: cannedShortcut,
  content: z.string().trim().min(1).max(4_000),
  personal: z.boolean().default(false),
});
export const updateCannedReplyBody = z.strictObject({ shortcut: cannedShortcut.optional(), content: z.string().trim().min(1).max(4_000).optional() });
export const cannedReply = z.object({
  id: z.string(),
  shortcut: z.string(),
  content: z.string(),
  personal: z.boolean(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type CannedReply = z.infer<typeof cannedReply>;
export const cannedReplyList = z.object({ canned_replies: z.array(cannedReply) });
export type CannedReplyList = z.infer<typeof cannedReplyList>;
export type CreateCannedReplyRequest = z.input<typeof createCannedReplyBody>;
export type UpdateCannedReplyRequest = z.input<typeof updateCannedReplyBody>;
/** `cr_` + 16 base64url characters. */
export const cannedReplyIdPattern = /^cr_[A-Za-z0-9_-]{16}$/;
/** A tenant's shared (tenant-wide) canned replies, at most. */
export const MAX_SHARED_CANNED_REPLIES = 500;
/** A member's own (personal) canned replies, at most. */
export const MAX_PERSONAL_CANNED_REPLIES = 100;

export { CANNED_REPLY_VARIABLES, type CannedReplyContext, type CannedReplyVariable, cannedReplyValues, fillCannedReply } from './canned-reply-fill.js';
