import { describe, expect, it } from 'vitest';
import { parseAgentConfig } from '../agent-config.js';
import { knowledgeBaseReferences } from './knowledge-references.js';

describe('knowledgeBaseReferences', () => {
  it('names every base of every prompt node, trimmed as the config is read, with its path', () => {
    const parsed = parseAgentConfig({
      workflow: {
        initial_node: 'hello',
        nodes: [
          { id: 'hello', name: 'Hello', static_text: 'Hi.', transitions: [{ to: 'faq', condition: 'always' }] },
          { id: 'faq', name: 'FAQ', prompt: 'Answer.', knowledge: { bases: ['kb_help00000001'] } },
          { id: 'shop', name: 'Shop', prompt: 'Answer.', knowledge: { bases: [' Returns ', 'Shipping'], top_k: 2 } },
        ],
      },
    });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(knowledgeBaseReferences(parsed.config)).toEqual([
      { name: 'kb_help00000001', path: ['workflow', 'nodes', 1, 'knowledge', 'bases', 0] },
      { name: 'Returns', path: ['workflow', 'nodes', 2, 'knowledge', 'bases', 0] },
      { name: 'Shipping', path: ['workflow', 'nodes', 2, 'knowledge', 'bases', 1] },
    ]);
  });

  it('names none for a config without knowledge', () => {
    expect(knowledgeBaseReferences({ workflow: { nodes: [{}, { knowledge: undefined }] } })).toEqual([]);
  });
});
