import { handler } from './handler.js';

/** The links that have active sessions, for the cleanup job to ask the links service about. */
export default handler('sessions.active-links', ({ cleanup }) => () => cleanup.activeLinks());
