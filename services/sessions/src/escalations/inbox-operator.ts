import type { RpcHandlerInput } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';
import type { EscalationRow } from './escalation.repository.js';

/** Who acts on an escalation, as the inbox's subjects name them (the catalog's `operator`). */
export type Operator = RpcHandlerInput<PlatformCatalog, 'sessions.inbox.act'>['operator'];

/**
 * What an escalation keeps of its operator (operator_key_id): the actor's id – an API key's or a
 * member's – and for the platform admin key, which has none, `admin`, so its claims are told
 * apart from everyone else's.
 */
export const actorOf = (operator: Operator): string => operator.actorId ?? 'admin';

/** The member an escalation is assigned to or claimed by (null: a key, the admin key, or nobody). */
export const memberOf = (operatorKeyId: string | null) => (operatorKeyId?.startsWith('mem_') ? operatorKeyId : null);

/**
 * Whose an inbox event about the escalation is (its team, its operator member), so the inbox
 * stream passes it on only to the operators who may see it (docs/management-api.md "Roles").
 */
export const inboxScopeOf = (escalation: Pick<EscalationRow, 'team_id' | 'operator_key_id'>) => ({
  team_id: escalation.team_id,
  operator_member_id: memberOf(escalation.operator_key_id),
});
