import { describe, expect, it } from 'vitest';
import { closeOpenMarks } from './open-marks';

describe('a streaming reply’s open marks', () => {
  it('closes bold, strikethrough and code begun and not yet ended', () => {
    expect(closeOpenMarks('Your order is **rea')).toBe('Your order is **rea**');
    expect(closeOpenMarks('It was ~~sold out')).toBe('It was ~~sold out~~');
    expect(closeOpenMarks('Run `npm in')).toBe('Run `npm in`');
    expect(closeOpenMarks('**Note: ~~was')).toBe('**Note: ~~was~~**');
  });

  it('leaves out a mark that nothing follows yet, and what is closed as it is', () => {
    expect(closeOpenMarks('Your order is **')).toBe('Your order is');
    expect(closeOpenMarks('Your order is **ready** now')).toBe('Your order is **ready** now');
    expect(closeOpenMarks('Plain words')).toBe('Plain words');
  });

  it('reads marks in the last paragraph only, none inside code', () => {
    // A mark left open in an earlier paragraph stays typed in the finished reply too.
    expect(closeOpenMarks('A lone ** here.\n\nAnd **bo')).toBe('A lone ** here.\n\nAnd **bo**');
    expect(closeOpenMarks('Use `a ** b` then **x')).toBe('Use `a ** b` then **x**');
    expect(closeOpenMarks('Escaped \\** is text')).toBe('Escaped \\** is text');
    expect(closeOpenMarks('```js\nconst a = 2 ** 3')).toBe('```js\nconst a = 2 ** 3');
  });
});
