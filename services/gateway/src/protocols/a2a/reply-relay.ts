import type { ReplySink } from '../reply-assembler.js';

type Piece = { kind: 'start'; id: string } | { kind: 'text'; id: string; text: string } | { kind: 'end'; id: string; whole: string };

/**
 * A reply begun before anyone reports it: its pieces wait here until the task that reports them
 * attaches (an A2A task exists only once the turn is sure to be taken), then pass straight on.
 * `produced` settles with the first piece: until then a refusal of the turn refuses the call.
 */
export class ReplyRelay implements ReplySink {
  private waiting: Piece[] = [];
  private target: ReplySink | undefined;
  private resolveProduced: () => void = () => undefined;
  readonly produced = new Promise<void>((resolve) => {
    this.resolveProduced = resolve;
  });

  start(id: string): void {
    this.pass({ kind: 'start', id });
  }

  text(id: string, text: string): void {
    this.pass({ kind: 'text', id, text });
  }

  end(id: string, whole: string): void {
    this.pass({ kind: 'end', id, whole });
  }

  /** From now on the pieces go to `target`, those that waited first. */
  attach(target: ReplySink): void {
    this.target = target;
    for (const piece of this.waiting.splice(0)) deliver(target, piece);
  }

  private pass(piece: Piece): void {
    this.resolveProduced();
    if (this.target) deliver(this.target, piece);
    else this.waiting.push(piece);
  }
}

function deliver(target: ReplySink, piece: Piece): void {
  if (piece.kind === 'start') target.start(piece.id);
  else if (piece.kind === 'text') target.text(piece.id, piece.text);
  else target.end(piece.id, piece.whole);
}
