import { describe, expect, it } from 'vitest';
import type { StoredMessage } from './api';
import { laterThan } from './shown-messages';

const message = (id: string, role: StoredMessage['role'] = 'assistant'): StoredMessage => ({ id, role, content: `text of ${id}` });

describe('messages on screen against a history just read', () => {
  it('keeps, in their order, those that came in live after the history was asked for', () => {
    const history = [message('m1', 'user'), message('m2')];
    const shown = [message('m1', 'user'), message('m2'), message('m3', 'operator'), message('m4', 'operator')];
    expect(laterThan(history, shown).map((m) => m.id)).toEqual(['m3', 'm4']);
  });

  it('keeps nothing the history holds, nor a reply shown from a send’s answer, which the history replaces', () => {
    const history = [message('m1', 'user'), message('m2')];
    expect(laterThan(history, [message('m1', 'user'), message('reply-m1'), message('m2')])).toEqual([]);
    expect(laterThan(history, [])).toEqual([]);
  });
});
