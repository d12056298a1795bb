import type { BroadcastSpec, Catalog, EventSpec, RpcSpec } from '../types.js';

/**
 * A catalog bound to a namespace: each name with its full subject, computed once so the hot path
 * does no string building, and checked once so a mistake in a catalog fails at start-up.
 */
export interface RpcRoute {
  name: string;
  spec: RpcSpec;
  subject: string;
}

export interface EventRoute {
  name: string;
  spec: EventSpec;
  subject: string;
}

export interface BroadcastRoute {
  name: string;
  spec: BroadcastSpec;
  subject: string;
}

export interface CatalogRoutes {
  rpc(name: string): RpcRoute;
  event(name: string): EventRoute;
  broadcast(name: string): BroadcastRoute;
}

// Subject tokens: no wildcards or whitespace, so a catalog entry can never match more than itself.
const subjectPattern = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

export function checkNamespace(namespace: string): void {
  if (!subjectPattern.test(namespace)) {
    throw new Error(`bus namespace "${namespace}" must be dot-separated tokens of letters, digits, _ and -`);
  }
}

export function routeCatalog(catalog: Catalog, namespace: string): CatalogRoutes {
  checkNamespace(namespace);
  const rpc = new Map<string, RpcRoute>();
  const events = new Map<string, EventRoute>();
  for (const [name, spec] of Object.entries(catalog.rpc)) {
    if (!subjectPattern.test(spec.subject)) throw new Error(`rpc ${name}: subject "${spec.subject}" is not a plain subject`);
    // The event stream captures everything under `events.`; a request there would be stored, not answered.
    if (spec.subject.startsWith('events.')) throw new Error(`rpc ${name}: subject "${spec.subject}" is reserved for events`);
    if (!(spec.timeoutMs > 0)) throw new Error(`rpc ${name}: timeoutMs must be positive`);
    if (spec.idleTimeoutMs !== undefined && !(spec.idleTimeoutMs > 0)) throw new Error(`rpc ${name}: idleTimeoutMs must be positive`);
    rpc.set(name, { name, spec, subject: `${namespace}.${spec.subject}` });
  }
  for (const [name, spec] of Object.entries(catalog.events)) {
    if (!subjectPattern.test(spec.subject) || !spec.subject.startsWith('events.')) {
      throw new Error(`event ${name}: subject "${spec.subject}" must be a plain subject under events.`);
    }
    if (!(spec.retry.maxDeliver >= 1)) throw new Error(`event ${name}: retry.maxDeliver must be at least 1`);
    if (spec.batch && (spec.ordered || !(spec.batch.windowMs > 0) || !(spec.batch.max >= 1))) {
      throw new Error(`event ${name}: a batch needs a positive windowMs and max, and an ordered event is not batched`);
    }
    if (spec.tally && !spec.batch) throw new Error(`event ${name}: only a batched event is tallied`);
    events.set(name, { name, spec, subject: `${namespace}.${spec.subject}` });
  }
  const broadcasts = new Map<string, BroadcastRoute>();
  for (const [name, spec] of Object.entries(catalog.broadcasts ?? {})) {
    if (!subjectPattern.test(spec.subject) || !spec.subject.startsWith('broadcast.')) {
      throw new Error(`broadcast ${name}: subject "${spec.subject}" must be a plain subject under broadcast.`);
    }
    broadcasts.set(name, { name, spec, subject: `${namespace}.${spec.subject}` });
  }
  return {
    rpc(name) {
      const route = rpc.get(name);
      // The Bus type only accepts catalog names; reaching this is a caller bypassing the types.
      if (!route) throw new Error(`rpc "${name}" is not in the catalog`);
      return route;
    },
    event(name) {
      const route = events.get(name);
      if (!route) throw new Error(`event "${name}" is not in the catalog`);
      return route;
    },
    broadcast(name) {
      const route = broadcasts.get(name);
      if (!route) throw new Error(`broadcast "${name}" is not in the catalog`);
      return route;
    },
  };
}

/** The backoff before delivery number `deliveryCount + 1`; the last value repeats. */
export function backoffFor(spec: EventSpec, deliveryCount: number): number {
  const delays = spec.retry.backoffMs;
  if (delays.length === 0) return 0;
  return delays[Math.min(deliveryCount, delays.length) - 1] ?? 0;
}
