import { ParleyApiError, ParleyNetworkError } from '@parley/client';
import type { CreateSessionResponse, EndSessionResponse, SendMessageResponse, SessionStatus, TransitionInfo } from './api-types.js';
import { type Palette, plain } from './palette.js';

/**
 * Everything the CLI prints, as pure functions returning lines joined by "\n" (no trailing
 * newline). The layout is the one cli/test/render.test.ts pins, character for character.
 */

/** Agent replies are wrapped to this many columns inside the box. */
export const BOX_TEXT_WIDTH = 60;

const RULE = '='.repeat(60);
// Widths copied from the reference's example, including its longer bottom edge.
const BOX_TOP = `┌─ Agent ${'─'.repeat(51)}`;
const BOX_BOTTOM = `└${'─'.repeat(61)}`;

/** One message of the conversation as the CLI keeps it for /history. */
export interface ChatTurn {
  role: 'user' | 'agent';
  content: string;
}

export interface Target {
  url: string;
  tenantId: string;
  agentId: string;
}

export function renderBanner(target: Target, p: Palette = plain): string {
  return [
    RULE,
    `  ${p.bold('Text Chat CLI - Interactive Agent Testing')}`,
    RULE,
    `  Server: ${target.url}`,
    `  Tenant: ${target.tenantId}`,
    `  Agent:  ${target.agentId}`,
    RULE,
  ].join('\n');
}

export function renderSessionCreated(session: CreateSessionResponse, p: Palette = plain): string {
  const tick = p.green('✓');
  const versionKind = session.is_active_version ? 'active' : 'pinned';
  const lines = [
    `  ${tick} Session ID: ${p.bold(session.session_id)}`,
    `  ${tick} Agent Config Version: ${session.agent_config_version} (${versionKind})`,
    `  ${tick} Starting node: ${session.initial_node_name ?? session.initial_node_id}`,
  ];
  if (session.transitions.length > 0) lines.push('  Startup transitions:', ...transitionLines(session.transitions, p));
  lines.push(`  ${tick} Current node: ${session.node_name ?? session.node_id}`);
  if (session.initial_message) lines.push('', renderAgentBox(session.initial_message, p));
  return lines.join('\n');
}

export function renderAgentBox(text: string, p: Palette = plain): string {
  const body = wrapText(text, BOX_TEXT_WIDTH).map((line) => (line === '' ? `  ${p.cyan('│')}` : `  ${p.cyan('│')} ${line}`));
  return [`  ${p.cyan(BOX_TOP)}`, ...body, `  ${p.cyan(BOX_BOTTOM)}`].join('\n');
}

/**
 * The agent box (or, while the conversation is with a person, that the message waits for them),
 * then the node and latency line, the transitions and what was extracted.
 */
export function renderReply(reply: SendMessageResponse, p: Palette = plain): string {
  const lines = [
    reply.response === null ? `  ${p.dim('The conversation is with a person now: your message is kept for them.')}` : renderAgentBox(reply.response, p),
    `  📍 Node: ${p.bold(nodeLabel(reply.node_name, reply.node_id))} | ⏱️ ${reply.latency_ms}ms`,
    ...transitionLines(reply.transitions, p),
  ];
  const extracted = Object.entries(reply.extracted_variables ?? {});
  if (extracted.length > 0) {
    const pairs = extracted.map(([name, value]) => `${name}=${formatValue(value)}`).join(', ');
    lines.push(`    📝 ${p.magenta(`Extracted: ${pairs}`)}`);
  }
  return lines.join('\n');
}

export function renderTransition(transition: TransitionInfo, p: Palette = plain): string {
  const from = transition.from_node_name ?? transition.from_node;
  const to = transition.to_node_name ?? transition.to_node;
  const condition = transition.condition === null ? '' : ` ${p.dim(`(${transition.condition})`)}`;
  return `    ➡️  ${from} ${p.yellow('→')} ${to}${condition}`;
}

export function renderStatus(status: SessionStatus, p: Palette = plain): string {
  return [
    `  ${p.bold('Session status')}`,
    `    Session:     ${status.session_id}`,
    `    Status:      ${status.status}`,
    `    Node:        ${nodeLabel(status.node_name, status.node_id)}`,
    `    Turns:       ${status.turns}`,
    `    Transitions: ${status.transition_count}`,
  ].join('\n');
}

export function renderVars(collected: Record<string, unknown>, p: Palette = plain): string {
  const entries = Object.entries(collected);
  if (entries.length === 0) return `  ${p.dim('No variables collected yet.')}`;
  return [`  ${p.bold('Collected variables')}`, ...entries.map(([name, value]) => `    📝 ${name} = ${formatValue(value)}`)].join('\n');
}

export function renderHistory(turns: readonly ChatTurn[], p: Palette = plain): string {
  if (turns.length === 0) return `  ${p.dim('No messages yet.')}`;
  const lines = [`  ${p.bold('Conversation history')}`];
  for (const turn of turns) {
    const label = turn.role === 'user' ? p.green('You:  ') : p.cyan('Agent:');
    const [first = '', ...rest] = wrapText(turn.content, BOX_TEXT_WIDTH);
    lines.push(`    ${label} ${first}`, ...rest.map((line) => `           ${line}`.trimEnd()));
  }
  return lines.join('\n');
}

export function renderSessionEnd(end: EndSessionResponse, p: Palette = plain): string {
  return [
    `  ${p.green('✓')} Session ended`,
    `    Final node:        ${nodeLabel(end.final_node_name, end.final_node_id)}`,
    `    Total turns:       ${end.total_turns}`,
    `    Total transitions: ${end.total_transitions}`,
  ].join('\n');
}

/** The workflow reached an end node: the server closed the session itself. */
export function renderAgentEndedSession(reply: SendMessageResponse, p: Palette = plain): string {
  return `  🏁 ${p.bold('Session ended')} by the workflow at ${nodeLabel(reply.node_name, reply.node_id)}.`;
}

export function renderQuit(sessionId: string, p: Palette = plain): string {
  return `  ${p.dim(`Leaving without ending session ${sessionId}; it will time out after inactivity.`)}`;
}

export function renderHelp(p: Palette = plain): string {
  return [
    `  ${p.bold('Commands')}`,
    '    /status   Show session status (node name, turns, transitions)',
    '    /vars     Show collected variables',
    '    /history  Show conversation history',
    '    /end      End session and exit',
    '    /quit     Exit without ending (session will time out)',
    '    /help     Show commands',
  ].join('\n');
}

export function renderUnknownCommand(command: string, p: Palette = plain): string {
  return `  ${p.yellow(`Unknown command ${command}`)} – type /help for the list.`;
}

/** One line per failure: the API's status, code and message, or the unreachable URL. */
export function renderError(error: unknown, p: Palette = plain): string {
  const cross = p.red('✗');
  if (error instanceof ParleyApiError) {
    const details = error.details === undefined ? '' : ` ${p.dim(JSON.stringify(error.details))}`;
    return `  ${cross} ${error.status} ${p.bold(error.code)}: ${error.message}${details}`;
  }
  if (error instanceof ParleyNetworkError || error instanceof Error) return `  ${cross} ${error.message}`;
  return `  ${cross} ${String(error)}`;
}

/**
 * Greedy word wrap. Line breaks in the text are kept (static texts are often joined by "\n"),
 * and a word longer than the width is cut rather than overflowing the box.
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      for (const piece of chunk(word, width)) {
        if (line === '') line = piece;
        else if (line.length + 1 + piece.length <= width) line += ` ${piece}`;
        else {
          lines.push(line);
          line = piece;
        }
      }
    }
    lines.push(line);
  }
  return lines;
}

function chunk(word: string, width: number): string[] {
  if (word.length <= width) return [word];
  const pieces: string[] = [];
  for (let i = 0; i < word.length; i += width) pieces.push(word.slice(i, i + width));
  return pieces;
}

function transitionLines(transitions: readonly TransitionInfo[], p: Palette): string[] {
  return transitions.map((transition) => renderTransition(transition, p));
}

function nodeLabel(name: string | null, id: string): string {
  return name === null || name === '' ? id : `${name} (${id})`;
}

function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
