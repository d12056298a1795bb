import { z } from 'zod';

/**
 * A tenant's secrets for its agents' tools (docs/management-api.md, "Tenant secrets"): a tool's URL,
 * headers and body name one as `{{secrets.NAME}}`, and the agent-runner asks for its value when it
 * calls the tool. Set by an owner, listed by name and dates only: a value is never answered on the
 * management API, never logged and never in the audit log.
 */

/** How many secrets a tenant may keep: the credentials of its tools, not a vault. */
export const MAX_TENANT_SECRETS = 100;

/** A secret's name, as `{{secrets.NAME}}` writes it: upper-case letters, digits and `_`, a letter first. */
export const tenantSecretName = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,63}$/, 'a secret name is an upper-case letter, then up to 63 upper-case letters, digits or _')
  .meta({ description: 'The name a tool writes as `{{secrets.NAME}}`: `[A-Z][A-Z0-9_]{0,63}`' });

/** A secret's value: written, never read back through the management API. */
export const tenantSecretValue = z
  .string()
  .min(1, 'a secret value is at least 1 character')
  .max(8_192, 'a secret value is at most 8192 characters')
  .meta({ description: 'The value (1 to 8192 characters): kept sealed, never answered, logged or audited' });

export const createTenantSecretBody = z.strictObject({ name: tenantSecretName, value: tenantSecretValue });
export const updateTenantSecretBody = z.strictObject({ value: tenantSecretValue });

/** A secret as created: its name and when, never its value. */
export const tenantSecretCreated = z.object({ name: z.string(), created_at: z.string() });

/** A secret as listed or changed: `updated_at` is when its value was last set. */
export const tenantSecretSummary = z.object({ name: z.string(), created_at: z.string(), updated_at: z.string() });
export const tenantSecretList = z.object({ secrets: z.array(tenantSecretSummary) });

/** The names of a tenant's secrets, by name: what an agent config may refer to. */
export const tenantSecretNames = z.object({ names: z.array(z.string()) });

/**
 * Secrets' values in clear, by name: the one answer that carries them, to the agent-runner at the
 * moment of a tool call (read each time, cached nowhere, so a changed value is used by the next
 * call). Marked `sensitive`: nothing may log, store or cache it. The bus never logs a payload or a
 * reply, and a reply failing its schema is logged by its issues, which never hold the input.
 */
export const revealedTenantSecrets = z
  .object({ values: z.record(z.string(), z.string()) })
  .meta({ sensitive: true, description: "Secrets' values in clear: never logged, stored or cached" });
