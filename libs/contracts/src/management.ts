import { z } from 'zod';
import { agentVersion, MAX_AGENT_VERSION } from './text-chat.js';

/** Management API bodies (docs/api.md): tenants, keys, agents and their versions. */

export const agentName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-" only, starting with a letter or digit');

/** Told by mail when an escalation waits and no operator is there (or waits too long); null: nobody is. */
const operatorEmail = z.email().max(320).nullable();
export const createTenantBody = z.strictObject({ name: z.string().trim().min(1).max(200), operator_email: operatorEmail.optional() });
export type CreateTenantRequest = z.input<typeof createTenantBody>;
/** LLM tokens a tenant's conversations may spend per UTC day (docs/management-api.md "Cost guards"); null: no limit. */
export const tenantTokensPerDay = z.number().int().min(1).max(1_000_000_000_000).nullable();
export const updateTenantBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  operator_email: operatorEmail.optional(),
  /** Only the platform admin key sets it (docs/management-api.md "Cost guards"); null removes it. */
  tokens_per_day: tenantTokensPerDay.optional(),
});
export type UpdateTenantRequest = z.input<typeof updateTenantBody>;
export const tenantResponse = z.object({
  id: z.string(),
  name: z.string(),
  operator_email: z.string().nullable(),
  /** The tenant's daily token budget; null: none. */
  tokens_per_day: z.number().int().nullable(),
  created_at: z.string(),
});
export type Tenant = z.output<typeof tenantResponse>;
/** The tenants a key may act on: every tenant for the admin key (`scope: "platform"`), its own for a tenant key. */
export const tenantList = z.object({ scope: z.enum(['platform', 'tenant']), tenants: z.array(tenantResponse) });
export type TenantList = z.output<typeof tenantList>;
/**
 * What a key may do, each role including the ones after it: `owner` (keys, privacy, audit and all
 * an editor does), `editor` (agents, links, templates, schedules, webhooks), `operator` (the
 * inbox), `viewer` (reads agents, links and analytics).
 */
export const roles = ['owner', 'editor', 'operator', 'viewer'] as const;
export const role = z.enum(roles);
export type Role = z.infer<typeof role>;
/** Whether a caller with role `held` may do what needs `required`. */
export function roleIncludes(held: Role, required: Role): boolean {
  return roles.indexOf(held) <= roles.indexOf(required);
}

export const tenantKeyResponse = z.object({
  key_id: z.string(),
  key: z.string(),
  tenant_id: z.string(),
  name: z.string(),
  role,
  expires_at: z.string().nullable(),
});
/** `POST /api/tenants/{id}/keys`: the key's display name, the operator's name visitors see (default "Support"), and its role (default owner). */
export const createKeyBody = z.strictObject({ name: z.string().trim().min(1).max(100).optional(), role: role.optional() });

/** `POST /api/keys`: a key of the caller's own tenant, with a role no higher than the caller's own. */
export const createApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role,
  expires_at: z.iso.datetime({ offset: true }).optional().meta({ description: 'Refused from then on (must be in the future); none: never expires' }),
});
export type CreateApiKeyRequest = z.input<typeof createApiKeyBody>;
/** A key as created: the key itself is in this answer only. */
export const apiKeyCreated = z.object({ key_id: z.string(), key: z.string(), name: z.string(), role, expires_at: z.string().nullable() });
export type ApiKeyCreated = z.output<typeof apiKeyCreated>;
/** A key as listed: never the key. */
export const apiKeySummary = z.object({
  key_id: z.string(),
  name: z.string(),
  role,
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type ApiKeySummary = z.output<typeof apiKeySummary>;
export const apiKeyList = z.object({ keys: z.array(apiKeySummary) });
export type ApiKeyList = z.output<typeof apiKeyList>;

/** The config is validated by the workflow engine's schema in the owning service, with paths. */
export const createAgentBody = z.strictObject({ name: agentName, config: z.unknown() });
export const createVersionBody = z.strictObject({ config: z.unknown() });
export const setActiveVersionBody = z.strictObject({ version: agentVersion });

export const agentSummary = z.object({
  id: z.string(),
  name: z.string(),
  active_version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type AgentSummary = z.output<typeof agentSummary>;
/** A draft runs only where asked for by number (playground, Text Chat API, a link's pin or split). */
export const versionState = z.enum(['draft', 'published']);
export type VersionState = z.output<typeof versionState>;
const versionSummary = z.object({
  version: z.number().int(),
  state: versionState,
  created_at: z.string(),
  /** When it was first made active; null for a draft. */
  published_at: z.string().nullable(),
  active: z.boolean(),
});
export const agentDetail = agentSummary.extend({
  config: z.unknown(),
  versions: z.array(versionSummary),
  /** Publishing a version needs a passed run of every test (docs/evaluations.md "Requiring tests"). */
  require_tests: z.boolean(),
});
export type AgentDetail = z.output<typeof agentDetail>;
export const agentList = z.object({ agents: z.array(agentSummary) });
export type AgentList = z.output<typeof agentList>;
export const versionResponse = z.object({ version: z.number().int(), state: versionState });
/** GET /api/agents/{name}/versions/{version}. */
export const agentVersionDetail = versionSummary.extend({ config: z.unknown() });
export type AgentVersionDetail = z.output<typeof agentVersionDetail>;
export const versionParams = z.object({ name: z.string().min(1).max(100), version: z.coerce.number().int().min(1).max(MAX_AGENT_VERSION) });
/** PUT …/active-version: the agent, when its active version was published, and whether this request published it. */
export const activatedVersion = agentSummary.extend({ published_at: z.string(), published: z.boolean() });
export type ActivatedVersion = z.output<typeof activatedVersion>;
export type VersionResponse = z.output<typeof versionResponse>;
