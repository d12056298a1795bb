/** A loopback port nothing listens on right now (the same helper embedded PostgreSQL uses). */
export { freeLoopbackPort as freePort } from '@parley/embedded-postgres';
