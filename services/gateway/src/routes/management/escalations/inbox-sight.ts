import type { PlatformBus } from '@parley/bus';
import type { ConversationReader } from '@parley/contracts';
import type { LoggedEvent } from '@parley/stores';
import { LRUCache } from 'lru-cache';

/** Escalations an operator's stream remembers having passed on (so it also passes on that one moved away). */
const KNOWN_MAX = 10_000;

/** What an inbox event says about whose it is: its escalation, team (null: the tenant's queue) and operator member. */
function scopeOf(event: LoggedEvent): { escalationId: string | undefined; teamId: string | null | undefined; memberId: string | null | undefined } {
  const data = (event.data ?? {}) as {
    escalation_id?: string;
    team?: { id: string } | null;
    team_id?: string | null;
    operator_member_id?: string | null;
  };
  const teamId = event.event === 'escalation' ? (data.team === undefined ? undefined : (data.team?.id ?? null)) : data.team_id;
  return { escalationId: data.escalation_id, teamId, memberId: data.operator_member_id };
}

/**
 * What an operator's inbox stream passes on (docs/management-api.md "Roles"): presence, and the events about
 * escalations they may see – the tenant's queue (no team), the teams `sight` names (their own and
 * those open to all operators, asked of the sessions service and asked again with `refresh()`
 * while the stream is open), and those assigned to or claimed by them. An escalation they were
 * shown and that moved out of their sight (transferred to another team) is passed on once more,
 * so their list does not keep it as it was. An owner's or editor's stream passes everything.
 */
export function inboxSight(bus: PlatformBus, tenantId: string, reader: ConversationReader, requestId: string) {
  if (reader.sees === 'all') return { passes: undefined, refresh: async () => undefined };
  const memberId = reader.memberId;
  let teams = new Set<string>();
  const known = new LRUCache<string, true>({ max: KNOWN_MAX });
  const passes = (event: LoggedEvent): boolean => {
    if (event.event === 'presence') return true;
    const scope = scopeOf(event);
    // An event that does not say whose it is (logged before events said so) is not passed on.
    if (scope.teamId === undefined || scope.escalationId === undefined) return false;
    const visible = scope.teamId === null || teams.has(scope.teamId) || (memberId !== undefined && scope.memberId === memberId);
    if (visible) {
      known.set(scope.escalationId, true);
      return true;
    }
    if (event.event === 'escalation' && known.has(scope.escalationId)) {
      known.delete(scope.escalationId);
      return true;
    }
    return false;
  };
  const refresh = async () => {
    const { teamIds } = await bus.request('sessions.inbox.sight', { tenantId, ...(memberId === undefined ? {} : { memberId }) }, { requestId });
    teams = new Set(teamIds);
  };
  return { passes, refresh };
}
