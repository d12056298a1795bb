import { handlers } from '../parts.js';

/** A tenant's agents and their versions: which one is active, which one a new session runs, and its config. */
export const agentHandlers = handlers({
  /** A tenant's new agent, its config the first version. */
  'links.agents.create':
    ({ agents }) =>
    (req) =>
      agents.createAgent(req.tenantId, req.name, req.config),
  /** The tenant's agents. */
  'links.agents.list':
    ({ agents }) =>
    (req) =>
      agents.listAgents(req.tenantId),
  /** An agent of the tenant, by name. */
  'links.agents.get':
    ({ agents }) =>
    (req) =>
      agents.getAgent(req.tenantId, req.name),
  /** One version of an agent with its config, drafts included. */
  'links.agents.get-version':
    ({ agents }) =>
    (req) =>
      agents.getVersion(req.tenantId, req.name, req.version),
  /** A new version of an agent's config. */
  'links.agents.create-version':
    ({ agents }) =>
    (req) =>
      agents.createVersion(req.tenantId, req.name, req.config),
  /** Which version new sessions of the agent run. */
  'links.agents.set-active-version':
    ({ agents }) =>
    (req) =>
      agents.setActiveVersion(req.tenantId, req.name, req.version),
  /** The version a new session runs: the pinned one if it exists, else the active one. */
  'links.agents.resolve-version':
    ({ agents }) =>
    (req) =>
      agents.resolveVersion(req.tenantId, req.agentId, req.version),
  /** A version's config (versions never change, so callers cache it for good). */
  'links.agents.config':
    ({ agents }) =>
    (req) =>
      agents.config(req.agentId, req.version),
});
