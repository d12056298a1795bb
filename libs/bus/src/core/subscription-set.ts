import type { Subscription } from '../types.js';

/** A bus's live subscriptions, so draining the bus drains each; draining one twice waits on the first. */
export class SubscriptionSet {
  private readonly live = new Set<Subscription>();

  add(subscription: Subscription): Subscription {
    let draining: Promise<void> | undefined;
    const tracked: Subscription = {
      drain: () => {
        draining ??= subscription.drain().finally(() => this.live.delete(tracked));
        return draining;
      },
      ...(subscription.ready ? { ready: subscription.ready } : {}),
    };
    this.live.add(tracked);
    return tracked;
  }

  async drainAll(): Promise<void> {
    await Promise.all([...this.live].map((subscription) => subscription.drain()));
  }
}
