import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { byPurpose, replyWith } from '@parley/testing';
import { exampleAgentConfig } from '@parley/workflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, TEST_CHAT_SECRET, type TestPlatform } from './platform-harness.js';

const BIN = fileURLToPath(new URL('../../cli/bin/parley.mjs', import.meta.url));
const LLM_REPLY = 'I can answer your MRI eligibility questions.';
/** A run that has not finished by then is killed and fails the test. */
const RUN_TIMEOUT_MS = 20_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const children = new Set<ChildProcess>();

/** `node cli/bin/parley.mjs …` (`npx parley`) as a user runs it, with piped stdin and only the environment it needs. */
function runChat(args: string[], stdin: string, secret = TEST_CHAT_SECRET): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', CHAT_API_SECRET: secret, NO_COLOR: '1' },
      stdio: 'pipe',
    });
    children.add(child);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chat did not exit within ${RUN_TIMEOUT_MS} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, RUN_TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

/** The text of every agent box in the output, one entry per box, lines joined by spaces. */
function agentBoxes(stdout: string): string[] {
  const boxes: string[] = [];
  let current: string[] | undefined;
  for (const line of stdout.split('\n')) {
    if (line.startsWith('  ┌─ Agent')) current = [];
    else if (line.startsWith('  └─') && current) {
      boxes.push(current.join(' '));
      current = undefined;
    } else if (current && line.startsWith('  │')) current.push(line.slice(4));
  }
  return boxes;
}

/** The lines between the one containing `from` and the next one containing `to`. */
function section(stdout: string, from: string, to: string): string {
  const start = stdout.indexOf(from);
  expect(start, `"${from}" in the output`).toBeGreaterThanOrEqual(0);
  const end = stdout.indexOf(to, start + from.length);
  expect(end, `"${to}" after "${from}"`).toBeGreaterThan(start);
  return stdout.slice(start, end);
}

describe('the chat CLI against the real platform', () => {
  let h: TestPlatform;
  let agent: { tenantId: string; agentId: string; name: string };
  const args = () => ['--tenant', agent.tenantId, '--agent', agent.agentId, '--url', h.platform.url];

  beforeAll(async () => {
    h = await startTestPlatform();
    h.llm.setHandler(byPurpose({ reply: replyWith(LLM_REPLY) }));
    agent = await h.seedAgent(exampleAgentConfig, 'mri');
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await h?.stop();
  });

  it('walks the example workflow from piped input: nodes, transitions, extraction, /status, /vars, the end', async () => {
    const run = await runChat(args(), 'My name is Jack and my zip code is 30301\n/status\n/vars\nI want to book an appointment\nMonday works\n');
    const out = run.stdout;

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(out).not.toContain('\x1b[');

    // The session, its version and the startup chain.
    const sessionId = /^ {2}✓ Session ID: (text_[A-Za-z0-9_-]{22})$/m.exec(out)?.[1];
    expect(sessionId, out).toBeDefined();
    expect(out).toContain(`  Server: ${h.platform.url}\n`);
    expect(out).toContain('  ✓ Agent Config Version: 1 (active)\n');
    expect(out).toContain('  ✓ Starting node: Fast Disclaimer\n');
    expect(out).toContain('  Startup transitions:\n    ➡️  Fast Disclaimer → Welcome Greeting (always)\n');
    expect(out).toContain('  ✓ Current node: Welcome Greeting\n');

    // Every agent message, in order: the greeting, then one reply per message sent.
    expect(agentBoxes(out)).toEqual([
      "This chat may be recorded. Hi, I'm Ivan. What is your first name and zip code?",
      `Thank you, Jack! ${LLM_REPLY}`,
      'What day works best for you?',
      'Goodbye, Jack!',
    ]);

    // The first message: three transitions with their conditions, and what was extracted.
    const first = section(out, 'You: My name is Jack and my zip code is 30301', 'You: /status');
    expect(first).toMatch(/ {2}📍 Node: Q&A \(qa\) \| ⏱️ \d+ms\n/);
    expect(first).toContain(
      [
        '    ➡️  Welcome Greeting → Extract User Info (user_responded)',
        '    ➡️  Extract User Info → Personalized Greeting (variables_extracted:first_name,zip_code)',
        '    ➡️  Personalized Greeting → Q&A (always)',
        '    📝 Extracted: first_name=Jack, zip_code=30301',
      ].join('\n'),
    );

    const status = section(out, 'You: /status', 'You: /vars');
    expect(status).toContain(
      [
        '  Session status',
        `    Session:     ${sessionId}`,
        '    Status:      active',
        '    Node:        Q&A (qa)',
        '    Turns:       1',
        '    Transitions: 4',
      ].join('\n'),
    );

    const vars = section(out, 'You: /vars', 'You: I want to book an appointment');
    // In the order the API lists them (jsonb's key order), so compared as a set.
    expect(vars).toContain('  Collected variables\n');
    expect(
      vars
        .split('\n')
        .filter((line) => line.startsWith('    📝 '))
        .sort(),
    ).toEqual(['    📝 first_name = Jack', '    📝 zip_code = 30301']);

    const booking = section(out, 'You: I want to book an appointment', 'You: Monday works');
    expect(booking).toMatch(/ {2}📍 Node: Schedule Appointment \(scheduling\) \| ⏱️ \d+ms\n {4}➡️ {2}Q&A → Schedule Appointment \(intent:schedule\)\n/);
    expect(booking).not.toContain('Extracted');

    const end = out.slice(out.indexOf('You: Monday works'));
    expect(end).toMatch(/ {2}📍 Node: Terminate Call \(end_call\) \| ⏱️ \d+ms\n {4}➡️ {2}Schedule Appointment → Terminate Call \(contains:monday\)\n/);
    expect(end).toContain('  🏁 Session ended by the workflow at Terminate Call (end_call).');
    expect(end).not.toContain('it will time out');

    // What the CLI showed is what the platform holds.
    const after = await h.chat.status(sessionId ?? '');
    expect(after.body).toMatchObject({ status: 'completed', node_id: 'end_call', turns: 3, collected_data: { first_name: 'Jack', zip_code: '30301' } });
  });

  it('--agent-version 2 pins that version and says so', async () => {
    const v2 = structuredClone(exampleAgentConfig) as { workflow: { nodes: Array<{ id: string; static_text?: string }> } };
    const disclaimer = v2.workflow.nodes.find((node) => node.id === 'fast_disclaimer');
    if (!disclaimer) throw new Error('the example agent has no fast_disclaimer node');
    disclaimer.static_text = 'Version two of this chat may be recorded.';
    const created = await h.admin('POST', `/api/agents/${agent.name}/versions`, { config: v2 }, agent.tenantId);
    expect(created.body).toEqual({ version: 2, state: 'draft' });

    const run = await runChat([...args(), '--agent-version', '2'], '/quit\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  ✓ Agent Config Version: 2 (pinned)\n');
    expect(agentBoxes(run.stdout)[0]).toMatch(/^Version two of this chat may be recorded\. /);
    expect(run.stdout).toContain('it will time out after inactivity');

    const sessionId = /Session ID: (text_\S+)/.exec(run.stdout)?.[1] ?? '';
    const row = await h.ctx.db.selectFrom('text_conversations').select(['agent_version', 'status']).where('session_id', '=', sessionId).executeTakeFirst();
    expect(row).toEqual({ agent_version: 2, status: 'active' });

    // Pinning does not change what new unpinned sessions get.
    expect((await h.admin('GET', `/api/agents/${agent.name}`, undefined, agent.tenantId)).body.active_version).toBe(1);
  });

  it('a wrong CHAT_API_SECRET: exit 1 with the 401, and no session', async () => {
    const before = await h.ctx.db.selectFrom('text_conversations').select('id').execute();
    const run = await runChat(args(), 'hello\n', 'not-the-platform-secret-at-all');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✗ 401 unauthorized');
    expect(run.stdout).not.toContain('Session ID');
    expect(await h.ctx.db.selectFrom('text_conversations').select('id').execute()).toHaveLength(before.length);
  });
});
