import { hashPasscode } from '@parley/auth';
import {
  ADAPTIVE,
  AppError,
  type ContentRules,
  invalidFromZod,
  type LinkAccess,
  type LinkSettingsInput,
  type LinkState,
  type PublicLink,
  type ResolvedLinkSettings,
  resolvedLinkSettings,
  type SplitArm,
  type TemplateSettings,
  type UpdateLinkBody,
} from '@parley/contracts';
import type { PublicLinkRow, PublicLinkUpdate } from '@parley/db';
import { blockPatternProblems, renderTemplate } from '@parley/workflow';

const HOUR_MS = 3_600_000;

/** `expires_in_hours` is relative to now; `expires_at: null` means the link never expires. */
function expiryFrom(settings: { expires_in_hours?: number | undefined; expires_at?: string | null | undefined }, now: Date) {
  if (settings.expires_in_hours !== undefined) return new Date(now.getTime() + settings.expires_in_hours * HOUR_MS);
  if (settings.expires_at === undefined) return undefined;
  return settings.expires_at === null ? null : new Date(settings.expires_at);
}

/**
 * A link's settings from its template and the request's own fields (which win), defaults filled
 * in after the merge. One expiry counts: the request's, if it gives either form.
 */
export function resolveSettings(template: TemplateSettings, own: Omit<LinkSettingsInput, 'variables'>, path: string[] = []): ResolvedLinkSettings {
  const base: Record<string, unknown> = { ...template };
  if (own.expires_in_hours !== undefined || own.expires_at !== undefined) {
    delete base.expires_in_hours;
    delete base.expires_at;
  }
  const defined = Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined));
  const parsed = resolvedLinkSettings.safeParse({ ...base, ...defined });
  if (!parsed.success) throw invalidFromZod(parsed.error, path.join('.'));
  checkContentRules(parsed.data.content_rules, [...path, 'content_rules'].join('.'));
  return parsed.data;
}

/**
 * Block patterns are compiled on save as they will run (RE2, docs/public-chat-api.md "Content rules"): one
 * that cannot run is refused, named by its path (`body.content_rules.block_patterns[2]`).
 */
export function checkContentRules(rules: Pick<ContentRules, 'block_patterns'> | null | undefined, path: string): void {
  if (!rules) return;
  const details = blockPatternProblems(rules.block_patterns).map((problem) => ({
    path: problem.index === null ? `${path}.block_patterns` : `${path}.block_patterns[${problem.index}]`,
    message: problem.message,
  }));
  const first = details[0];
  if (first) throw new AppError('invalid', `${first.path}: ${first.message}`, { details });
}

/** The columns an update writes: only the settings it names. */
export async function linkChanges(changes: UpdateLinkBody, now = new Date()): Promise<PublicLinkUpdate> {
  checkContentRules(changes.content_rules, 'body.content_rules');
  const { expires_in_hours, expires_at, passcode, variables, rate_limit_per_minute, team, version, split, ...plain } = changes;
  const update: PublicLinkUpdate = {};
  for (const [key, value] of Object.entries(plain)) {
    if (value !== undefined) (update as Record<string, unknown>)[key] = value;
  }
  if (rate_limit_per_minute !== undefined) Object.assign(update, rateLimitColumns(rate_limit_per_minute));
  if (plain.content_rules !== undefined) update.content_rules = plain.content_rules === null ? null : JSON.stringify(plain.content_rules);
  if (plain.budget !== undefined) update.budget = plain.budget === null ? null : JSON.stringify(plain.budget);
  if (variables !== undefined) update.variables = JSON.stringify(variables);
  if (team !== undefined) update.team_id = team;
  Object.assign(update, versionColumns({ version, split }));
  if (plain.uploads !== undefined) update.uploads = plain.uploads === null ? null : JSON.stringify(plain.uploads);
  if (plain.theme !== undefined) update.theme = plain.theme === null ? null : JSON.stringify(plain.theme);
  const expiry = expiryFrom({ expires_in_hours, expires_at }, now);
  if (expiry !== undefined) update.expires_at = expiry;
  if (passcode !== undefined) update.passcode_hash = passcode === null ? null : await hashPasscode(passcode);
  return update;
}

/**
 * The version columns a body names. A link runs one version or a split, never both: choosing
 * either clears the other, so a link moved from a split to a pin (or back) needs one request.
 */
export function versionColumns({ version, split }: { version?: number | null | undefined; split?: SplitArm[] | null | undefined }): PublicLinkUpdate {
  const update: PublicLinkUpdate = {};
  if (version !== undefined) update.version = version;
  if (split !== undefined) update.split = split === null ? null : JSON.stringify(split);
  if (version != null && split === undefined) update.split = null;
  if (split != null && version === undefined) update.version = null;
  return update;
}

/**
 * The columns a new link starts with. `passcodeHash` lets a bulk creation hash one passcode once
 * for all its links (a slow hash by design).
 */
export async function newLinkColumns(settings: ResolvedLinkSettings, variables: Record<string, string> = {}, now = new Date(), passcodeHash?: string | null) {
  return {
    title: settings.title,
    description: settings.description ?? null,
    welcome_message: settings.welcome_message ?? null,
    expires_at: expiryFrom(settings, now) ?? null,
    max_sessions: settings.max_sessions ?? null,
    max_messages_per_session: settings.max_messages_per_session ?? null,
    session_timeout_minutes: settings.session_timeout_minutes,
    ...rateLimitColumns(settings.rate_limit_per_minute),
    rate_limit_per_link_per_minute: settings.rate_limit_per_link_per_minute ?? null,
    require_email_verification: settings.require_email_verification,
    require_identity: settings.require_identity,
    identity_token_required: settings.identity_token_required,
    allowed_origins: settings.allowed_origins,
    ip_allow: settings.ip_allow,
    ip_deny: settings.ip_deny,
    passcode_hash: passcodeHash !== undefined ? passcodeHash : settings.passcode ? await hashPasscode(settings.passcode) : null,
    active: settings.active,
    retention_days: settings.retention_days ?? null,
    variables: JSON.stringify(variables),
    uploads: settings.uploads ? JSON.stringify(settings.uploads) : null,
    theme: settings.theme ? JSON.stringify(settings.theme) : null,
    locale: settings.locale ?? null,
    content_rules: settings.content_rules ? JSON.stringify(settings.content_rules) : null,
    country_allow: settings.country_allow,
    country_deny: settings.country_deny,
    budget: settings.budget ? JSON.stringify(settings.budget) : null,
    budget_exhausted_message: settings.budget_exhausted_message ?? null,
    challenge: settings.challenge ?? null,
    team_id: settings.team ?? null,
    offer_person: settings.offer_person,
    transcript_to_tenant: settings.transcript_to_tenant,
    deleted_at: null,
  };
}

/**
 * An adaptive link's ceiling per minute across the link (unless rate_limit_per_link_per_minute
 * sets another): the limits that adapt are the ones per address and session (docs/api.md
 * "Adaptive limits").
 */
export const ADAPTIVE_LINK_PER_MINUTE = 600;

function rateLimitColumns(limit: number | typeof ADAPTIVE): { rate_limit_per_minute: number; rate_limit_adaptive: boolean } {
  return limit === ADAPTIVE
    ? { rate_limit_per_minute: ADAPTIVE_LINK_PER_MINUTE, rate_limit_adaptive: true }
    : { rate_limit_per_minute: limit, rate_limit_adaptive: false };
}

/** Deactivated wins over expired: the owner's choice is what the link says. */
export function stateOf(link: Pick<PublicLinkRow, 'active' | 'expires_at'>, now = new Date()): LinkState {
  if (!link.active) return 'inactive';
  if (link.expires_at !== null && link.expires_at.getTime() <= now.getTime()) return 'expired';
  return 'active';
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** The management view of a link: never its token or passcode. */
export function linkView(link: PublicLinkRow, agentName: string): PublicLink {
  return {
    id: link.id,
    agent: agentName,
    title: link.title,
    description: link.description,
    welcome_message: link.welcome_message,
    expires_at: iso(link.expires_at),
    max_sessions: link.max_sessions,
    max_messages_per_session: link.max_messages_per_session,
    session_timeout_minutes: link.session_timeout_minutes,
    rate_limit_per_minute: link.rate_limit_adaptive ? ADAPTIVE : link.rate_limit_per_minute,
    rate_limit_per_link_per_minute: link.rate_limit_per_link_per_minute,
    require_email_verification: link.require_email_verification,
    require_identity: link.require_identity,
    has_identity_secret: link.identity_secret !== null,
    identity_token_required: link.identity_token_required,
    allowed_origins: link.allowed_origins,
    ip_allow: link.ip_allow,
    ip_deny: link.ip_deny,
    has_passcode: link.passcode_hash !== null,
    active: link.active,
    retention_days: link.retention_days,
    variables: link.variables,
    uploads: link.uploads,
    theme: link.theme,
    locale: link.locale,
    content_rules: link.content_rules,
    country_allow: link.country_allow,
    country_deny: link.country_deny,
    budget: link.budget,
    budget_exhausted_message: link.budget_exhausted_message,
    challenge: link.challenge,
    team: link.team_id,
    offer_person: link.offer_person,
    transcript_to_tenant: link.transcript_to_tenant,
    version: link.version,
    split: link.split,
    state: stateOf(link),
    created_at: link.created_at.toISOString(),
    updated_at: link.updated_at.toISOString(),
  };
}

/** What a visitor's request needs of the link, handed to the gateway and the sessions service. */
export function linkAccessOf(link: PublicLinkRow & { agent_name: string }): LinkAccess {
  return {
    linkId: link.id,
    tenantId: link.tenant_id,
    agentId: link.agent_id,
    agentName: link.agent_name,
    state: stateOf(link),
    title: link.title,
    description: link.description,
    // A personalised link greets its recipient: `{{name}}` in the welcome comes from its variables.
    welcomeMessage: link.welcome_message === null ? null : renderTemplate(link.welcome_message, link.variables),
    expiresAt: iso(link.expires_at),
    maxSessions: link.max_sessions,
    maxMessagesPerSession: link.max_messages_per_session,
    sessionTimeoutMinutes: link.session_timeout_minutes,
    rateLimitPerMinute: link.rate_limit_per_minute,
    rateLimitPerLinkPerMinute: link.rate_limit_per_link_per_minute,
    requireEmailVerification: link.require_email_verification,
    requireIdentity: link.require_identity,
    hasIdentitySecret: link.identity_secret !== null,
    allowedOrigins: link.allowed_origins,
    ipAllow: link.ip_allow,
    ipDeny: link.ip_deny,
    passcodeHash: link.passcode_hash,
    variables: link.variables,
    uploads: link.uploads,
    theme: link.theme,
    locale: link.locale,
    contentRules: link.content_rules,
    countryAllow: link.country_allow,
    countryDeny: link.country_deny,
    adaptiveRateLimit: link.rate_limit_adaptive,
    budget: link.budget,
    budgetExhaustedMessage: link.budget_exhausted_message,
    challenge: link.challenge,
    teamId: link.team_id,
    offerPerson: link.offer_person,
    transcriptToTenant: link.transcript_to_tenant,
    version: link.version,
    split: link.split,
  };
}
