import { visitorKeyOf } from '@parley/contracts';
import { handler } from './handler.js';

/** Forgets a visitor's memories, for their erasure (docs/api.md, "Privacy"). */
export default handler('memory.privacy.erase', ({ repository, privacy }) => async (req) => {
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
});
