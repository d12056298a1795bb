import type { RpcHandlerInput } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';

/** Who acts on an escalation, as the inbox's subjects name them (the catalog's `operator`). */
export type Operator = RpcHandlerInput<PlatformCatalog, 'sessions.inbox.act'>['operator'];

/**
 * What an escalation keeps of its operator (operator_key_id): the actor's id – an API key's or a
 * member's – and for the platform admin key, which has none, `admin`, so its claims are told
 * apart from everyone else's.
 */
export const actorOf = (operator: Operator): string => operator.actorId ?? 'admin';
