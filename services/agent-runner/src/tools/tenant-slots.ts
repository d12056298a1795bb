/**
 * Tool calls one tenant's turns make at once on this runner (TOOL_CALLS_PER_TENANT): one tenant's
 * slow service cannot hold every slot of a runner that serves all. A call beyond the limit is
 * refused at once – a result the model or the node sees – rather than queued behind the slow ones.
 */
export class TenantSlots {
  private readonly taken = new Map<string, number>();

  constructor(private readonly perTenant: number) {}

  /** A slot, or undefined when the tenant has all of its own; give it back with the returned function. */
  take(tenantId: string): (() => void) | undefined {
    const now = this.taken.get(tenantId) ?? 0;
    if (now >= this.perTenant) return undefined;
    this.taken.set(tenantId, now + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.taken.get(tenantId) ?? 1) - 1;
      if (left <= 0) this.taken.delete(tenantId);
      else this.taken.set(tenantId, left);
    };
  }
}
