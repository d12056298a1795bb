import { handler } from './handler.js';

/** Ends a console session (signing out); every gateway forgets it at once. */
export default handler('links.console-sessions.delete', ({ members, broadcasts }) => async (req) => {
  const ended = await members.deleteSession(req.idHash);
  if (ended.memberId !== null) await broadcasts.memberChanged(ended.memberId);
  return ended;
});
