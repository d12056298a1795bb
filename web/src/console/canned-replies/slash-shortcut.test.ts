import type { CannedReply } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { matchingReplies, replaceSlashWord, slashWordAt } from './slash-shortcut';

const reply = (shortcut: string, personal = false): CannedReply => ({
  id: `cr_${shortcut}`,
  shortcut,
  content: `(${shortcut})`,
  personal,
  created_at: '',
  updated_at: '',
});

describe('the `/shortcut` typed in the operator’s reply box', () => {
  it('is a slash that begins the text or a word, followed by shortcut letters up to the caret', () => {
    expect(slashWordAt('/th', 3)).toEqual({ start: 0, end: 3, query: 'th' });
    expect(slashWordAt('Hello /tha', 10)).toEqual({ start: 6, end: 10, query: 'tha' });
    expect(slashWordAt('Hi\n/bye', 7)).toEqual({ start: 3, end: 7, query: 'bye' });
    // The caret inside the word: what is before it is the query, the word runs on.
    expect(slashWordAt('/thanks and more', 4)).toEqual({ start: 0, end: 7, query: 'tha' });
  });

  it('is not a bare slash, a path, a slash inside a word, or a word the caret has left', () => {
    expect(slashWordAt('/', 1)).toBeUndefined();
    expect(slashWordAt('see https://example.com/help', 28)).toBeUndefined();
    expect(slashWordAt('and/or', 6)).toBeUndefined();
    expect(slashWordAt('/thanks ', 8)).toBeUndefined();
    expect(slashWordAt('/thanks', 0)).toBeUndefined();
    expect(slashWordAt(`/${'x'.repeat(33)}`, 34)).toBeUndefined();
  });

  it('matches shortcuts that begin with the query first, then those that contain it, whatever the case', () => {
    const replies = [reply('bye'), reply('thanks', true), reply('thanks'), reply('Thx'), reply('nothanks'), reply('hours')];
    expect(matchingReplies(replies, 'th').map((r) => r.shortcut)).toEqual(['thanks', 'thanks', 'Thx', 'nothanks']);
    expect(matchingReplies(replies, 'TH', 2).map((r) => r.shortcut)).toEqual(['thanks', 'thanks']);
    expect(matchingReplies(replies, 'zz')).toEqual([]);
  });

  it('is replaced by the reply, the caret after it, the rest of the text kept', () => {
    const text = 'Hello /tha – see you';
    const word = slashWordAt(text, 10);
    expect(word).toBeDefined();
    expect(replaceSlashWord(text, word!, 'Thank you, Ada!')).toEqual({ text: 'Hello Thank you, Ada! – see you', caret: 21 });
  });
});
