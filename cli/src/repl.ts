import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { type ParleyClient, ParleyApiError } from '@parley/client';
import type { Palette } from './palette.js';
import {
  type ChatTurn,
  renderAgentEndedSession,
  renderError,
  renderHelp,
  renderHistory,
  renderQuit,
  renderReply,
  renderSessionEnd,
  renderStatus,
  renderUnknownCommand,
  renderVars,
} from './render.js';

/** The calls the loop makes: the typed client's signed Text Chat API. */
export type ChatApi = Pick<ParleyClient['textChat'], 'sendMessage' | 'getSession' | 'endSession'>;

export interface ReplIo {
  input: Readable & { isTTY?: boolean };
  output: Writable & { isTTY?: boolean };
  errors: Writable;
  palette: Palette;
  errorPalette: Palette;
}

export interface ReplSession {
  sessionId: string;
  /** The conversation so far, greeting included; the loop appends to it. */
  history: ChatTurn[];
}

/** Continue with the next line, or leave with this exit code. */
type Step = { exitCode: number } | undefined;

/**
 * Reads lines until /end, /quit, the end of input or a session that is gone, and returns the
 * exit code. Works the same for a terminal and for piped input (one message per line).
 */
export async function runRepl(api: ChatApi, session: ReplSession, io: ReplIo): Promise<number> {
  const interactive = io.input.isTTY === true && io.output.isTTY === true;
  const rl = createInterface({ input: io.input, output: io.output, terminal: interactive });
  const promptText = `  ${io.palette.bold('You:')} `;
  rl.setPrompt(promptText);
  // Without a listener readline only pauses on Ctrl+C, which would leave the loop hanging.
  rl.on('SIGINT', () => rl.close());
  // Input can end while a reply is awaited (piped input ends at once), which closes readline; its
  // iterator still yields the lines already read, but prompt() on a closed interface throws
  // ERR_USE_AFTER_CLOSE from Node 24 on. So once closed, the prompt is written directly.
  let closed = false;
  rl.once('close', () => {
    closed = true;
  });
  const prompt = (): void => {
    if (closed) io.output.write(promptText);
    else rl.prompt();
  };

  const say = (text: string): void => void io.output.write(`${text}\n`);
  const context: StepContext = { api, session, io, say };

  // The iterator is taken before any await, so no piped line is emitted before it listens.
  prompt();
  for await (const raw of rl) {
    // Piped input is not echoed by a terminal; echoing it keeps the transcript readable.
    if (io.input.isTTY !== true) say(raw);
    const line = raw.trim();
    if (line !== '') {
      say('');
      const step = line.startsWith('/') ? await runCommand(line, context) : await send(line, context);
      if (step !== undefined) {
        rl.close();
        return step.exitCode;
      }
      say('');
    }
    prompt();
  }

  // End of input or Ctrl+C/Ctrl+D: the same as /quit.
  say('');
  say(renderQuit(session.sessionId, io.palette));
  return 0;
}

interface StepContext {
  api: ChatApi;
  session: ReplSession;
  io: ReplIo;
  say: (text: string) => void;
}

async function send(content: string, context: StepContext): Promise<Step> {
  const { api, session, io, say } = context;
  try {
    const reply = await api.sendMessage(session.sessionId, content);
    session.history.push({ role: 'user', content });
    // No answer while a person has the conversation (escalated): nothing of the agent's to keep.
    if (reply.response !== null) session.history.push({ role: 'agent', content: reply.response });
    say(renderReply(reply, io.palette));
    if (reply.session_ended) {
      say('');
      say(renderAgentEndedSession(reply, io.palette));
      return { exitCode: 0 };
    }
    return undefined;
  } catch (error) {
    return failed(error, context);
  }
}

async function runCommand(line: string, context: StepContext): Promise<Step> {
  const { api, session, io, say } = context;
  const command = (line.split(/\s+/)[0] ?? line).toLowerCase();
  try {
    switch (command) {
      case '/status':
        say(renderStatus(await api.getSession(session.sessionId), io.palette));
        return undefined;
      case '/vars':
        say(renderVars((await api.getSession(session.sessionId)).collected_data, io.palette));
        return undefined;
      case '/history':
        say(renderHistory(session.history, io.palette));
        return undefined;
      case '/end':
        say(renderSessionEnd(await api.endSession(session.sessionId), io.palette));
        return { exitCode: 0 };
      case '/quit':
        say(renderQuit(session.sessionId, io.palette));
        return { exitCode: 0 };
      case '/help':
        say(renderHelp(io.palette));
        return undefined;
      default:
        say(renderUnknownCommand(command, io.palette));
        return undefined;
    }
  } catch (error) {
    return failed(error, context);
  }
}

/**
 * Prints the failure. A session the API no longer knows (404) or no longer serves (410) ends the
 * loop with exit code 1; anything else (a bad signature, a 5xx, the network) may be retried.
 */
function failed(error: unknown, { io, say }: StepContext): Step {
  io.errors.write(`${renderError(error, io.errorPalette)}\n`);
  if (error instanceof ParleyApiError && (error.status === 404 || error.status === 410)) {
    say(`  ${io.palette.dim('The session is no longer active; start a new one to keep chatting.')}`);
    return { exitCode: 1 };
  }
  return undefined;
}
