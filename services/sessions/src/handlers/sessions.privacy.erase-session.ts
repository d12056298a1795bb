import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** A visitor erases their own conversation (docs/api.md, "Privacy"). */
export default handler('sessions.privacy.erase-session', ({ privacy }) => (req) =>
  withLogContext({ linkId: req.linkId }, () => privacy.eraseSession(req.linkId, req.credentialHash)),
);
