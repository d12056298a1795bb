import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CHAT_SECRET, intakeAgent, useServedPlatform } from './served-platform.js';

// `parley` (also installed as `chat`) as a user runs it – a child process with piped stdin –
// against the real gateway and the services behind it, one platform for the whole file.

const BIN = fileURLToPath(new URL('../bin/parley.mjs', import.meta.url));
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/** A run that has not finished by then is killed and fails the test. */
const RUN_TIMEOUT_MS = 20_000;

const platform = useServedPlatform();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunningChat {
  /** Resolves once the output contains `text`. */
  printed(text: string): Promise<void>;
  stdout(): string;
  /** Sends these lines and closes stdin. */
  finish(stdin: string): void;
  exited: Promise<Run>;
}

const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `node cli/bin/parley.mjs …` with only the environment it needs; stdin stays open until `finish`. */
function startChat(args: string[], env: Record<string, string> = { CHAT_API_SECRET: CHAT_SECRET }): RunningChat {
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
  children.add(child);
  let stdout = '';
  let stderr = '';
  const waiting = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const check of waiting) check();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Run>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`parley did not exit within ${RUN_TIMEOUT_MS} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, RUN_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
  return {
    printed: (text) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!stdout.includes(text)) return;
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
        exited.then(() => reject(new Error(`parley exited without printing "${text}"\nstdout:\n${stdout}\nstderr:\n${stderr}`)), reject);
      }),
    stdout: () => stdout,
    finish: (stdin) => child.stdin.end(stdin),
    exited,
  };
}

/** A whole run: these lines on stdin, then its end. */
function runChat(args: string[], stdin: string, env?: Record<string, string>): Promise<Run> {
  const chat = startChat(args, env);
  chat.finish(stdin);
  return chat.exited;
}

const argsFor = (agent: { tenantId: string; agentId: string }) => ['--tenant', agent.tenantId, '--agent', agent.agentId, '--url', platform.current.url];
const sessionIdIn = (stdout: string) => /^ {2}✓ Session ID: (text_[A-Za-z0-9_-]{22})$/m.exec(stdout)?.[1];

/** An intake agent whose config version 2 greets differently from the active version 1. */
async function seedSecondVersion(name: string) {
  const { h } = platform.current;
  const agent = await h.seedAgent(intakeAgent, name);
  const greeting = (node: (typeof intakeAgent.workflow.nodes)[number]) => (node.id === 'greeting' ? { ...node, static_text: 'Version two says hello.' } : node);
  const second = { workflow: { ...intakeAgent.workflow, nodes: intakeAgent.workflow.nodes.map(greeting) } };
  const created = await h.admin('POST', `/api/agents/${agent.name}/versions`, { config: second }, agent.tenantId);
  expect(created.status, created.text).toBe(201);
  expect(created.body.version).toBe(2);
  return agent;
}

/** The session as the platform reports it. */
async function sessionOnPlatform(sessionId: string) {
  const read = await platform.current.h.signed('GET', `/api/chat/sessions/${sessionId}`);
  expect(read.status, read.text).toBe(200);
  return read.body as { status: string; turns: number; node_id: string };
}

describe.concurrent('chat, run as a child process against the platform', () => {
  it('creates a session, sends a message, shows variables and ends the session', async () => {
    const run = await runChat(argsFor(platform.current.agent), 'My name is Jack, zip 30301\n/vars\n/end\n');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const sessionId = sessionIdIn(run.stdout);
    expect(sessionId, run.stdout).toBeDefined();
    expect(run.stdout).toContain('  ✓ Agent Config Version: 1 (active)\n');
    expect(run.stdout).toContain('  You: My name is Jack, zip 30301\n');
    expect(run.stdout).toContain('  ┌─ Agent ───────────────────────────────────────────────────\n  │ Thank you, Jack! Anything else?\n');
    expect(run.stdout).toMatch(/ {2}📍 Node: Thanks \(thanks\) \| ⏱️ \d+ms\n/);
    expect(run.stdout).toContain('    📝 Extracted: first_name=Jack, zip_code=30301\n');
    expect(run.stdout).toContain('    📝 first_name = Jack\n');
    expect(run.stdout).toContain('    Total turns:       1\n');
    expect(run.stdout).toContain('    Total transitions: 2\n');
    expect(run.stdout).not.toContain('\x1b[');

    expect(await sessionOnPlatform(sessionId ?? '')).toMatchObject({ status: 'completed', turns: 1, node_id: 'thanks' });
  });

  it('pins --agent-version, ignores empty lines, hints at unknown commands and quits at the end of input', async () => {
    const { url } = platform.current;
    const agent = await seedSecondVersion('versioned');

    const run = await runChat([...argsFor(agent), '--agent-version', '2'], '\n/nope\n/history\n');

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`  Server: ${url}\n`);
    expect(run.stdout).toContain('  ✓ Agent Config Version: 2 (pinned)\n');
    expect(run.stdout).toContain('Unknown command /nope');
    expect(run.stdout).toContain('    Agent: Version two says hello.\n');
    expect(run.stdout).toContain('it will time out');
    // Nothing but the session's creation reached the platform: no message, not ended.
    expect(await sessionOnPlatform(sessionIdIn(run.stdout) ?? '')).toMatchObject({ status: 'active', turns: 0 });
  });

  it('still pins with the deprecated --version <n>, saying so on stderr', async () => {
    const agent = await seedSecondVersion('deprecated-option');

    const run = await runChat([...argsFor(agent), '--version', '2'], '/quit\n');

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('parley: --version <n> is deprecated; use --agent-version <n>\n');
    expect(run.stdout).toContain('  ✓ Agent Config Version: 2 (pinned)\n');
    // The greeting of version 2, in the box the session opens with.
    expect(run.stdout).toContain('  │ Version two says hello.\n');
  });

  it('answers every piped line in turn and exits 0 at the end of input', async () => {
    const lines = ['Hello', 'My name is Jack, zip 30301', 'What happens next?', 'One more thing'];
    const run = await runChat(argsFor(platform.current.agent), `${lines.join('\n')}\n`);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Each line is echoed after its prompt and answered in a box of its own, in order.
    const replies = [
      'Welcome. What is your first name and zip code?',
      'Thank you, Jack! Anything else?',
      'Thank you, Jack! Anything else?',
      'Thank you, Jack! Anything else?',
    ];
    let at = 0;
    lines.forEach((line, i) => {
      at = run.stdout.indexOf(`  You: ${line}\n`, at);
      expect(at, `"You: ${line}" in order\n${run.stdout}`).toBeGreaterThanOrEqual(0);
      at = run.stdout.indexOf(`  ┌─ Agent ──`, at);
      expect(at, `a reply to "${line}"\n${run.stdout}`).toBeGreaterThanOrEqual(0);
      expect(run.stdout.slice(at).split('\n')[1]).toBe(`  │ ${replies[i]}`);
    });
    // One box per line after the greeting's, and no more.
    expect(run.stdout.split('  ┌─ Agent ──')).toHaveLength(1 + 1 + lines.length);
    expect(run.stdout).toContain('it will time out');
    expect(await sessionOnPlatform(sessionIdIn(run.stdout) ?? '')).toMatchObject({ status: 'active', turns: lines.length });
  });

  it('stops with exit 1 when the session is gone (410)', async () => {
    const chat = startChat(argsFor(platform.current.agent));
    await chat.printed('Session ID: ');
    const sessionId = sessionIdIn(chat.stdout()) ?? '';
    // The session ends elsewhere (its owner's backend) while the user is typing.
    const ended = await platform.current.h.signed('DELETE', `/api/chat/sessions/${sessionId}`);
    expect(ended.status, ended.text).toBe(200);
    chat.finish('Hello\nstill there?\n');
    const run = await chat.exited;

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✗ 410 gone: /);
    expect(run.stdout).not.toContain('You: still there?');
  });

  it('exits 0 when the workflow ends the session', async () => {
    const run = await runChat(argsFor(platform.current.agent), "I'm Jack from 30301\nbye\nnot sent\n");

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Session ended by the workflow at Goodbye (goodbye)');
    expect(run.stdout).not.toContain('You: not sent');
    expect(await sessionOnPlatform(sessionIdIn(run.stdout) ?? '')).toMatchObject({ status: 'completed', turns: 2, node_id: 'goodbye' });
  });

  it('takes the agent by its name as well as by its id', async () => {
    const agent = await seedSecondVersion('by-name');
    const run = await runChat([...argsFor({ tenantId: agent.tenantId, agentId: agent.name }), '--agent-version', '2'], '');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Version two says hello.');
  });

  it('exits 1 with the error when the session cannot be created', async () => {
    const run = await runChat(argsFor({ tenantId: platform.current.agent.tenantId, agentId: randomUUID() }), '');

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✗ 404 not_found: /);
  });

  it('exits 1 with 401 when CHAT_API_SECRET is not the platform’s', async () => {
    const run = await runChat(argsFor(platform.current.agent), '', { CHAT_API_SECRET: 'not-the-secret' });

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/✗ 401 unauthorized: /);
  });
});

describe.concurrent('parley usage, version and usage errors', () => {
  it("prints cli/package.json's version for --version and -V, and exits 0", async () => {
    for (const flag of ['--version', '-V']) {
      const run = await runChat([flag], '', {});
      expect(run.code, flag).toBe(0);
      expect(run.stdout, flag).toBe(`${PACKAGE_VERSION}\n`);
      expect(run.stderr, flag).toBe('');
    }
  });

  it('prints the usage naming parley and --agent-version for --help', async () => {
    const run = await runChat(['--help'], '', {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: parley --tenant <uuid> --agent <name\|uuid> \[--agent-version <n>\]/);
    expect(run.stdout).toContain('-V, --version');
  });

  it('exits 2 naming --tenant when it is missing', async () => {
    const run = await runChat(['--agent', randomUUID()], '');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--tenant');
    expect(run.stderr).toContain('Usage: parley');
  });

  it('exits 2 naming CHAT_API_SECRET when it is unset', async () => {
    const run = await runChat(['-t', randomUUID(), '-a', randomUUID()], '', {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CHAT_API_SECRET');
  });

  it('exits 2 when --agent-version is not a version', async () => {
    const run = await runChat(['-t', randomUUID(), '-a', randomUUID(), '--agent-version', '0'], '');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('parley: --agent-version must be a whole number of at least 1, got "0"');
  });
});
