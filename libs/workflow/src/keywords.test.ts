import { describe, expect, it } from 'vitest';
import { containsKeyword } from './keywords.js';

describe('containsKeyword', () => {
  it.each([
    ['Book it', 'book'],
    ['please BOOK.', 'book'],
    ["that's all", "that's all"],
    ['That’s   all!', "that's all"],
    ["ok that's all", 'that’s all'],
    ['is it c++?', 'c++'],
    ['Grüße, tschüss', 'tschüss'],
    // As patterns see the message (docs/workflow.md "Extraction").
    ['Bo\u200bok it', 'book'],
    ['ＢＯＯＫ it', 'book'],
    ['tschu\u0308ss', 'tschüss'],
  ])('"%s" contains %s', (message, keyword) => {
    expect(containsKeyword(message, keyword)).toBe(true);
  });

  it.each([
    ['booking', 'book'],
    ['notebook', 'book'],
    ['thats all', "that's all"],
    ['tschüssi', 'tschüss'],
    ['anything', '   '],
  ])('"%s" does not contain %s', (message, keyword) => {
    expect(containsKeyword(message, keyword)).toBe(false);
  });
});
