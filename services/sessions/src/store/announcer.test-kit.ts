import { createInProcessBus, type EventName, type EventPayload, type PlatformBus } from '@parley/bus';
import { catalog, type PlatformCatalog } from '@parley/contracts';
import type { DB } from '@parley/db';
import { createLogger } from '@parley/logger';
import { inboxLogKey, type LoggedEvent, memoryLiveEventLog } from '@parley/stores';
import type { Kysely } from 'kysely';
import { afterAll } from 'vitest';
import { Announcer } from './announcer.js';

/**
 * For a class that takes the database but whose part under test reads none (routing's presence,
 * a team's answer): any use of it throws, so a unit test that starts needing PostgreSQL says so.
 */
export const noDatabase = new Proxy({} as Kysely<DB>, {
  get(_target, property) {
    throw new Error(`the database was used (${String(property)}) in a unit test`);
  },
});

/** Silent unless TEST_LOG=1. */
export const testLogger = createLogger({ service: 'sessions-unit', level: process.env.TEST_LOG === '1' ? 'debug' : 'silent' });

/**
 * What a unit test of the sessions service watches, with no server: the real Announcer on the
 * in-process bus (the platform's catalog, so every payload is checked against its schema) and an
 * in-memory live event log – what a visitor's stream and the tenant's inbox would show, and the
 * events the rest of the platform would get. Another service's answers (links.*) are served on
 * the same bus by the test (`bus.serve`).
 */
export interface AnnouncedWorld {
  bus: PlatformBus;
  announcer: Announcer;
  /** The live events of a conversation's log (what its visitor's stream shows), oldest first. */
  visitorSees(conversationId: string): Promise<LoggedEvent[]>;
  /** The live events of the tenant's inbox log (what its operators see), oldest first. */
  inboxSees(tenantId: string): Promise<LoggedEvent[]>;
  /** Every event of this name published so far; fails if one did not match its catalog schema. */
  published<N extends EventName<PlatformCatalog>>(name: N): Promise<EventPayload<PlatformCatalog, N>[]>;
}

/** A world for the file (or describe block) it is called in; its bus is drained afterwards. */
export function announcedWorld(): AnnouncedWorld {
  const bus = createInProcessBus({ catalog, namespace: 'unit', logger: testLogger });
  const live = memoryLiveEventLog();
  const sent: { name: string; payload: unknown; stored: Promise<void> }[] = [];
  // The Announcer publishes without waiting (a lost event never fails a change): each publish is
  // noted as it is made, with the bus's answer, so a test reads them without waiting on delivery.
  const recording = new Proxy(bus, {
    get(target, property, receiver) {
      if (property === 'publish') {
        return (name: string, payload: unknown) => {
          const stored = target.publish(name as never, payload as never);
          sent.push({ name, payload, stored });
          return stored;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const announcer = new Announcer(recording, testLogger, live);
  afterAll(() => bus.drain());
  return {
    bus,
    announcer,
    visitorSees: async (conversationId) => (await live.readAfter(conversationId, undefined, 1_000)).events,
    inboxSees: async (tenantId) => (await live.readAfter(inboxLogKey(tenantId), undefined, 1_000)).events,
    async published(name) {
      const matching = sent.filter((event) => event.name === name);
      await Promise.all(matching.map((event) => event.stored));
      return matching.map((event) => event.payload as EventPayload<PlatformCatalog, typeof name>);
    },
  };
}
