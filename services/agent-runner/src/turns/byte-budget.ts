/**
 * A number of bytes shared by the turns a runner works on at once: a turn takes what it needs
 * before it reads its images and gives it back when it is done; one that does not fit waits, in
 * the order they asked. A turn asking for more than the whole is let in alone, when nothing else
 * holds any, so no turn waits forever.
 */
export class ByteBudget {
  private held = 0;
  private readonly waiting: Array<{ bytes: number; grant: () => void }> = [];

  constructor(readonly capacity: number) {}

  /** Bytes held by turns now. */
  get inUse(): number {
    return this.held;
  }

  /** Resolves once `bytes` are the caller's, with the function that gives them back (once). */
  async take(bytes: number): Promise<() => void> {
    if (this.waiting.length === 0 && this.fits(bytes)) this.held += bytes;
    else await new Promise<void>((grant) => this.waiting.push({ bytes, grant }));
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.held -= bytes;
      this.grantWaiting();
    };
  }

  private fits(bytes: number): boolean {
    return this.held === 0 || this.held + bytes <= this.capacity;
  }

  private grantWaiting(): void {
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.bytes)) {
      const next = this.waiting.shift()!;
      this.held += next.bytes;
      next.grant();
    }
  }
}
