import { PassThrough } from 'node:stream';
import { type BaseEvent, contentToText, EventType, type RunAgentInput } from '@ag-ui/core';
import { RunAgentInputSchema } from '@ag-ui/core/schemas';
import { EventEncoder } from '@ag-ui/encoder';
import { AppError, invalidFromZod, messageContent, nameApiSchema } from '@parley/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookupLink } from '../../../links/lookup.js';
import type { ReplySink } from '../../../protocols/reply-assembler.js';
import { protocolRefusal, refusalBody } from '../../../protocols/refusals.js';
import { openVisitorTurn, type TurnRequest, visitorCredentials } from '../../../protocols/visitor-turn.js';
import { errorResponses } from '../../error-responses.js';
import type { PublicRoutesOptions } from '../../public-routes-options.js';

const tokenParams = z.object({ token: z.string().meta({ description: 'The link token from the URL `/c/{token}`' }) });

/**
 * What the OpenAPI document shows of an AG-UI `RunAgentInput`: the fields the gateway reads. The
 * whole input is checked against the AG-UI schema itself (@ag-ui/core) before the run starts.
 */
const runAgentInputBody = z
  .looseObject({
    threadId: z.string().meta({
      description: 'The session credential (`pcs_…`) the first run’s RUN_STARTED carried; any value that is not a session of this link starts one',
    }),
    runId: z.string().meta({ description: 'The client’s id of the run: a retry with the same id gets the first answer and runs no turn twice' }),
    messages: z
      .array(z.looseObject({ id: z.string(), role: z.string(), content: z.unknown().optional() }))
      .meta({ description: 'The thread’s messages; the last `user` message is the turn (its text). The agent keeps the history itself.' }),
    forwardedProps: z
      .looseObject({
        passcode: z.string().optional(),
        user: z.looseObject({}).optional(),
        challenge_solution: z.string().optional(),
      })
      .optional()
      .meta({ description: 'What starting a session takes on this link: `passcode`, the signed-in `user`, a `challenge_solution`' }),
  })
  .meta({ description: 'An AG-UI RunAgentInput (https://docs.ag-ui.com)' });
nameApiSchema(runAgentInputBody, 'AgUiRunInput');

const streamDescription = [
  'An AG-UI event stream (`text/event-stream`, or AG-UI protobuf when `Accept` asks for it): RUN_STARTED (its `threadId` is the session credential to send as the next run’s `threadId`),',
  'TEXT_MESSAGE_START, TEXT_MESSAGE_CONTENT (the reply as it is written), TEXT_MESSAGE_END for each message the agent says, then RUN_FINISHED (`result`: the public chat reply’s fields),',
  'or RUN_ERROR with the platform’s error `code` and `message` (`metadata`: `request_id`, `details`) – every refusal of the link’s rules is one, answered 200.',
].join(' ');

/** The turn a run asks for, or a 400 naming the field. */
function turnOf(input: RunAgentInput): TurnRequest {
  const index = input.messages.findLastIndex((message) => message.role === 'user');
  const last = input.messages[index];
  if (last?.role !== 'user') {
    throw new AppError('invalid', 'messages: a run needs a user message, the last of which is the turn', {
      details: [{ path: 'body.messages', message: 'no user message' }],
    });
  }
  const content = messageContent.safeParse(contentToText(last.content));
  if (!content.success) throw invalidFromZod(content.error, `body.messages[${index}].content`);
  const credentials = visitorCredentials.safeParse(input.forwardedProps ?? {});
  if (!credentials.success) throw invalidFromZod(credentials.error, 'body.forwardedProps');
  return { content: content.data, thread: input.threadId, credentials: credentials.data, messageId: input.runId };
}

/**
 * A link as an AG-UI agent (docs/open-protocols.md "AG-UI"): a CopilotKit app, or any AG-UI
 * client, runs the link's agent with `POST /api/public/agui/{token}`. The thread is the link's
 * session, under every rule of the link the public chat applies; the reply streams as the chat
 * page's does.
 */
export const aguiRoutes: FastifyPluginAsyncZod<PublicRoutesOptions> = async (app, options) => {
  const { bus, guard } = options;

  /** The run: its events, in order, each written as it happens. */
  const run = async (request: FastifyRequest & { params: { token: string } }, input: RunAgentInput, turn: TurnRequest, emit: (event: BaseEvent) => void) => {
    try {
      const link = await lookupLink(bus, guard, request, request.params.token);
      await guard.admit(request, link);
      const opened = await openVisitorTurn(options, request, link, turn);
      const threadId = opened.session;
      emit({ type: EventType.RUN_STARTED, threadId, runId: input.runId });
      const sink: ReplySink = {
        start: (messageId) => emit({ type: EventType.TEXT_MESSAGE_START, messageId, role: 'assistant' }),
        text: (messageId, delta) => emit({ type: EventType.TEXT_MESSAGE_CONTENT, messageId, delta }),
        end: (messageId) => emit({ type: EventType.TEXT_MESSAGE_END, messageId }),
      };
      // A handoff or an ending is a turn like any other: the run finishes with what the agent said.
      const { said: _said, response: _response, tool_calls: _toolCalls, ...result } = await opened.run(sink);
      emit({ type: EventType.RUN_FINISHED, threadId, runId: input.runId, result });
    } catch (error) {
      const refusal = await protocolRefusal(error, request, guard);
      const { code, message, ...metadata } = refusalBody(refusal, request.id);
      emit({ type: EventType.RUN_ERROR, code, message, metadata });
    }
  };

  app.post(
    '/api/public/agui/:token',
    {
      schema: {
        tags: ['Open protocols'],
        summary: 'Run the link’s agent as an AG-UI agent: the last user message is the turn, the reply streams as AG-UI events',
        description: streamDescription,
        params: tokenParams,
        body: runAgentInputBody,
        produces: ['text/event-stream'],
        response: { 200: z.string().meta({ description: streamDescription }), ...errorResponses(400, 413) },
      },
    },
    async (request, reply) => {
      // A malformed input is a 400 before anything is streamed; from here on every answer is an event.
      const parsed = RunAgentInputSchema.safeParse(request.body);
      if (!parsed.success) throw invalidFromZod(parsed.error as unknown as z.ZodError, 'body');
      const input = parsed.data as RunAgentInput;
      const turn = turnOf(input);

      const encoder = new EventEncoder({ accept: request.headers.accept });
      const out = new PassThrough();
      const emit = (event: BaseEvent) => {
        if (!out.destroyed && !out.writableEnded) out.write(encoder.encodeBinary(event));
      };
      const contentType = encoder.getContentType();
      // SSE comments keep idle proxies from cutting a long turn; AG-UI readers skip them.
      const heartbeat =
        contentType === 'text/event-stream' ? setInterval(() => out.writable && out.write(': heartbeat\n\n'), options.config.sseHeartbeatMs) : undefined;
      heartbeat?.unref();
      void run(request, input, turn, emit).finally(() => {
        clearInterval(heartbeat);
        out.end();
      });
      return (
        reply
          .header('content-type', contentType)
          .header('cache-control', 'no-cache, no-transform')
          .header('x-accel-buffering', 'no')
          // A stream is sent as it is written (fastify serialises only objects); the schema documents the events.
          .send(out as never)
      );
    },
  );
};
