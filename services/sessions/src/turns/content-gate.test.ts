import { createInProcessBus } from '@parley/bus';
import { AppError, catalog, contentRefusalOf } from '@parley/contracts';
import { createLogger } from '@parley/logger';
import { AgentVersions } from '@parley/workflow';
import { afterAll, describe, expect, it } from 'vitest';
import { Announcer } from '../store/announcer.js';
import { ContentGate, type ContentSubject } from './content-gate.js';

const logger = createLogger({ service: 'sessions-unit', level: 'silent' });
const AGENT = '00000000-0000-4000-8000-00000000a9e1';
const SESSION = 'text_AAAAAAAAAAAAAAAAAAAAAA';

/** An agent whose own rules block one word. */
const guardedAgent = {
  content_rules: { block_patterns: ['\\bcasino\\b'] },
  workflow: { initial_node: 'only', nodes: [{ id: 'only', name: 'Only', static_text: 'Go on.', transitions: [] }] },
};

/**
 * The sessions service's content gate on the in-process bus (which, like NATS, carries JSON only):
 * the agent's config served as the links service would, and a subject of the sessions catalog
 * served by a handler that screens what it is sent, as the turn path does.
 */
function world() {
  const bus = createInProcessBus({ catalog, namespace: 'content-gate-unit', logger });
  const configsAsked: unknown[] = [];
  bus.serve('links.agents.config', async (ref) => {
    configsAsked.push(ref);
    return { config: guardedAgent };
  });
  const gate = new ContentGate(bus, new Announcer(bus, logger, undefined), new AgentVersions(bus, { max: 10 }), logger);
  const subject: ContentSubject = { tenantId: 'ten_1', linkId: null, agentId: AGENT, version: 2, own: null };
  bus.serve('sessions.send', async (request) => {
    const text = await gate.screen(request.content, subject);
    throw new AppError('invalid', `let in: ${text}`);
  });
  return { bus, gate, subject, configsAsked };
}

describe('a content rule’s refusal', () => {
  const { bus, gate, subject, configsAsked } = world();
  afterAll(() => bus.drain());

  it('crosses the bus typed: the caller knows the rule without reading the code, and the client still sees 422 content_blocked with details.rule', async () => {
    const refused = await bus.request('sessions.send', { sessionId: SESSION, content: 'any casino near?' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(contentRefusalOf(refused)).toEqual({ kind: 'content', rule: 'block_patterns' });
    expect((refused as AppError).toBody()).toEqual({
      error: {
        code: 'content_blocked',
        message: 'this message was blocked by the content rule "block_patterns": edit it and send it again',
        details: { rule: 'block_patterns' },
      },
    });
    // Any other refusal carries none.
    const other = await bus.request('sessions.send', { sessionId: SESSION, content: 'hello' }).catch((error: unknown) => error);
    expect(other).toMatchObject({ code: 'invalid', message: 'let in: hello' });
    expect(contentRefusalOf(other)).toBeUndefined();
  });

  it('reads an agent version’s rules from the process’s one cache of versions, and a link’s own rules from the link', async () => {
    await expect(gate.check('casino', subject)).rejects.toMatchObject({ code: 'content_blocked' });
    await expect(gate.check('fine', { ...subject, version: 2 })).resolves.toMatchObject({ text: 'fine', hits: [] });
    const own = {
      ...subject,
      version: 3,
      own: { block_patterns: ['\\bpoker\\b'], pii: 'allow' as const, moderation: 'off' as const, prompt_injection: 'off' as const },
    };
    await expect(gate.check('casino', own)).resolves.toMatchObject({ text: 'casino' });
    await expect(gate.check('poker', own)).rejects.toSatisfy((error) => contentRefusalOf(error)?.rule === 'block_patterns');
    // Asked once for every check of the file (the first test's included); never for the version whose link has its own.
    expect(configsAsked).toEqual([{ agentId: AGENT, version: 2 }]);
  });
});
