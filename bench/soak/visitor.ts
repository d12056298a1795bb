import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'undici';
import { errorKind } from '../common/closed-loop.js';
import { sendUpload } from '../uploads/upload-request.js';
import { EventStream } from './event-stream.js';
import type { Pacer } from './pacer.js';
import { exchange, failureOf, type Tally } from './tally.js';

/** Messages a visitor sends before leaving (closing its stream); the next visitor starts a session of its own. */
const MESSAGES_PER_VISITOR = 5;
/** Which of a visitor's messages carries a file, uploaded just before it. */
const MESSAGE_WITH_FILE = 2;
/** Every this many visitors, from the first, one asks for a person after its first message instead of going on. */
const ESCALATE_EVERY = 10;
/** How long a visitor waits for its stream to carry each of its answered messages before leaving. */
const STREAM_GRACE_MS = 5_000;
/** How long an escalated visitor waits for the operator's answer and the conversation's end on its stream. */
const ESCALATION_WAIT_MS = 15_000;
/** The bench's limit on a stream's opening and an upload (the platform's own requests have keepAlivePool's 30 s). */
const REQUEST_TIMEOUT_MS = 30_000;
/** After a session could not be started, before the next visitor tries. */
const RETRY_MS = 1_000;

export interface VisitorOptions {
  url: string;
  pool: Pool;
  tally: Tally;
  /** Each message waits for a slot of the visitors' share of the rate. */
  pacer: Pacer;
  /** The link's token. */
  token: string;
  /** What the agent answers every message with. */
  reply: string;
  /** The file a visitor attaches (a small image the link takes). */
  file: { name: string; size: number; head: Buffer };
}

const json = { 'content-type': 'application/json' };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, sleep(ms, undefined, { ref: false }).then(() => Promise.reject(Object.assign(new Error('timeout'), { code: 'timeout' })))]);
}

/**
 * One visitor of the link (docs/public-chat-api.md): starts a session, opens its live event
 * stream, sends its messages – each with an Idempotency-Key, one with a file – and checks that
 * the stream carried each message it sent; or, every ESCALATE_EVERY visitors, asks for a person
 * after its first message and waits on the stream for the operator's answer and the end.
 */
export async function runVisitor(options: VisitorOptions, visitor: number): Promise<void> {
  const { pool, tally, token } = options;
  const started = await exchange(pool, tally, 'visitor session', { method: 'POST', path: `/api/public/sessions/${token}`, headers: json, body: '{}' }, 201);
  if (!started) {
    await sleep(RETRY_MS);
    return;
  }
  const session: string = started.session;
  // The visitor's messages the stream carried, and whether an operator answered and the conversation ended.
  const carried = new Set<string>();
  let operatorAnswered = false;
  let ended = false;
  tally.count('visitor stream');
  const stream = new EventStream(`${options.url}/api/public/events/${token}?session=${session}`, ['message', 'session_ended'], {
    onEvent: ({ event, data }) => {
      if (event === 'message' && data.role === 'user') carried.add(data.id);
      if (event === 'message' && data.role === 'operator') operatorAnswered = true;
      if (event !== 'session_ended') return;
      ended = true;
      // Before the server closes it: a closed EventSource does not reconnect.
      stream.close();
    },
  });
  try {
    try {
      await withTimeout(stream.opened, REQUEST_TIMEOUT_MS);
      tally.status(200);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status) tally.status(status);
      tally.fail('visitor stream', status ? `HTTP ${status}` : failureOf(error));
      return;
    }
    const answered: string[] = [];
    const escalates = visitor % ESCALATE_EVERY === 0;
    for (let n = 1; n <= MESSAGES_PER_VISITOR && (await options.pacer.take()); n++) {
      const attachments = n === MESSAGE_WITH_FILE ? await upload(options, session) : undefined;
      const sent = performance.now();
      const reply = await exchange(
        pool,
        tally,
        'visitor turn',
        {
          method: 'POST',
          path: `/api/public/chat/${token}`,
          // A key of its own, as the chat page and the widget send every message.
          headers: { ...json, 'idempotency-key': randomUUID() },
          body: JSON.stringify({ content: `message ${n} from visitor ${visitor}`, session, ...(attachments ? { attachments } : {}) }),
        },
        200,
      );
      if (!reply) continue;
      if (reply.response !== options.reply) {
        tally.fail('visitor turn', 'unexpected reply');
        continue;
      }
      tally.latencyMs.publicTurn.push(performance.now() - sent);
      answered.push(reply.message_id);
      if (escalates) break;
    }
    if (!(await stream.until(() => answered.every((id) => carried.has(id)), STREAM_GRACE_MS))) {
      tally.fail('visitor stream', 'message not carried', answered.filter((id) => !carried.has(id)).length);
    }
    if (escalates && answered.length > 0) {
      const asked = performance.now();
      const escalation = await exchange(
        pool,
        tally,
        'escalate',
        { method: 'POST', path: `/api/public/chat/${token}/escalate`, headers: json, body: JSON.stringify({ session, reason: 'soak bench' }) },
        201,
      );
      if (!escalation) return;
      if (await stream.until(() => operatorAnswered && ended, ESCALATION_WAIT_MS)) tally.latencyMs.escalation.push(performance.now() - asked);
      else tally.fail('escalation', 'timeout');
    }
    if (stream.drops > 0) tally.fail('visitor stream', 'dropped', stream.drops);
  } finally {
    stream.close();
  }
}

/** A visitor's file (docs/public-chat-api.md, "Uploads"): its upload id for the message, or undefined when it failed. */
async function upload(options: VisitorOptions, session: string): Promise<string[] | undefined> {
  options.tally.count('upload');
  try {
    const answer = await withTimeout(sendUpload(options.url, options.token, session, options.file), REQUEST_TIMEOUT_MS);
    options.tally.status(answer.status);
    if (answer.status === 201) return [JSON.parse(answer.body).upload_id];
    options.tally.fail('upload', errorKind(answer.status, answer.body));
  } catch (error) {
    options.tally.fail('upload', failureOf(error));
  }
  return undefined;
}
