import { z } from 'zod';
import { agentVersion } from './text-chat.js';

/** Management API bodies (API.md): tenants, keys, agents and their versions. */

export const agentName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits, "_", "." and "-" only, starting with a letter or digit');

export const createTenantBody = z.strictObject({ name: z.string().trim().min(1).max(200) });
export const tenantResponse = z.object({ id: z.string(), name: z.string(), created_at: z.string() });
export const tenantKeyResponse = z.object({ key_id: z.string(), key: z.string(), tenant_id: z.string() });

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
