interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Writes that many callers make at once, grouped into one statement as commits join a group
 * commit: a write with nothing under way goes at once; those made while one is under way go
 * together in the next. Under load a statement carries everything that arrived meanwhile (fewer
 * statements, transactions and flushes), and a lone write waits for nothing. Each caller's promise
 * settles once its own item is committed, so callers see the same order of things as with a
 * statement each. A group whose statement fails is written again item by item, so one item's
 * failure is that item's caller's alone.
 */
export class GroupedWrites<T> {
  private waiting: Waiting<T>[] = [];
  private writing = false;

  /** `write` stores the items given, in one statement. */
  constructor(private readonly write: (items: T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    const added = new Promise<void>((resolve, reject) => this.waiting.push({ item, resolve, reject }));
    if (!this.writing) void this.drainQueue();
    return added;
  }

  private async drainQueue(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const group = this.waiting;
      this.waiting = [];
      try {
        await this.write(group.map((w) => w.item));
        for (const w of group) w.resolve();
      } catch (error) {
        if (group.length === 1) group[0]?.reject(error);
        else for (const w of group) await this.write([w.item]).then(w.resolve, w.reject);
      }
    }
    this.writing = false;
  }
}
