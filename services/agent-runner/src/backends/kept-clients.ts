/**
 * Clients of agents' backends, kept between turns (an SDK client, its card, its connections) and
 * made again after `ttlMs`, so a backend that changed its card or address is read anew. Keyed by
 * everything that makes a client differ – the address and the headers with their secrets filled
 * in – so a rotated secret makes a new client from the next turn. At most `max`: the oldest goes
 * first, its connections closed.
 */
export class KeptClients<T> {
  private readonly kept = new Map<string, { client: Promise<T>; madeAt: number }>();

  constructor(
    private readonly make: (key: string) => Promise<T>,
    private readonly close: (client: T) => Promise<void> | void,
    private readonly options: { max: number; ttlMs: number; now?: () => number },
  ) {}

  get(key: string): Promise<T> {
    const now = (this.options.now ?? Date.now)();
    const found = this.kept.get(key);
    if (found && now - found.madeAt < this.options.ttlMs) return found.client;
    if (found) this.drop(key, found.client);
    const client = this.make(key);
    // A client that could not be made is not kept: the next turn tries again.
    client.catch(() => this.kept.get(key)?.client === client && this.kept.delete(key));
    this.kept.set(key, { client, madeAt: now });
    while (this.kept.size > this.options.max) {
      const oldest = this.kept.keys().next().value as string;
      this.drop(oldest, (this.kept.get(oldest) as { client: Promise<T> }).client);
    }
    return client;
  }

  async closeAll(): Promise<void> {
    const all = [...this.kept.values()];
    this.kept.clear();
    await Promise.all(all.map(({ client }) => client.then(this.close, () => {})));
  }

  private drop(key: string, client: Promise<T>): void {
    this.kept.delete(key);
    client.then(this.close, () => {}).catch(() => {});
  }
}
