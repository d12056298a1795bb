import { describe, expect, it } from 'vitest';
import { runTurn } from './engine.js';
import { buildAgent, deepFreeze } from './fixtures/build-agent.js';
import { ScriptedLlm } from './fixtures/scripted-llm.js';

const config = buildAgent([{ id: 'chat', name: 'Chat', prompt: 'Help {{name}}.', fallback_text: 'Later.' }]);
const state = deepFreeze({ nodeId: 'chat', collectedData: { name: 'Ann' }, visitTurns: 0 });

describe('a visitor memory in the prompt', () => {
  it('follows the rendered prompt, its own braces left as written', async () => {
    const llm = new ScriptedLlm();
    await runTurn(config, state, 'Hi', { llm, history: async () => [], memory: ' Likes {{name}} tags. ' });
    expect(llm.replies[0]?.system).toBe('Help Ann.\n\nWhat you remember about this visitor from earlier conversations:\nLikes {{name}} tags.');
  });

  it('leaves the prompt alone when there is none or it is blank', async () => {
    const llm = new ScriptedLlm();
    await runTurn(config, state, 'Hi', { llm, history: async () => [] });
    await runTurn(config, state, 'Hi', { llm, history: async () => [], memory: '  ' });
    expect(llm.replies.map((r) => r.system)).toEqual(['Help Ann.', 'Help Ann.']);
  });
});
