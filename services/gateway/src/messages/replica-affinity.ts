import type { PlatformBus } from '@parley/bus';
import { LRUCache } from 'lru-cache';

/** How many conversations a gateway process remembers the sessions replica of (some 150 bytes each). */
const DEFAULT_MAX_CONVERSATIONS = 50_000;

type Request = PlatformBus['request'];

/** The conversation a message names, for the subjects whose replicas keep conversations. */
function conversationOf(name: string, payload: unknown): string | undefined {
  if (name === 'sessions.send') return (payload as { sessionId?: string }).sessionId;
  if (name === 'sessions.public-send') return (payload as { credentialHash?: string }).credentialHash;
  return undefined;
}

/**
 * The gateway's bus, offering a conversation's next message to the sessions replica that answered
 * its last one (docs/architecture.md "A conversation's replica"): that replica kept the conversation as its commit
 * left it, so the turn starts without reading it and commits at once. Another replica would start
 * from an older copy, have its commit refused and compute the turn again. Gone or silent, the
 * replica is forgotten and the message goes to any, as without this.
 *
 * A visitor's first message has no credential yet: its replica is remembered from the next one.
 * Every other request passes through unchanged.
 */
export class ReplicaAffinity {
  private readonly replicas: LRUCache<string, string>;

  constructor(maxConversations = DEFAULT_MAX_CONVERSATIONS) {
    this.replicas = new LRUCache({ max: maxConversations });
  }

  /** `bus` with its requests on conversations sent this way. */
  wrap(bus: PlatformBus): PlatformBus {
    const request: Request = (name, payload, options) => {
      const conversation = conversationOf(name, payload);
      if (conversation === undefined) return bus.request(name, payload, options);
      const preferred = this.replicas.get(conversation);
      let answeredBy: string | undefined;
      return bus
        .request(name, payload, {
          ...options,
          ...(preferred === undefined ? {} : { preferResponder: preferred }),
          answeredBy: (replica) => {
            answeredBy = replica;
          },
        })
        .then(
          (answer) => {
            // Remembered only for a message the replica took: a refused one (an unknown session) keeps nothing here.
            if (answeredBy !== undefined && answeredBy !== preferred) this.replicas.set(conversation, answeredBy);
            return answer;
          },
          (error: unknown) => {
            // No replica answered (none there, or the one that took it went silent): forgotten.
            if (answeredBy === undefined) this.replicas.delete(conversation);
            throw error;
          },
        );
    };
    return {
      namespace: bus.namespace,
      request,
      serve: bus.serve.bind(bus),
      queueStats: bus.queueStats.bind(bus),
      publish: bus.publish.bind(bus),
      consume: bus.consume.bind(bus),
      broadcast: bus.broadcast.bind(bus),
      listen: bus.listen.bind(bus),
      keyValue: bus.keyValue.bind(bus),
      ping: bus.ping.bind(bus),
      connectionStats: bus.connectionStats.bind(bus),
      drain: bus.drain.bind(bus),
    };
  }

  /** The replica remembered for a conversation, if any (for tests). */
  replicaOf(conversation: string): string | undefined {
    return this.replicas.peek(conversation);
  }
}

const affinityBuses = new WeakMap<PlatformBus, PlatformBus>();

/**
 * The gateway's bus over `bus` (ReplicaAffinity), one per bus: gateways built on one connection
 * in one process (the tests build several) remember replicas together, and share what is kept
 * per bus – the links resolved (links/lookup.ts), so a link changed through one is forgotten by
 * all at once.
 */
export function affinityBus(bus: PlatformBus): PlatformBus {
  let wrapped = affinityBuses.get(bus);
  if (wrapped === undefined) {
    wrapped = new ReplicaAffinity().wrap(bus);
    affinityBuses.set(bus, wrapped);
  }
  return wrapped;
}
