import { turnHistoryLimits } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { cutHistory, grownHistory, sizedHistory } from './history-cut.js';

type Message = { role: 'user' | 'assistant'; content: string };

/** A small deterministic generator, so a failure names the case that made it. */
function random(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state % below;
  };
}

const lengthOf = (messages: Message[]) => messages.reduce((sum, m) => sum + m.content.length, 0);

describe('a history grown turn by turn', () => {
  it('is what cutting the whole conversation gives, with its contents’ length, over the 100 messages and over the byte budget', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const next = random(seed);
      let conversation: Message[] = [];
      let kept = sizedHistory<Message>([]);
      for (let turn = 0; turn < 400; turn++) {
        // Mostly short words, now and then a content large enough that the byte budget cuts before 100 messages do.
        const added = Array.from({ length: next(4) }, (_, i): Message => {
          const size = next(20) === 0 ? 8_000 + next(12_000) : 1 + next(200);
          return { role: i % 2 ? 'assistant' : 'user', content: String.fromCharCode(97 + next(26)).repeat(size) };
        });
        conversation = [...conversation, ...added];
        kept = grownHistory(kept, added);
        const cut = cutHistory(conversation);
        expect(kept.messages, `seed ${seed}, turn ${turn}`).toEqual(cut);
        expect(kept.chars, `seed ${seed}, turn ${turn}`).toBe(lengthOf(cut));
      }
    }
  });

  it('keeps the newest 100 when more are added at once than it holds', () => {
    const kept = sizedHistory<Message>([{ role: 'user', content: 'old' }]);
    const added = Array.from({ length: turnHistoryLimits.messages + 5 }, (_, i): Message => ({ role: 'assistant', content: `m${i}` }));
    const grown = grownHistory(kept, added);
    expect(grown.messages).toEqual(added.slice(5));
    expect(grown.chars).toBe(lengthOf(added.slice(5)));
  });

  it('counts escaped and multi-byte characters as cutHistory does: by the JSON text’s bytes once near the budget', () => {
    // An escaped control character is 6 bytes of JSON, a euro sign 3 of UTF-8: 66 and 60 kB a content, the 256 KiB budget passed by the fifth.
    const said = (i: number): Message => ({ role: 'user', content: i % 2 ? '€'.repeat(20_000) : '\u0001'.repeat(11_000) });
    let kept = sizedHistory<Message>([]);
    const all: Message[] = [];
    for (let i = 0; i < 6; i++) {
      all.push(said(i));
      kept = grownHistory(kept, [said(i)]);
    }
    expect(kept.messages).toEqual(cutHistory(all));
    expect(kept.messages.length).toBeLessThan(all.length);
  });
});
