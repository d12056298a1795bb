/**
 * Builders for the catalogs in this folder. A catalog entry's name is its subject: the builders
 * add `subject` from the name, so the two cannot drift apart, and their key types make a name
 * that does not start with its owner (an RPC) or with `events.` / `broadcast.` a compile error.
 */

type Named<T> = { readonly [K in keyof T & string]: T[K] & { readonly subject: K } };

function named<T extends Record<string, object>>(prefix: string, entries: T): Named<T> {
  const out: Record<string, object> = {};
  for (const [name, spec] of Object.entries(entries)) {
    // The key types already refuse this; a catalog built around them still fails at start-up.
    if (!name.startsWith(`${prefix}.`)) throw new Error(`catalog entry "${name}" must start with "${prefix}."`);
    out[name] = { ...spec, subject: name };
  }
  return out as Named<T>;
}

/** A service's request/reply subjects, each named `<owner>.…`. */
export function rpcCatalog<const O extends string, const T extends Record<`${O}.${string}`, object>>(owner: O, entries: T): Named<T> {
  return named(owner, entries);
}

/** Events a service publishes to the JetStream stream (everything under `events.`). */
export function eventCatalog<const T extends Record<`events.${string}`, object>>(entries: T): Named<T> {
  return named('events', entries);
}

/** Broadcasts a service sends to every process (everything under `broadcast.`). */
export function broadcastCatalog<const T extends Record<`broadcast.${string}`, object>>(entries: T): Named<T> {
  return named('broadcast', entries);
}

/**
 * How the events published on every turn or conversation are batched on NATS (EventSpec.batch):
 * what a process publishes within 10 ms goes out as one stored message. Only for events whose
 * consumers count or store idempotently and cheaply (analytics, memory's counts, webhooks'
 * delivery rows, security events): a batch delivered again because one of its events failed
 * hands the others over again too, which changes nothing they keep. A process that dies loses
 * what it had not sent yet, as an event being published when it dies was always lost.
 */
export const EVENT_BATCH = { windowMs: 10, max: 200 } as const;
