import { handler } from './handler.js';

/** Announces the links whose expiry passed since the last call (expiry happens by itself, so the cleanup job asks). */
export default handler('links.links.announce-expired', ({ closures }) => () => closures.announceExpired());
