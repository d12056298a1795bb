import type { Pool } from 'undici';
import { EventStream } from './event-stream.js';
import { exchange, type Tally } from './tally.js';

/**
 * The tenant's operator (docs/escalation.md, "The inbox"): the inbox's event stream open for the
 * whole run, and each escalation it announces waiting claimed, answered and closed – which ends
 * the visitor's conversation and its stream.
 */
export class Operator {
  private readonly handled = new Set<string>();
  private readonly working = new Set<Promise<void>>();
  private readonly headers: Record<string, string>;
  private readonly stream: EventStream;

  private constructor(private readonly options: { url: string; pool: Pool; tally: Tally; key: string }) {
    this.headers = { authorization: `Bearer ${options.key}` };
    this.stream = new EventStream(`${options.url}/api/inbox/events`, ['escalation'], {
      headers: this.headers,
      onEvent: ({ data }) => this.onEscalation(data),
    });
  }

  /** Opens the inbox stream with the operator's tenant key; answers once it is open. */
  static async start(options: { url: string; pool: Pool; tally: Tally; key: string }): Promise<Operator> {
    const operator = new Operator(options);
    options.tally.count('inbox stream');
    await operator.stream.opened;
    return operator;
  }

  private onEscalation(item: { escalation_id: string; state: string }): void {
    // The claim and the close come back as events of their own: each escalation is taken once.
    if (item.state !== 'waiting' || this.handled.has(item.escalation_id)) return;
    this.handled.add(item.escalation_id);
    const work = this.answer(item.escalation_id).finally(() => this.working.delete(work));
    this.working.add(work);
  }

  private async answer(id: string): Promise<void> {
    const post = (what: string, path: string, expected: number, body?: unknown) =>
      exchange(
        this.options.pool,
        this.options.tally,
        what,
        {
          method: 'POST',
          path: `/api/inbox/${id}/${path}`,
          headers: body === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        },
        expected,
      );
    if (!(await post('operator claim', 'claim', 200))) return;
    if (!(await post('operator message', 'messages', 201, { content: 'A person here: that is sorted now.' }))) return;
    await post('operator close', 'close', 200);
  }

  /** Waits for the escalations under way, then closes the stream. */
  async stop(): Promise<void> {
    await Promise.all(this.working);
    this.stream.close();
    if (this.stream.drops > 0) this.options.tally.fail('inbox stream', 'dropped', this.stream.drops);
  }
}
