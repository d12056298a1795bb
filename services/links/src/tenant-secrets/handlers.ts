import { handlers } from '../parts.js';

/** A tenant's secrets for its agents' tools (docs/management-api.md, "Tenant secrets"). */
export const tenantSecretHandlers = handlers({
  /** Keeps a new secret, sealed; conflict when the name is taken or the tenant is full. */
  'links.tenant-secrets.create':
    ({ tenantSecrets }) =>
    (req) =>
      tenantSecrets.create(req.tenantId, req.name, req.value),
  /** The tenant's secrets by name and dates; never a value. */
  'links.tenant-secrets.list':
    ({ tenantSecrets }) =>
    (req) =>
      tenantSecrets.list(req.tenantId),
  /** Sets a secret's value: the next tool call that names it uses the new one. */
  'links.tenant-secrets.update':
    ({ tenantSecrets }) =>
    (req) =>
      tenantSecrets.update(req.tenantId, req.name, req.value),
  /** Deletes a secret: the next tool call that names it goes without. */
  'links.tenant-secrets.delete':
    ({ tenantSecrets }) =>
    (req) =>
      tenantSecrets.delete(req.tenantId, req.name),
  /** The names an agent config may refer to, checked when it is saved. */
  'links.tenant-secrets.names':
    ({ tenantSecrets }) =>
    (req) =>
      tenantSecrets.names(req.tenantId),
  /** The values of the named secrets, for the tool call being made now. */
  'links.tenant-secrets.reveal':
    ({ tenantSecrets }) =>
    (req) =>
      tenantSecrets.reveal(req.tenantId, req.names),
});
