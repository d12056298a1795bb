import { stderr, stdin, stdout } from 'node:process';
import { createParleyClient } from '@parley/client';
import type { CreateSessionResponse } from './api-types.js';
import { paletteFor } from './palette.js';
import { parseOptions, USAGE } from './options.js';
import { renderBanner, renderError, renderSessionCreated } from './render.js';
import { runRepl } from './repl.js';
import { parseTestOptions, runTests, TEST_USAGE } from './test-command.js';
import { CLI_VERSION } from './version.js';

/**
 * The `parley` process (also installed as `chat`): reads the command line and environment,
 * creates a session and hands it to the loop. Exit codes: 0 normal, 1 fatal (no session, or it went away), 2 usage.
 */
async function main(): Promise<number> {
  if (process.argv[2] === 'test') return testCommand(process.argv.slice(3));
  const parsed = parseOptions(process.argv.slice(2), process.env);
  if (parsed.kind === 'help') {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'version') {
    stdout.write(`${CLI_VERSION}\n`);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    stderr.write(`parley: ${parsed.message}\n\n${USAGE}\n`);
    return 2;
  }

  const { options, warnings } = parsed;
  for (const warning of warnings) stderr.write(`parley: ${warning}\n`);
  const palette = paletteFor(stdout, process.env.NO_COLOR);
  const errorPalette = paletteFor(stderr, process.env.NO_COLOR);
  // Generous: a turn may wait on a language model.
  const client = createParleyClient({ baseUrl: options.url, chatSecret: options.secret, timeoutMs: 120_000 }).textChat;

  stdout.write(`${renderBanner({ url: options.url, tenantId: options.tenantId, agentId: options.agentId }, palette)}\n\n`);
  stdout.write('  Creating session...\n');
  let created: CreateSessionResponse;
  try {
    created = await client.createSession({
      tenant_id: options.tenantId,
      agent_id: options.agentId,
      ...(options.agentVersion === undefined ? {} : { version: options.agentVersion }),
    });
  } catch (error) {
    stderr.write(`${renderError(error, errorPalette)}\n`);
    return 1;
  }
  stdout.write(`${renderSessionCreated(created, palette)}\n\n`);

  const history = created.initial_message ? [{ role: 'agent' as const, content: created.initial_message }] : [];
  return runRepl(client, { sessionId: created.session_id, history }, { input: stdin, output: stdout, errors: stderr, palette, errorPalette });
}

/** `parley test`: exit codes 0 passed, 1 a test failed, 2 usage, 3 the run could not be started or read. */
async function testCommand(argv: string[]): Promise<number> {
  const parsed = parseTestOptions(argv, process.env);
  if (parsed.kind === 'help') {
    stdout.write(`${TEST_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    stderr.write(`parley test: ${parsed.message}\n\n${TEST_USAGE}\n`);
    return 2;
  }
  return runTests(parsed.options, stdout, stderr);
}

try {
  process.exitCode = await main();
} catch (error) {
  // Expected failures are handled above; reaching here is a bug, so show the stack.
  console.error(error);
  process.exitCode = 1;
}
