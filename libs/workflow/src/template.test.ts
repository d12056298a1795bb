import { describe, expect, it } from 'vitest';
import { renderTemplate } from './template.js';

describe('renderTemplate', () => {
  it('replaces known variables, with or without spaces inside the braces', () => {
    expect(renderTemplate('Hi {{name}}, {{ name }} from {{  zip}}!', { name: 'Jack', zip: '30301' })).toBe('Hi Jack, Jack from 30301!');
  });

  it('renders unknown variables, prototype members included, as empty text', () => {
    expect(renderTemplate('[{{missing}}][{{constructor}}][{{toString}}]', {})).toBe('[][][]');
  });

  it('inserts values literally and leaves text that is not a placeholder alone', () => {
    expect(renderTemplate('{{v}} {single} {{two words}}', { v: '$& $1' })).toBe('$& $1 {single} {{two words}}');
  });
});
