import { visitorKeyOf } from '@parley/contracts';
import { handlers } from '../parts.js';

/** The memory service's share of a visitor's export and erasure (docs/management-api.md, "Privacy"). */
export const privacyHandlers = handlers({
  /** A visitor's memories (and those of the signed-in users of an email's conversations), for their export (docs/management-api.md, "Privacy"). */
  'memory.privacy.memories':
    ({ privacy }) =>
    async (req) => ({ memories: await privacy.memories(req.tenantId, req.visitor, req.users) }),
  /** Forgets a visitor's memories, for their erasure (docs/management-api.md, "Privacy"). */
  'memory.privacy.erase':
    ({ repository, privacy }) =>
    async (req) => {
      // A user id with its realm is one person; without it, its memories in every realm of the tenant go.
      const keys =
        req.userId === undefined
          ? [visitorKeyOf({ email: req.email })!]
          : req.userRealm !== undefined
            ? [visitorKeyOf({ userId: req.userId, userRealm: req.userRealm })!]
            : await repository.keysOfUser(req.tenantId, req.userId, req.agentId);
      let memories = 0;
      for (const key of keys) memories += await privacy.erase(req.tenantId, key, req.agentId);
      return { memories };
    },
});
