import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it, type TestContext } from 'vitest';
import { AGENT_ID, reply, TENANT_ID } from './reference-examples.js';
import { type Override, type SignatureCheckingServer, startSignatureCheckingServer } from './signature-checking-server.js';

const SECRET = 'test-chat-secret';
const BIN = fileURLToPath(new URL('../bin/chat.mjs', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node cli/bin/chat.mjs` as a user would, with piped stdin and a clean environment. */
function runChat(args: string[], stdin: string, env: Record<string, string> = { CHAT_API_SECRET: SECRET }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/**
 * A server of its own per test, so the tests (each a child process) can run concurrently. It is
 * closed when *this* test finishes: concurrent tests must use their own context's hook.
 */
async function start(context: TestContext, override?: Override): Promise<{ server: SignatureCheckingServer; args: string[] }> {
  const server = await startSignatureCheckingServer(SECRET, override);
  context.onTestFinished(() => server.close());
  return { server, args: ['--tenant', TENANT_ID, '--agent', AGENT_ID, '--url', server.url] };
}

describe.concurrent('chat, run as a child process against the signature-checking server', () => {
  it('creates a session, sends a message, shows variables and ends the session', async (context) => {
    const { expect } = context;
    const { server, args } = await start(context);
    const run = await runChat(args, 'Hello\n/vars\n/end\n');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  ✓ Session ID: text_abc123def456\n');
    expect(run.stdout).toContain('  ✓ Agent Config Version: 1 (active)\n');
    expect(run.stdout).toContain('  You: Hello\n');
    expect(run.stdout).toContain("  ┌─ Agent ───────────────────────────────────────────────────\n  │ Thank you, Jack! I'm here to help you with any questions\n");
    expect(run.stdout).toContain('  📍 Node: MRI Q&A Conversation (mri_qa_conversation) | ⏱️ 523ms\n');
    expect(run.stdout).toContain('    📝 Extracted: first_name=Jack, zip_code=30301\n');
    expect(run.stdout).toContain('    📝 first_name = Jack\n');
    expect(run.stdout).toContain('    Total transitions: 5\n');
    expect(run.stdout).not.toContain('\x1b[');
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.signatureValid}`)).toEqual([
      'POST /api/chat/sessions true',
      'POST /api/chat/sessions/text_abc123def456/messages true',
      'GET /api/chat/sessions/text_abc123def456 true',
      'DELETE /api/chat/sessions/text_abc123def456 true',
    ]);
    expect(JSON.parse(server.requests[1]?.body ?? '')).toEqual({ content: 'Hello' });
  });

  it('pins --version, ignores empty lines, hints at unknown commands and quits at the end of input', async (context) => {
    const { expect } = context;
    const { server, args } = await start(context);
    const run = await runChat([...args, '--version', '2'], '\n/nope\n/history\n');

    expect(run.code).toBe(0);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ tenant_id: TENANT_ID, agent_id: AGENT_ID, version: 2 });
    expect(run.stdout).toContain('Unknown command /nope');
    expect(run.stdout).toContain('    Agent: Thank you for calling MRI Eligibility Support.\n');
    expect(run.stdout).toContain('it will time out');
    expect(server.requests.map((r) => r.method)).toEqual(['POST']);
  });

  it('stops with exit 1 when the session is gone (410)', async (context) => {
    const { expect } = context;
    const { server, args } = await start(context, (request) =>
      request.path.endsWith('/messages') ? { status: 410, body: { error: { code: 'gone', message: 'session is no longer active' } } } : undefined,
    );
    const run = await runChat(args, 'Hello\nstill there?\n');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✗ 410 gone: session is no longer active');
    expect(server.requests.filter((r) => r.path.endsWith('/messages'))).toHaveLength(1);
  });

  it('exits 0 when the workflow ends the session', async (context) => {
    const { expect } = context;
    const { server, args } = await start(context, (request) =>
      request.path.endsWith('/messages') ? { status: 200, body: { ...reply, node_id: 'end_call', node_name: 'Terminate Call', session_ended: true } } : undefined,
    );
    const run = await runChat(args, 'bye\nnot sent\n');

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Session ended by the workflow at Terminate Call (end_call)');
    expect(server.requests.filter((r) => r.path.endsWith('/messages'))).toHaveLength(1);
  });

  it('exits 1 with the error when the session cannot be created', async (context) => {
    const { expect } = context;
    const { args } = await start(context, () => ({ status: 404, body: { error: { code: 'not_found', message: 'agent not found' } } }));
    const run = await runChat(args, '');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✗ 404 not_found: agent not found');
  });
});

describe.concurrent('chat usage errors', () => {
  it('exits 2 naming --tenant when it is missing', async (context) => {
    const { expect } = context;
    const run = await runChat(['--agent', AGENT_ID], '');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--tenant');
    expect(run.stderr).toContain('Usage: chat');
  });

  it('exits 2 naming CHAT_API_SECRET when it is unset', async (context) => {
    const { expect } = context;
    const run = await runChat(['-t', TENANT_ID, '-a', AGENT_ID], '', {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('CHAT_API_SECRET');
  });
});
