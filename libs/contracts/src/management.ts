import { z } from 'zod';
import { agentVersion } from './text-chat.js';

/** Management API bodies (API.md): tenants, keys, agents and their versions. */

export const agentName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-" only, starting with a letter or digit');

/** Told by mail when an escalation waits and no operator is there (or waits too long); null: nobody is. */
const operatorEmail = z.email().max(320).nullable();
export const createTenantBody = z.strictObject({ name: z.string().trim().min(1).max(200), operator_email: operatorEmail.optional() });
export const updateTenantBody = z.strictObject({ name: z.string().trim().min(1).max(200).optional(), operator_email: operatorEmail.optional() });
export const tenantResponse = z.object({ id: z.string(), name: z.string(), operator_email: z.string().nullable(), created_at: z.string() });
/** The tenants a key may act on: every tenant for the admin key (`scope: "platform"`), its own for a tenant key. */
export const tenantList = z.object({ scope: z.enum(['platform', 'tenant']), tenants: z.array(tenantResponse) });
export const tenantKeyResponse = z.object({ key_id: z.string(), key: z.string(), tenant_id: z.string(), name: z.string() });
/** `POST /api/tenants/{id}/keys`: the key's display name, the operator's name visitors see (default "Support"). */
export const createKeyBody = z.strictObject({ name: z.string().trim().min(1).max(100).optional() });

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
export const agentDetail = agentSummary.extend({
  config: z.unknown(),
  versions: z.array(z.object({ version: z.number().int(), created_at: z.string(), active: z.boolean() })),
});
export const agentList = z.object({ agents: z.array(agentSummary) });
export const versionResponse = z.object({ version: z.number().int() });
