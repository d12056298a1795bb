import { createHash } from 'node:crypto';
import { openGuardedFetch, outboundRequest, signatureHeaders } from '@parley/outbound';
import type { ForeignBackend } from '@parley/workflow';
import { z } from 'zod';
import { type Backend, BackendFailed, type BackendAnswer, type BackendAsk, BACKEND_ATTEMPT_MS } from './backend-kinds.js';

/** The most of a webhook's answer read. */
const MAX_ANSWER_BYTES = 256 * 1024;

/** What a webhook backend answers a turn with (docs/workflow.md "Backends"). */
const webhookAnswer = z.object({
  reply: z.string().max(40_000),
  variables: z.record(z.string().max(100), z.string().max(10_000)).optional(),
  handoff: z.object({ reason: z.string().trim().min(1).max(500) }).optional(),
  end: z.boolean().optional(),
  /** Tokens its own model spent, to count against the budgets. */
  usage: z.object({ prompt_tokens: z.int().nonnegative(), completion_tokens: z.int().nonnegative() }).optional(),
});

/**
 * The team's own service (docs/workflow.md "Backends"): each turn POSTed as JSON, signed as
 * Standard Webhooks with the tenant's secret the config names; its JSON answer is the turn.
 * `webhook-id` is the turn's own, the same when the turn is offered again (to another runner
 * after one was lost), so the service can answer a repeat without working twice.
 */
export function webhookBackend(options: { allowPrivate: boolean; now?: () => number }): Backend & { close(): Promise<void> } {
  const now = options.now ?? Date.now;
  // One guarded fetch for every turn: a service answering turn after turn keeps its connections.
  const via = openGuardedFetch({ allowPrivate: options.allowPrivate, who: 'backends' });
  return {
    close: via.close,
    async answer(backend: ForeignBackend, ask: BackendAsk): Promise<BackendAnswer> {
      if (backend.kind !== 'webhook' || ask.secret === undefined) throw new TypeError(`not a webhook backend: ${backend.kind}`);
      if (ask.secret === '') throw new BackendFailed('its signing secret is empty (set the tenant secret the config names)');
      const body = JSON.stringify({
        conversation_id: ask.conversationId,
        message: ask.message,
        history: ask.history.map(({ role, content }) => ({ role, content })),
        variables: ask.variables,
        metadata: ask.metadata,
      });
      const id = `turn_${createHash('sha256').update(ask.turnKey).digest('base64url').slice(0, 32)}`;
      const answer = await outboundRequest(ask.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signatureHeaders(ask.secret, id, Math.floor(now() / 1000), body) },
        body,
        timeoutMs: BACKEND_ATTEMPT_MS,
        maxResponseBytes: MAX_ANSWER_BYTES,
        allowPrivate: options.allowPrivate,
        who: 'backends',
        via,
      });
      if (!answer.ok) throw new BackendFailed(answer.message);
      if (answer.status < 200 || answer.status > 299) throw new BackendFailed(`the service answered ${answer.status}`);
      let json: unknown;
      try {
        json = JSON.parse(answer.body);
      } catch {
        throw new BackendFailed('the service’s answer is not JSON');
      }
      const parsed = webhookAnswer.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new BackendFailed(`the service’s answer does not fit: ${issue?.path.join('.') || 'the answer'}: ${issue?.message ?? 'invalid'}`);
      }
      const { reply, variables, handoff, end, usage } = parsed.data;
      return {
        reply,
        ...(variables ? { variables } : {}),
        ...(handoff ? { handoff } : {}),
        ...(end ? { end } : {}),
        ...(usage ? { usage: { prompt: usage.prompt_tokens, completion: usage.completion_tokens } } : {}),
      };
    },
  };
}
