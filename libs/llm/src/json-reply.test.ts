import { describe, expect, it } from 'vitest';
import { parseClassification } from './classification.js';
import { parseExtraction } from './extraction.js';
import { parseJsonObject } from './json-reply.js';

describe('parseJsonObject', () => {
  it.each([
    ['{"a":"1"}', { a: '1' }],
    ['Sure! ```json\n{"a":"1"}\n```', { a: '1' }],
    ['[1,2]', {}],
    ['null', {}],
    ['{broken', {}],
    ['', {}],
  ])('%j gives %j', (content, expected) => expect(parseJsonObject(content)).toEqual(expected));
});

describe('parseExtraction', () => {
  it('keeps requested non-empty strings only, trimmed', () => {
    const content = '{"a":" x ","b":"","c":3,"d":"unrequested","__proto__":"p","constructor":"k"}';
    expect(parseExtraction(content, [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'toString' }])).toEqual({ a: 'x' });
  });
});

describe('parseClassification', () => {
  const intents = [{ name: 'Schedule' }, { name: 'goodbye' }];
  it('maps the answer onto a configured intent name, else null', () => {
    expect(parseClassification('{"intent":" schedule "}', intents)).toBe('Schedule');
    expect(parseClassification('{"intent":"none"}', intents)).toBeNull();
    expect(parseClassification('{"intent":42}', intents)).toBeNull();
  });
});
