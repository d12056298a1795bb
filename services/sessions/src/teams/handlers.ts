import { handlers } from '../parts.js';

/** Teams of operators (docs/escalation.md "Teams, presence and assignment"): their members, hours and caps. */
export const teamHandlers = handlers({
  /** The tenant's teams. */
  'sessions.teams.list':
    ({ teams }) =>
    (req) =>
      teams.list(req.tenantId),
  /** One team of the tenant. */
  'sessions.teams.get':
    ({ teams }) =>
    (req) =>
      teams.get(req.tenantId, req.teamId),
  /** A new team; its members must be the tenant's operators. */
  'sessions.teams.create':
    ({ teams }) =>
    (req) =>
      teams.create(req.tenantId, req.team),
  /** Changes a team: its name, members, hours or cap. */
  'sessions.teams.update':
    ({ teams }) =>
    (req) =>
      teams.update(req.tenantId, req.teamId, req.team),
  /** Deletes a team: its waiting escalations join the tenant's queue. */
  'sessions.teams.delete':
    ({ teams }) =>
    (req) =>
      teams.delete(req.tenantId, req.teamId),
});
