import { CallerError } from './retry.js';

/**
 * Passes streamed text to the caller's listener across retried attempts. A retried stream starts
 * from the beginning again; the listener (a live client) already shows the earlier attempt's text,
 * so a new attempt's text is forwarded only past what was delivered, and only while it agrees with
 * it. Once it diverges nothing more is forwarded: text on screen cannot be taken back, and the
 * call's returned text (from the last attempt) is what counts.
 */
export class DeltaForwarder {
  private delivered = '';
  private attemptText = '';
  private diverged = false;

  constructor(private readonly listener: ((text: string) => void) | undefined) {}

  startAttempt(): void {
    this.attemptText = '';
  }

  /** True once a retried stream said something else than what the listener already has. */
  get hasDiverged(): boolean {
    return this.diverged;
  }

  push(piece: string): void {
    const before = this.attemptText.length;
    this.attemptText += piece;
    if (this.diverged || !this.listener) return;
    if (before >= this.delivered.length) {
      this.deliver(piece);
      return;
    }
    const overlap = Math.min(this.attemptText.length, this.delivered.length);
    if (this.attemptText.slice(0, overlap) !== this.delivered.slice(0, overlap)) {
      this.diverged = true;
      return;
    }
    if (this.attemptText.length > this.delivered.length) this.deliver(this.attemptText.slice(this.delivered.length));
  }

  private deliver(text: string): void {
    this.delivered += text;
    try {
      this.listener?.(text);
    } catch (error) {
      throw new CallerError(error);
    }
  }
}
