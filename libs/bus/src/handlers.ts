import type { Bus, Catalog, HandlerContext, RpcHandlerInput, RpcHandlerOutput, RpcName, RpcSpec, ServeOptions, Subscription } from './types.js';

/**
 * A subject's handler: which subject it answers, how it is built from the service's parts (its
 * services, built once in app.ts), and how it is served. A feature folder declares its handlers
 * together in one typed map (`handlerMapFor`); a service's app.ts serves its whole catalog in one
 * loop (`serveCatalog`).
 */
export interface RpcHandler<C extends Catalog, N extends RpcName<C>, P> {
  subject: N;
  build(parts: P): (payload: RpcHandlerInput<C, N>, ctx: HandlerContext) => Promise<RpcHandlerOutput<C, N>>;
  /** How it is served; a function when it depends on the service's settings (e.g. maxInFlight). */
  options?: ServeOptions | ((parts: P) => ServeOptions);
}

/** Any of a service's handlers, whatever subject it answers. */
export type AnyRpcHandler<C extends Catalog, P> = { [N in RpcName<C>]: RpcHandler<C, N, P> }[RpcName<C>];

/**
 * The typed `handler(subject, build)` a service's handler files use: the request and the reply are
 * typed from the catalog entry of `subject`, the parts from the service.
 */
export function rpcHandlerFor<C extends Catalog, P>() {
  return <N extends RpcName<C>>(
    subject: N,
    build: (parts: P) => (payload: RpcHandlerInput<C, N>, ctx: HandlerContext) => Promise<RpcHandlerOutput<C, N>> | RpcHandlerOutput<C, N>,
    options?: ServeOptions | ((parts: P) => ServeOptions),
  ): RpcHandler<C, N, P> => ({
    subject,
    build: (parts) => {
      const handle = build(parts);
      return async (payload, ctx) => handle(payload, ctx);
    },
    ...(options ? { options } : {}),
  });
}

/** How one subject of a handler map is built: the handler alone, or with how it is served. */
export type HandlerMapEntry<C extends Catalog, N extends RpcName<C>, P> =
  | ((parts: P) => (payload: RpcHandlerInput<C, N>, ctx: HandlerContext) => Promise<RpcHandlerOutput<C, N>> | RpcHandlerOutput<C, N>)
  | {
      build: (parts: P) => (payload: RpcHandlerInput<C, N>, ctx: HandlerContext) => Promise<RpcHandlerOutput<C, N>> | RpcHandlerOutput<C, N>;
      options: ServeOptions | ((parts: P) => ServeOptions);
    };

/** A feature's handlers: subject → how it is built, each typed from its catalog entry. */
export type HandlerMap<C extends Catalog, P> = { [N in RpcName<C>]?: HandlerMapEntry<C, N, P> };

/**
 * The typed `handlers({...})` a feature folder's `handlers.ts` uses (the nats.js services'
 * group of endpoints): one map from each subject the feature answers to how its handler is built
 * from the service's parts. The request and the reply of each are typed from the subject's catalog
 * entry; a subject the catalog does not have does not compile.
 */
export function handlerMapFor<C extends Catalog, P>() {
  const single = rpcHandlerFor<C, P>();
  return (map: HandlerMap<C, P>): AnyRpcHandler<C, P>[] =>
    (Object.entries(map) as [RpcName<C>, HandlerMapEntry<C, RpcName<C>, P>][]).map(([subject, entry]) =>
      typeof entry === 'function' ? single(subject, entry) : single(subject, entry.build, entry.options),
    ) as AnyRpcHandler<C, P>[];
}

/**
 * Which of `entries` (a service's own catalog) have no handler, and which handlers answer no
 * entry; both empty when the service serves exactly its catalog.
 */
export function catalogCoverage(
  entries: Record<string, RpcSpec>,
  handlers: readonly { subject: string }[],
): { unhandled: string[]; unknown: string[]; twice: string[] } {
  const subjects = handlers.map((h) => h.subject);
  return {
    unhandled: Object.keys(entries).filter((name) => !subjects.includes(name)),
    unknown: subjects.filter((subject) => !(subject in entries)),
    twice: subjects.filter((subject, i) => subjects.indexOf(subject) !== i),
  };
}

/**
 * Serves every entry of a service's catalog with its handler. A catalog entry without a handler,
 * a handler for a subject the catalog does not give this service, or two handlers for one subject
 * stop the service at start-up rather than leaving callers to time out.
 */
export function serveCatalog<C extends Catalog, P>(
  bus: Bus<C>,
  entries: Record<string, RpcSpec>,
  handlers: readonly AnyRpcHandler<C, P>[],
  parts: P,
): Subscription[] {
  const { unhandled, unknown, twice } = catalogCoverage(entries, handlers);
  if (unhandled.length > 0 || unknown.length > 0 || twice.length > 0) {
    throw new Error(
      `handlers do not match the catalog: unhandled ${unhandled.join(', ') || '-'}; not in it ${unknown.join(', ') || '-'}; twice ${twice.join(', ') || '-'}`,
    );
  }
  return handlers.map((handler) => serveOne(bus, handler as RpcHandler<C, RpcName<C>, P>, parts));
}

function serveOne<C extends Catalog, N extends RpcName<C>, P>(bus: Bus<C>, handler: RpcHandler<C, N, P>, parts: P): Subscription {
  const options = typeof handler.options === 'function' ? handler.options(parts) : handler.options;
  return bus.serve(handler.subject, handler.build(parts), options);
}

/**
 * Runs a handler's long work while beating progress every `everyMs`, so a caller waiting on a
 * replica that died (the catalog's idleTimeoutMs) gives up in seconds, and one waiting on a
 * replica that lives does not.
 */
export async function beatWhile<T>(ctx: HandlerContext, work: () => Promise<T>, everyMs: number): Promise<T> {
  const beat = setInterval(() => ctx.progress(), everyMs);
  try {
    return await work();
  } finally {
    clearInterval(beat);
  }
}
