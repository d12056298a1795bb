import type { LoggedEvent } from '@parley/stores';
import { describe, expect, it } from 'vitest';
import { ReplyAssembler } from './reply-assembler.js';

/** What a sink was told, in order, one line each. */
function recorder() {
  const told: string[] = [];
  return {
    told,
    sink: {
      start: (id: string) => void told.push(`start ${id}`),
      text: (id: string, delta: string) => void told.push(`text ${id} ${delta}`),
      end: (id: string, whole: string) => void told.push(`end ${id} ${whole}`),
    },
  };
}

let n = 0;
const delta = (messageId: string, text: string) => ({ id: `1-${n++}`, event: 'delta', data: { message_id: messageId, text } }) as LoggedEvent;
const message = (id: string, role: 'user' | 'assistant' | 'operator', content: string) =>
  ({ id: `1-${n++}`, event: 'message', data: { id, role, content } }) as LoggedEvent;

describe('a turn’s reply from its live events', () => {
  it('passes a streamed reply on piece by piece and closes it with its stored text; the visitor’s own message is no part of it', () => {
    const { told, sink } = recorder();
    const reply = new ReplyAssembler(sink);
    for (const event of [
      { id: '1-0', event: 'status', data: { state: 'typing' } } as LoggedEvent,
      delta('a', 'It takes '),
      delta('a', 'three days'),
      message('u', 'user', 'How long?'),
      message('a', 'assistant', 'It takes three days.'),
    ]) {
      reply.event(event);
    }
    expect(reply.finish('It takes three days.')).toEqual([{ id: 'a', text: 'It takes three days.' }]);
    // The stream missed the last piece: the stored text brings it.
    expect(told).toEqual(['start a', 'text a It takes ', 'text a three days', 'text a .', 'end a It takes three days.']);
  });

  it('a message said whole (a static text) comes whole; several come in order', () => {
    const { told, sink } = recorder();
    const reply = new ReplyAssembler(sink);
    reply.event(message('s', 'assistant', 'Let me get a colleague.'));
    reply.event(delta('b', 'Meanwhile'));
    reply.event(message('b', 'assistant', 'Meanwhile, try this.'));
    reply.event(message('o', 'operator', 'Hi, Sam here.'));
    expect(reply.finish('Let me get a colleague.\n\nMeanwhile, try this.').map((said) => said.id)).toEqual(['s', 'b']);
    expect(told).toEqual([
      'start s',
      'text s Let me get a colleague.',
      'end s Let me get a colleague.',
      'start b',
      'text b Meanwhile',
      'text b , try this.',
      'end b Meanwhile, try this.',
    ]);
  });

  it('a reply no event showed comes whole at the end; one whose stored form never came is closed as it stands', () => {
    const unseen = recorder();
    expect(new ReplyAssembler(unseen.sink).finish('Noted.').map((said) => said.text)).toEqual(['Noted.']);
    expect(unseen.told).toHaveLength(3);
    expect(new ReplyAssembler(recorder().sink).finish(null)).toEqual([]);

    const cut = recorder();
    const reply = new ReplyAssembler(cut.sink);
    reply.event(delta('c', 'Half a'));
    reply.abandon();
    expect(cut.told).toEqual(['start c', 'text c Half a', 'end c Half a']);
  });
});
