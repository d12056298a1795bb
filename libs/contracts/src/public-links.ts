import { isIP } from 'node:net';
import { z } from 'zod';
import { escalationSummary } from './escalations.js';
import { offerPerson, teamId } from './operators.js';
import { attachment, attachmentIds } from './uploads.js';
import { conversationRating, feedbackRating } from './feedback.js';
import { agentVersion, messageContent } from './text-chat.js';
import { citations } from './knowledge-answers.js';
import { toolCallReport } from './tool-calls.js';
import { visitorUser } from './user-conversations.js';
import { visitorContext } from './visitor-context.js';
import { webhookUrl } from './webhooks.js';

/**
 * Public chat links (references 000 and 002): the management bodies, what the public routes
 * answer, and the snapshot of a link the links service hands to the gateway and sessions.
 */

/** `lnk_` + 16 base64url characters. */
export const linkIdPattern = /^lnk_[A-Za-z0-9_-]{16}$/;
/** A link token: 32 base64url characters (192 random bits). Anything else is refused unseen. */
export const linkTokenPattern = /^[A-Za-z0-9_-]{32}$/;
/** A public session credential: `pcs_` + 32 base64url characters (192 random bits). */
export const sessionCredentialPattern = /^pcs_[A-Za-z0-9_-]{32}$/;

/** `https://example.com` – scheme, host and optional port; no path. */
export const origin = z
  .string()
  .max(255)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin like https://example.com (scheme, host, optional port; no path or trailing slash)');

/** An IPv4 or IPv6 address or CIDR block: `203.0.113.0/24`, `2001:db8::/32`, `198.51.100.7`. */
export const cidr = z
  .string()
  .max(64)
  .refine((value) => {
    const [address, bits, extra] = value.split('/');
    if (extra !== undefined || !address) return false;
    const family = isIP(address);
    if (family === 0) return false;
    if (bits === undefined) return true;
    if (!/^\d{1,3}$/.test(bits)) return false;
    return Number(bits) <= (family === 4 ? 32 : 128);
  }, 'must be an IPv4 or IPv6 address or CIDR block, e.g. 203.0.113.0/24');

/** 10 MiB: a link's upload limit unless it sets its own. */
export const DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
/** The most a link may allow for one file: 50 MiB. */
export const UPLOAD_MAX_BYTES_CEILING = 50 * 1024 * 1024;
/**
 * The types a link may accept, each judged from the file's own bytes. HTML, SVG and XML are not
 * among them and never can be: a file served back must never run as a page.
 */
export const uploadableTypes = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/json',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'audio/mpeg',
  'audio/wav',
  'video/mp4',
] as const;
export const uploadableType = z.enum(uploadableTypes);
/** Images a prompt node hands the LLM as image parts. */
export const imageUploadTypes: readonly string[] = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];
export const DEFAULT_UPLOAD_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'text/plain'] as const;

/** Whether visitors may attach files, how large, and of which types (judged from their bytes). */
export const uploadSettings = z.strictObject({
  enabled: z.boolean(),
  max_bytes: z.number().int().min(1).max(UPLOAD_MAX_BYTES_CEILING).default(DEFAULT_UPLOAD_MAX_BYTES),
  types: z
    .array(uploadableType)
    .min(1)
    .max(uploadableTypes.length)
    .default([...DEFAULT_UPLOAD_TYPES]),
});
export type UploadSettings = z.output<typeof uploadSettings>;
/** Upload settings as a link shows them. */
export const uploadSettingsView = z.object({ enabled: z.boolean(), max_bytes: z.number().int(), types: z.array(z.string()) });
export type UploadSettingsView = z.output<typeof uploadSettingsView>;

/** `#1d4ed8`: six hex digits. */
export const brandColor = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #1d4ed8 (# and six hex digits)');
/** An https image URL (http only for a loopback host, for development). */
export const imageUrl = z
  .string()
  .max(2_000)
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.username || url.password) return false;
      return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
    } catch {
      return false;
    }
  }, 'must be an https URL of an image');
export const themeMode = z.enum(['light', 'dark', 'auto']);
/** How the chat page and the widget look: brand colour, logo, avatar, light or dark. */
export const linkTheme = z.strictObject({
  brand_color: brandColor.optional(),
  logo_url: imageUrl.optional(),
  avatar_url: imageUrl.optional(),
  /** `auto` follows the visitor's `prefers-color-scheme`. */
  mode: themeMode.default('auto'),
});
export type LinkTheme = z.output<typeof linkTheme>;

/** The languages the chat page and the widget speak (their message catalogs). */
export const visitorLocales = ['en', 'de', 'fr', 'es', 'ja', 'ar'] as const;
/**
 * One of those languages: the one a visitor's mails are written in (docs/public-chat-api.md
 * "Visitors' language and look"), as the gateway chose it for the page's request.
 */
export const visitorLanguage = z.enum(visitorLocales);
export type VisitorLanguage = z.infer<typeof visitorLanguage>;
/**
 * A BCP 47 tag (`de`, `pt-BR`, `zh-Hant-TW`). The page uses the catalog of its language, or
 * English where it has none; dates and numbers follow the whole tag.
 */
export const localeTag = z
  .string()
  .max(35)
  .refine((value) => {
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(value)) return false;
    try {
      return Intl.getCanonicalLocales(value).length === 1;
    } catch {
      return false;
    }
  }, 'must be a BCP 47 language tag like de or pt-BR');

/** What a content rule does with what it finds (docs/public-chat-api.md "Content rules"). */
export const contentAction = z.enum(['off', 'flag', 'block']);
/**
 * The rules a visitor's message meets before it is stored or reaches the LLM (docs/public-chat-api.md
 * "Content rules"): block patterns (RE2 syntax), personal data allowed, redacted or blocked,
 * moderation, and the built-in prompt-injection patterns. Set on a link, or agent-wide in the
 * agent's config; a link's own rules replace the agent's.
 */
export const contentRules = z.strictObject({
  /** Regular expressions in RE2 syntax (no backreferences or lookaround: matching is linear); a match blocks the message. */
  block_patterns: z.array(z.string().min(1).max(500)).max(50).default([]),
  /** Emails, phone numbers, payment card numbers (Luhn) and IBANs (checksum). */
  pii: z.enum(['allow', 'redact', 'block']).default('allow'),
  /** An OpenAI-compatible `/moderations` endpoint's verdict. */
  moderation: contentAction.default('off'),
  /** The built-in prompt-injection patterns ("ignore previous instructions", …). */
  prompt_injection: contentAction.default('off'),
});
export type ContentRules = z.output<typeof contentRules>;
export type ContentRulesInput = z.input<typeof contentRules>;

/** An ISO 3166-1 alpha-2 country code, upper-cased. */
export const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code like DE')
  .transform((code) => code.toUpperCase());

/** A link's LLM token budgets per UTC day (docs/management-api.md "Cost guards"); each unset: no limit. */
export const linkBudget = z.strictObject({
  tokens_per_day: z.number().int().min(1).max(1_000_000_000_000).optional(),
  tokens_per_visitor_per_day: z.number().int().min(1).max(1_000_000_000_000).optional(),
});
export type LinkBudget = z.output<typeof linkBudget>;

/** `"adaptive"`: the limit tightens for addresses and sessions that misbehave (docs/api.md "Adaptive limits"). */
export const ADAPTIVE = 'adaptive';

/** Every setting of a link (docs/management-api.md, "Public links"). All optional on update. */
const settingsShape = {
  title: z.string().trim().min(1).max(200),
  description: z.string().max(2_000).nullable(),
  welcome_message: z.string().max(2_000).nullable(),
  /** Hours from now; or `expires_at`. Neither: the link never expires. */
  expires_in_hours: z
    .number()
    .positive()
    .max(24 * 366),
  expires_at: z.iso.datetime({ offset: true }).nullable(),
  /** Sessions the link may start in all; null: unlimited. */
  max_sessions: z.number().int().min(1).max(1_000_000).nullable(),
  /** Messages a visitor may send in one session; null: unlimited. */
  max_messages_per_session: z.number().int().min(1).max(100_000).nullable(),
  /** A session idle this long ends. */
  session_timeout_minutes: z.number().int().min(1).max(43_200),
  /** Messages per minute of each session of the link, or `"adaptive"` (docs/api.md "Rate limits", "Adaptive limits"). */
  rate_limit_per_minute: z.union([z.number().int().min(1).max(100_000), z.literal(ADAPTIVE)]).meta({
    description:
      'Messages per minute of each session of the link (default 10; PUBLIC_RATE_LIMIT_PER_SESSION_PER_MINUTE is the ceiling: the lower applies), past it 429 `rate_limited` with `details.limit: "session"`; or `"adaptive"`: 600 per minute across the link, and each address\'s and session\'s own limit tightens as they misbehave',
  }),
  /** Messages per minute across all the link's sessions together; null: no cap on the whole link. */
  rate_limit_per_link_per_minute: z.number().int().min(1).max(100_000).nullable().meta({
    description:
      'Messages per minute across all the link\'s sessions together, past it 429 `rate_limited` with `details.limit: "link"`; null or absent: no cap on the whole link (on an adaptive link: 600)',
  }),
  require_email_verification: z.boolean(),
  /** Sessions start only for a signed-in user of the host site (`user` with a valid `user_hash`). */
  require_identity: z.boolean(),
  /** Only the signed token form of `user` (it expires) binds a user; the unexpiring `user_hash` is refused. */
  identity_token_required: z.boolean(),
  /** Origins that may embed or call the link from a browser; empty: any. */
  allowed_origins: z.array(origin).max(50),
  /** When not empty, only these addresses may use the link. */
  ip_allow: z.array(cidr).max(200),
  /** These addresses may never use the link. */
  ip_deny: z.array(cidr).max(200),
  /**
   * A passcode visitors enter once before chatting; null removes it. Stored only as a slow hash.
   * At least 6 characters for a new one (links given a shorter one before keep it working).
   */
  passcode: z.string().min(6).max(128).nullable(),
  active: z.boolean(),
  /** Days the link's ended conversations keep their messages (privacy); null: the platform's RETENTION_DAYS. */
  retention_days: z.number().int().min(1).max(36_500).nullable(),
  /** Files visitors may attach; null (or `enabled: false`): none. */
  uploads: uploadSettings.nullable(),
  /** The chat page's and the widget's look; null: the platform's own. */
  theme: linkTheme.nullable(),
  /** The visitor-facing language; null: the visitor's browser language where there is a catalog, else English. */
  locale: localeTag.nullable(),
  /** What visitors' messages are checked for; null: the agent's rules, if its config has any. */
  content_rules: contentRules.nullable(),
  /** Countries (by the visitor's address) that may use the link; empty: any. */
  country_allow: z.array(countryCode).max(250),
  /** Countries that may never use the link. */
  country_deny: z.array(countryCode).max(250),
  /** LLM tokens the link may spend per UTC day, in all and per visitor; null: no limit. */
  budget: linkBudget.nullable(),
  /** What visitors are told once a budget is spent; null: the platform's default words. */
  budget_exhausted_message: z.string().trim().min(1).max(1_000).nullable(),
  /** `"pow"`: a session's first request carries a solved proof-of-work challenge; null: none. */
  challenge: z.enum(['pow']).nullable(),
  /**
   * The team the link's escalations go to (`team_…`); null: the tenant's queue. An id that names
   * no team of the tenant (one deleted since) routes to the tenant's queue too.
   */
  team: teamId.nullable(),
  /** When visitors are offered a person (docs/escalation.md "Offering a person"): `always`, `never` or `after_unanswered:N`. */
  offer_person: offerPerson,
  /** The tenant's operator address gets every conversation's transcript when it ends (docs/escalation.md "Transcripts by email"). */
  transcript_to_tenant: z.boolean(),
};

/** One arm of a link's split: a version of the link's agent and its share of new sessions. */
export const splitArm = z.strictObject({ version: agentVersion, weight: z.number().int().min(1).max(1_000) });
export type SplitArm = z.infer<typeof splitArm>;

/** 2–10 distinct versions; a repeated version is named by its path (`split[1].version`). */
export const linkSplit = z
  .array(splitArm)
  .min(2)
  .max(10)
  .superRefine((arms, ctx) => {
    const seen = new Set<number>();
    arms.forEach((arm, index) => {
      if (seen.has(arm.version)) ctx.addIssue({ code: 'custom', message: `version ${arm.version} is in the split twice`, path: [index, 'version'] });
      seen.add(arm.version);
    });
  });

/**
 * Which version of its agent a link runs (docs/management-api.md "Versions on a link"). Only a link's own
 * settings: a template is not tied to one agent, and bulk changes and schedules span links.
 */
const versionShape = {
  /** The version every session runs, drafts included (a preview link); null: the published active one. */
  version: agentVersion.nullable(),
  /** New sessions divided between versions by weight, sticky per visitor; null: no split. */
  split: linkSplit.nullable(),
};
const oneVersionChoice: [(body: { version?: number | null | undefined; split?: unknown }) => boolean, { message: string; path: string[] }] = [
  (body) => body.version == null || body.split == null,
  { message: 'give version or split, not both', path: ['split'] },
];

/**
 * A link's complete settings, defaults filled in: what a link is made with once its template (if
 * any) and the request's own fields are merged – the request's win.
 */
export const resolvedLinkSettings = z
  .strictObject({
    ...settingsShape,
    title: settingsShape.title,
    description: settingsShape.description.optional(),
    welcome_message: settingsShape.welcome_message.optional(),
    expires_in_hours: settingsShape.expires_in_hours.optional(),
    expires_at: settingsShape.expires_at.optional(),
    max_sessions: settingsShape.max_sessions.optional(),
    max_messages_per_session: settingsShape.max_messages_per_session.optional(),
    session_timeout_minutes: settingsShape.session_timeout_minutes.default(30),
    rate_limit_per_minute: settingsShape.rate_limit_per_minute.default(10),
    rate_limit_per_link_per_minute: settingsShape.rate_limit_per_link_per_minute.optional(),
    require_email_verification: settingsShape.require_email_verification.default(false),
    require_identity: settingsShape.require_identity.default(false),
    identity_token_required: settingsShape.identity_token_required.default(false),
    allowed_origins: settingsShape.allowed_origins.default([]),
    ip_allow: settingsShape.ip_allow.default([]),
    ip_deny: settingsShape.ip_deny.default([]),
    passcode: settingsShape.passcode.optional(),
    active: settingsShape.active.default(true),
    retention_days: settingsShape.retention_days.optional(),
    uploads: settingsShape.uploads.optional(),
    theme: settingsShape.theme.optional(),
    locale: settingsShape.locale.optional(),
    content_rules: settingsShape.content_rules.optional(),
    country_allow: settingsShape.country_allow.default([]),
    country_deny: settingsShape.country_deny.default([]),
    budget: settingsShape.budget.optional(),
    budget_exhausted_message: settingsShape.budget_exhausted_message.optional(),
    challenge: settingsShape.challenge.optional(),
    team: settingsShape.team.optional(),
    offer_person: settingsShape.offer_person.default('never'),
    transcript_to_tenant: settingsShape.transcript_to_tenant.default(false),
  })
  .refine((body) => body.expires_in_hours === undefined || body.expires_at === undefined, {
    message: 'give expires_in_hours or expires_at, not both',
    path: ['expires_at'],
  });
export type ResolvedLinkSettings = z.infer<typeof resolvedLinkSettings>;

/** Settings a template may hold: any link setting but the passcode (a template is kept as given, and a passcode never is). */
const { passcode: _passcode, ...templateShape } = settingsShape;
export const templateSettings = z
  .strictObject(
    Object.fromEntries(Object.entries(templateShape).map(([key, schema]) => [key, schema.optional()])) as {
      [K in keyof typeof templateShape]: z.ZodOptional<(typeof templateShape)[K]>;
    },
  )
  .refine((body) => body.expires_in_hours === undefined || body.expires_at === undefined, {
    message: 'give expires_in_hours or expires_at, not both',
    path: ['expires_at'],
  });
export type TemplateSettings = z.infer<typeof templateSettings>;

/** A template's name: lower-case letters, digits, `_` and `-`. */
export const templateName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1-64 lower-case letters, digits, _ or -, starting with a letter or digit');

/**
 * Variables a link carries into every session started on it (their `collected_data` at start),
 * so `{{name}}` in the welcome message and the workflow's texts greets a recipient by name.
 */
export const linkVariables = z
  .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'variable names are letters, digits and _'), z.string().max(1_000))
  .refine((vars) => Object.keys(vars).length <= 50, 'at most 50 variables');
export type LinkVariables = z.infer<typeof linkVariables>;

/** A phone number in E.164 form: `+`, the country code and the number, digits only (at most 15). */
export const phoneNumber = z
  .string()
  .regex(/^\+[1-9][0-9]{1,14}$/, 'must be a phone number in E.164 form: + and the country code, then the number, digits only (e.g. +14155550123)')
  .meta({ description: 'A phone number in E.164 form, e.g. +14155550123' });

/** Where a new link's URL goes right away (its token is kept only as a hash, so it cannot be sent later). */
export const sendChannel = z.discriminatedUnion('type', [
  /** `to` defaults to the recipient's email (bulk creation). */
  z.strictObject({ type: z.literal('email'), to: z.email().max(320).optional() }),
  z.strictObject({ type: z.literal('slack'), webhook_url: webhookUrl }),
  z.strictObject({ type: z.literal('teams'), webhook_url: webhookUrl }),
  /** A text message to `to`, through the platform's SMS provider (SMS_PROVIDER_URL); each link its own message. */
  z.strictObject({ type: z.literal('sms'), to: phoneNumber }),
]);
export type SendChannel = z.infer<typeof sendChannel>;
export const sendSpec = z.strictObject({
  channels: z.array(sendChannel).min(1).max(10),
  /** The mail's subject; default: the link's title. */
  subject: z.string().trim().min(1).max(200).optional(),
  /** A personal note above the link; `{{name}}` and the link's other variables are filled in. */
  message: z.string().max(5_000).optional(),
});
export type SendSpec = z.infer<typeof sendSpec>;

/** Every setting, each optional and without a default: what a request may give before any merge. */
const optionalSettingsShape = Object.fromEntries(Object.entries(settingsShape).map(([key, schema]) => [key, schema.optional()])) as {
  [K in keyof typeof settingsShape]: z.ZodOptional<(typeof settingsShape)[K]>;
};
const oneExpiry: [(body: { expires_in_hours?: number | undefined; expires_at?: string | null | undefined }) => boolean, { message: string; path: string[] }] = [
  (body) => body.expires_in_hours === undefined || body.expires_at === undefined,
  { message: 'give expires_in_hours or expires_at, not both', path: ['expires_at'] },
];

/** Link settings as a bulk request or a schedule gives them: any of them, over a template's. */
export const linkSettingsInput = z.strictObject({ ...optionalSettingsShape, variables: linkVariables.optional() }).refine(...oneExpiry);
export type LinkSettingsInput = z.infer<typeof linkSettingsInput>;

/**
 * POST …/public-links: every setting is optional when a `template` gives it (the body's own
 * fields override the template's); without a template, `title` is required. Defaults are filled
 * in after the merge, so a template's limits are not overridden by a default.
 */
export const createLinkBody = z
  .strictObject({
    ...optionalSettingsShape,
    version: versionShape.version.optional(),
    split: versionShape.split.optional(),
    /** A built-in or tenant template whose settings the link starts from. */
    template: templateName.optional(),
    /** Variables every session on the link starts with (`{{name}}` in texts). */
    variables: linkVariables.optional(),
    /** Send the link's URL right away (email, Slack, Teams, SMS). */
    send: sendSpec.optional(),
  })
  .refine((body) => body.title !== undefined || body.template !== undefined, { message: 'give a title, or a template that has one', path: ['title'] })
  .refine(...oneExpiry)
  .refine(...oneVersionChoice);
export type CreateLinkBody = z.infer<typeof createLinkBody>;
/** What a client sends to make a link (POST …/public-links). */
export type CreateLinkRequest = z.input<typeof createLinkBody>;

/** Changes to any setting but the version a link runs: what a bulk update applies to many links. */
export const linkChangesBody = z.strictObject({ ...optionalSettingsShape, variables: linkVariables.optional() }).refine(...oneExpiry);
export type LinkChangesBody = z.infer<typeof linkChangesBody>;

/** PUT …/public-links/{id}: any setting, the version it runs included. */
export const updateLinkBody = z
  .strictObject({
    ...optionalSettingsShape,
    version: versionShape.version.optional(),
    split: versionShape.split.optional(),
    variables: linkVariables.optional(),
  })
  .refine(...oneExpiry)
  .refine(...oneVersionChoice);
export type UpdateLinkBody = z.infer<typeof updateLinkBody>;
/** What a client sends to change a link (PUT …/public-links/{id}). */
export type UpdateLinkRequest = z.input<typeof updateLinkBody>;

/** A link's state for visitors: active, past its expiry, or deactivated. */
export const linkState = z.enum(['active', 'expired', 'inactive']);
export type LinkState = z.infer<typeof linkState>;

/** A link as the management API shows it (never its token or passcode). */
export const publicLink = z.object({
  id: z.string(),
  agent: z.string(),
  title: z.string(),
  description: z.string().nullable(),
  welcome_message: z.string().nullable(),
  expires_at: z.string().nullable(),
  max_sessions: z.number().int().nullable(),
  max_messages_per_session: z.number().int().nullable(),
  session_timeout_minutes: z.number().int(),
  /** Per session (docs/api.md "Rate limits"). */
  rate_limit_per_minute: z.union([z.number().int(), z.literal(ADAPTIVE)]),
  /** Across the link's sessions; null: no cap on the whole link. */
  rate_limit_per_link_per_minute: z.number().int().nullable(),
  require_email_verification: z.boolean(),
  require_identity: z.boolean(),
  /** Whether POST …/identity-secret made one (the secret itself is shown only then). */
  has_identity_secret: z.boolean(),
  /** `user` binds only in its token form (a JWT with an expiry), never by `user_hash`. */
  identity_token_required: z.boolean(),
  allowed_origins: z.array(z.string()),
  ip_allow: z.array(z.string()),
  ip_deny: z.array(z.string()),
  has_passcode: z.boolean(),
  active: z.boolean(),
  /** Null: RETENTION_DAYS applies. */
  retention_days: z.number().int().nullable(),
  /** What every session on the link starts with in `collected_data`. */
  variables: z.record(z.string(), z.string()),
  /** Files visitors may attach; null: none. */
  uploads: uploadSettingsView.nullable(),
  theme: linkTheme.nullable(),
  locale: z.string().nullable(),
  content_rules: contentRules.nullable(),
  country_allow: z.array(z.string()),
  country_deny: z.array(z.string()),
  budget: linkBudget.nullable(),
  budget_exhausted_message: z.string().nullable(),
  challenge: z.enum(['pow']).nullable(),
  /** The team its escalations go to; null: the tenant's queue. */
  team: z.string().nullable(),
  offer_person: z.string(),
  transcript_to_tenant: z.boolean(),
  /** The version every session runs (drafts included); null: the published active one. */
  version: z.number().int().nullable(),
  /** `[{version, weight}]`: new sessions divided by weight, sticky per visitor; null: no split. */
  split: z.array(z.object({ version: z.number().int(), weight: z.number().int() })).nullable(),
  state: linkState,
  created_at: z.string(),
  updated_at: z.string(),
});
export type PublicLink = z.infer<typeof publicLink>;

/** What happened to one way of sending a link's URL. */
export const linkDeliveryView = z.object({
  id: z.string(),
  link_id: z.string(),
  channel: z.enum(['email', 'slack', 'teams', 'sms']),
  /** The address, the webhook's host (a webhook URL is itself a credential), or the phone number. */
  to: z.string(),
  state: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  /** Why the latest attempt failed (an SMS provider's refusal with its error code and message). */
  last_error: z.string().nullable(),
  /** The HTTP status a Slack or Teams webhook or the SMS provider answered the latest attempt with; null without an answer, and for email. */
  response_code: z.number().int().nullable(),
  next_attempt_at: z.string().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
export type LinkDeliveryView = z.infer<typeof linkDeliveryView>;
export const linkDeliveryList = z.object({ deliveries: z.array(linkDeliveryView) });

/**
 * Creation answers the token and URL once: only the token's hash is kept. With `send`, each
 * delivery as recorded, and `queued`: how many are being sent in the background (the answer
 * never waits for them; their outcome is in the link's deliveries).
 */
export const createdPublicLink = publicLink.extend({
  token: z.string(),
  url: z.string(),
  deliveries: z.array(linkDeliveryView).optional(),
  queued: z.number().int().optional(),
});
export type CreatedPublicLink = z.output<typeof createdPublicLink>;
export const publicLinkList = z.object({ links: z.array(publicLink) });

/** How much a link has been used: its sessions, their messages (visitors' and the agent's), and when last. */
export const linkUsage = z.object({
  sessions: z.number().int(),
  messages: z.number().int(),
  last_activity_at: z.string().nullable(),
});
export type LinkUsage = z.infer<typeof linkUsage>;

/** What the management API lists: each link with its usage (owned by the sessions service, merged by the gateway). */
export const publicLinkListWithUsage = z.object({ links: z.array(publicLink.extend({ usage: linkUsage })) });
export type PublicLinkListWithUsage = z.output<typeof publicLinkListWithUsage>;

/**
 * What the gateway and the sessions service need of a link to serve a visitor, resolved by the
 * token's hash. Never carries the token; the passcode only as its hash, for the gateway to check.
 */
export const linkAccess = z.object({
  linkId: z.string(),
  tenantId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  state: linkState,
  title: z.string(),
  description: z.string().nullable(),
  welcomeMessage: z.string().nullable(),
  expiresAt: z.string().nullable(),
  maxSessions: z.number().int().nullable(),
  maxMessagesPerSession: z.number().int().nullable(),
  sessionTimeoutMinutes: z.number().int(),
  /** Per session of the link; on an adaptive link, the link's own ceiling (docs/api.md "Rate limits"). */
  rateLimitPerMinute: z.number().int(),
  /** Across the link's sessions; null: no cap on the whole link (an adaptive link's is `rateLimitPerMinute`). */
  rateLimitPerLinkPerMinute: z.number().int().nullable().default(null),
  requireEmailVerification: z.boolean(),
  requireIdentity: z.boolean(),
  /** The secret itself stays in the links service, which checks user hashes (links.verifyIdentity). */
  hasIdentitySecret: z.boolean(),
  allowedOrigins: z.array(z.string()),
  ipAllow: z.array(z.string()),
  ipDeny: z.array(z.string()),
  passcodeHash: z.string().nullable(),
  /** The link's variables: every session on it starts with them in its collected data. */
  variables: z.record(z.string(), z.string()).default({}),
  /** Null: visitors may attach nothing. */
  uploads: uploadSettingsView.nullable().default(null),
  theme: linkTheme.nullable().default(null),
  locale: z.string().nullable().default(null),
  /** The link's own content rules; null: the agent's (from its config), if any. */
  contentRules: contentRules.nullable().default(null),
  countryAllow: z.array(z.string()).default([]),
  countryDeny: z.array(z.string()).default([]),
  /** `rateLimitPerMinute` is the base of an adaptive limit (docs/api.md "Adaptive limits"). */
  adaptiveRateLimit: z.boolean().default(false),
  budget: linkBudget.nullable().default(null),
  budgetExhaustedMessage: z.string().nullable().default(null),
  challenge: z.enum(['pow']).nullable().default(null),
  /** The team the link's escalations go to; null: the tenant's queue. */
  teamId: z.string().nullable().default(null),
  /** `always`, `never` or `after_unanswered:N` (docs/escalation.md "Offering a person"). */
  offerPerson: z.string().default('never'),
  /** Every conversation's transcript goes to the tenant's operator address when it ends. */
  transcriptToTenant: z.boolean().default(false),
  /** The version every new session runs; null: the published active one (or the split's choice). */
  version: z.number().int().nullable().default(null),
  /** New sessions divided by weight, chosen per visitor by the sessions service; null: no split. */
  split: z
    .array(z.object({ version: z.number().int(), weight: z.number().int() }))
    .nullable()
    .default(null),
});
export type LinkAccess = z.infer<typeof linkAccess>;

/** GET /api/public/links/{token}: what the chat page shows before the first message. */
export const publicLinkInfo = z.object({
  title: z.string(),
  description: z.string().nullable(),
  welcome_message: z.string().nullable(),
  agent: z.string(),
  require_email_verification: z.boolean(),
  /** Sessions start only with `user` (a signed-in user of the host site). */
  require_identity: z.boolean(),
  requires_passcode: z.boolean(),
  expires_at: z.string().nullable(),
  max_messages_per_session: z.number().int().nullable(),
  session_timeout_minutes: z.number().int(),
  /** What a visitor may attach: null when nothing. */
  uploads: z.object({ max_bytes: z.number().int(), types: z.array(z.string()) }).nullable(),
  theme: linkTheme.nullable(),
  /** The link's language; null: the visitor's own. */
  locale: z.string().nullable(),
  /** `"pow"`: fetch GET …/challenge and send `challenge_solution` with the session's first request. */
  challenge: z.enum(['pow']).nullable(),
  /**
   * When the page offers "Talk to a person": `always` (from the start), `never`, or
   * `after_unanswered:N` (once a reply says `offer_person: true`).
   */
  offer_person: z.string(),
  /** Whether the visitor may ask for the transcript by email (the platform has mail). */
  transcript_by_email: z.boolean(),
});
export type PublicLinkInfo = z.output<typeof publicLinkInfo>;

/**
 * A proof-of-work challenge in ALTCHA's format (docs/public-chat-api.md "Proof of work"): find the counter
 * whose SHA-256 of salt, nonce and the counter (4 bytes, big-endian) begins with `keyPrefix`.
 */
export const proofOfWorkChallenge = z.object({
  parameters: z.object({
    algorithm: z.literal('SHA-256'),
    /** Hashes per try (1: one SHA-256). */
    cost: z.number().int(),
    /** Unix seconds after which a solution is refused. */
    expiresAt: z.number().int(),
    keyLength: z.number().int(),
    /** Hex: the first bytes the derived key must have. */
    keyPrefix: z.string(),
    keySignature: z.string(),
    nonce: z.string(),
    salt: z.string(),
  }),
  /** HMAC-SHA256 of the parameters: they come back unchanged with the solution. */
  signature: z.string(),
});
export type ProofOfWorkChallenge = z.infer<typeof proofOfWorkChallenge>;
/** What `challenge_solution` carries, base64-encoded JSON: the challenge as it was given, and the counter found with its derived key (hex). */
export type ProofOfWorkPayload = { challenge: ProofOfWorkChallenge; solution: { counter: number; derivedKey: string; time?: number } };
/** The base64 ALTCHA payload of a solved challenge. */
export const challengeSolution = z.string().max(4_096);

export const publicChatBody = z.strictObject({
  content: messageContent,
  /** The session credential from an earlier reply; without it a session starts. */
  session: z.string().max(64).optional(),
  /** The link's passcode, needed only to start a session on a link that has one. */
  passcode: z.string().max(128).optional(),
  /** The host site's signed-in user; counts only when a session starts (see visitorUser). */
  user: visitorUser.optional(),
  /** Files uploaded in this session (POST …/uploads) that this message carries. */
  attachments: attachmentIds.optional(),
  /** A solved proof-of-work challenge (base64 ALTCHA payload), needed to start a session on a link with `challenge: "pow"`. */
  challenge_solution: challengeSolution.optional(),
  /** Where the host page says the visitor is: a session this message starts starts with it, one under way takes it in before the turn. */
  context: visitorContext.optional(),
});
export type PublicChatBody = z.infer<typeof publicChatBody>;

/** Every reply says what is left of the session's quota and time, and whether it ended. */
export const publicChatResponse = z.object({
  response: z.string().nullable(),
  session: z.string(),
  conversation_id: z.string(),
  message_id: z.string(),
  remaining_messages: z.number().int().nullable(),
  expires_at: z.string().nullable(),
  session_ended: z.boolean(),
  /** The turn's tool calls, in order (docs/workflow.md "Tools"): empty when it made none, or while a person has the conversation. */
  tool_calls: z.array(toolCallReport),
  /**
   * A prompt node with knowledge answered (docs/workflow.md "What the reply reports"): the passages
   * its reply cited (`[]`: none); absent when none answered.
   */
  citations: citations.optional(),
  /** While the conversation is with a person: `response` is null and this says where the visitor stands. */
  escalation: escalationSummary.optional(),
  /** A token budget is spent: `response` is the link's words for it and no LLM was asked. */
  budget_exhausted: z.boolean().optional(),
  notice: z.string().optional().meta({
    description:
      '`budget_exhausted` when `response` is the platform’s default words for a spent budget (a link’s own words carry none): show them in the visitor’s language',
  }),
  /** Offer the visitor a person now (the link's `offer_person`; docs/escalation.md "Offering a person"). */
  offer_person: z.literal(true).optional(),
});
export type PublicChatResponse = z.infer<typeof publicChatResponse>;

/**
 * The codes of the platform's own words to a visitor (docs/public-chat-api.md "Notices"): a page
 * shows its translation of a code it knows, else the message's English `content`.
 */
export const MESSAGE_NOTICES = ['nobody_available', 'nobody_available_email', 'everyone_busy', 'everyone_busy_email', 'budget_exhausted'] as const;
export type MessageNotice = (typeof MESSAGE_NOTICES)[number];

export const publicMessage = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant', 'operator', 'system']),
  content: z.string(),
  notice: z.string().optional().meta({
    description:
      'On the platform’s own words (a notice, a spent budget’s default words): their code, for the page to show them in the visitor’s language; `content` is the English',
  }),
  created_at: z.string(),
  /** Who answered, on an operator's message. */
  operator_name: z.string().optional(),
  /** The files the message carries (GET /api/public/uploads/{id} fetches each). */
  attachments: z.array(attachment).optional(),
  /** The visitor's own thumb on this message, when they gave one. */
  feedback: feedbackRating.optional(),
  /** On an agent's answer from knowledge: the passages it cited, the sources shown under it (docs/workflow.md "Answers from knowledge in the transcript"). */
  citations: citations.optional(),
});
export type PublicMessage = z.output<typeof publicMessage>;
export const publicHistory = z.object({
  messages: z.array(publicMessage),
  /** The visitor's score of the conversation; null until they give one (a page asks only then). */
  rating: conversationRating.omit({ at: true }).nullable(),
});
/**
 * GET /api/public/history/{token}: the history, and with `after` the live events a stream would
 * have carried since that id (each as the stream gives it, read by the catalog's decoder).
 */
export const publicHistoryResponse = publicHistory.extend({
  events: z.array(z.object({ id: z.string(), event: z.string(), data: z.unknown() })).optional(),
  reset: z.boolean().optional().meta({ description: '`after` has left the event log: reload the history instead of applying events' }),
  last_event_id: z.string().nullable().optional().meta({ description: 'The `after` of the next poll' }),
});
export type PublicHistoryResponse = z.output<typeof publicHistoryResponse>;

/** POST /api/public/verify/{token}: a 6-digit code goes to this address. */
export const verifyStartBody = z.strictObject({ email: z.email().max(320) });
/** The code is on its way: when it stops being valid. */
export const verificationSent = z.object({ expires_at: z.string() });
export type VerificationSent = z.output<typeof verificationSent>;
/** POST /api/public/verify/{token}/confirm: the code; answers a session credential bound to the email. */
export const verifyConfirmBody = z.strictObject({
  email: z.email().max(320),
  code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code'),
  passcode: z.string().max(128).optional(),
  /** Needed on a link with `challenge: "pow"`: the session this starts is a new one (docs/public-chat-api.md "Proof of work"). */
  challenge_solution: challengeSolution.optional(),
});
export const publicSessionStarted = z.object({
  session: z.string(),
  conversation_id: z.string(),
  expires_at: z.string().nullable(),
  remaining_messages: z.number().int().nullable(),
});
export type PublicSessionStarted = z.output<typeof publicSessionStarted>;
