import { PassThrough } from 'node:stream';
import { createLogger } from '@parley/logger';
import { describe, expect, it } from 'vitest';
import { failTimes, replyWith } from '../../testing/src/fake-llm.js';
import { llmFor, settings, useFakeLlm } from './llm-harness.js';

const server = useFakeLlm();

describe('logging', () => {
  it('never writes the API key or message contents, even at debug level', async () => {
    const lines: string[] = [];
    const destination = new PassThrough();
    destination.on('data', (data: Buffer) => lines.push(data.toString()));
    const llm = llmFor(server.fake, { apiKey: 'sk-very-secret-key', logger: createLogger({ service: 't', level: 'debug', destination }) });

    server.fake.setHandler(failTimes(1, 500, { after: replyWith('private answer about Ann') }));
    await llm.reply({ settings, system: 'secret system prompt', history: [{ role: 'user', content: 'my private question' }] });
    server.fake.setHandler(replyWith('{"first_name":"Ann"}'));
    await llm.extract({ settings, variables: [{ name: 'first_name' }], message: 'my name is Ann' });
    server.fake.setHandler(replyWith({ status: 400 }));
    await llm.classify({ settings, intents: [{ name: 'a' }], message: 'classify this private text' }).catch(() => undefined);

    const log = lines.join('');
    expect(log).toContain('retrying');
    for (const secret of ['sk-very-secret-key', 'secret system prompt', 'my private question', 'private answer', 'my name is Ann', 'private text']) {
      expect(log).not.toContain(secret);
    }
  });
});
