import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the widget script loader of the Vue component', () => {
  it('is the React component\'s, word for word: the two wrappers load and build the widget alike', () => {
    const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
    expect(read('./widget-script.ts')).toBe(read('../../widget-react/src/widget-script.ts'));
  });
});
