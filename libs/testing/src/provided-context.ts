// What the global setup hands to every test worker through vitest's provide/inject.
declare module 'vitest' {
  export interface ProvidedContext {
    /** A server-level URL with rights to create and drop databases. */
    databaseAdminUrl: string;
    natsUrl: string;
    redisUrl: string;
    /** `<unix seconds><4 hex>`: names every database, NATS namespace and Redis prefix of this run. */
    testRunId: string;
  }
}

export {};
