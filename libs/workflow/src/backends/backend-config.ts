import { z } from 'zod';
import { placeholdersOf } from '../tools/tool-templates.js';

/**
 * Who answers an agent's turns (docs/workflow.md "Backends"): the workflow (the default), or an
 * agent built elsewhere – an OpenAI-compatible chat completions endpoint, an A2A agent, or the
 * team's own service called as a signed webhook. A config with such a backend has no workflow;
 * every rule of the door (limits, content rules, budgets, escalation, transcripts) still applies.
 */

/** How long one backend turn may take, all of it (the answer streamed included). */
export const BACKEND_TIMEOUT_MS = 60_000;

const template = z.string().max(4_000, 'a template is at most 4,000 characters');

/** The backend's address: http or https with its host written out; `{{secrets.NAME}}` may fill the rest. */
const backendUrl = template.refine(
  (url) => /^https?:\/\/[^/{}\s]/i.test(url),
  'must be an http:// or https:// URL whose host is written out (not a placeholder)',
);

/** Header values are templates over the tenant's secrets only (`Bearer {{secrets.LITELLM_KEY}}`). */
const backendHeaders = z
  .record(
    z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a header name'),
    template.refine((value) => !/[\r\n]/.test(value), 'must be one line'),
  )
  .refine((record) => Object.keys(record).length <= 30, 'at most 30 headers');

/** The webhook's signing secret: always one of the tenant's secrets, so the config never holds it. */
const secretReference = z
  .string()
  .regex(/^\{\{\s*secrets\.[A-Z][A-Z0-9_]{0,63}\s*\}\}$/, 'must name one of the tenant’s secrets, as {{secrets.NAME}} (create it with POST /api/secrets)');

export const backendSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('workflow') }),
  z.object({
    kind: z.literal('openai'),
    /** The API's base, as OpenAI's SDKs take it (`https://llm.example/v1`): chat completions are at `…/chat/completions`. */
    url: backendUrl,
    model: z.string().trim().min(1).max(200),
    headers: backendHeaders.optional(),
  }),
  z.object({
    kind: z.literal('a2a'),
    /** Where the agent card is (`…/.well-known/agent-card.json` under it), or the card's own URL. */
    url: backendUrl,
    headers: backendHeaders.optional(),
  }),
  z.object({
    kind: z.literal('webhook'),
    url: backendUrl,
    secret: secretReference,
  }),
]);

export type BackendConfig = z.output<typeof backendSchema>;
/** A backend that is not the workflow: the config has no workflow of its own. */
export type ForeignBackend = Exclude<BackendConfig, { kind: 'workflow' }>;

/** The one node a foreign backend's conversations sit on: transcripts and analytics name it. */
export const BACKEND_NODE_ID = 'backend';

const BACKEND_NODE_NAMES: Record<ForeignBackend['kind'], string> = {
  openai: 'OpenAI-compatible agent',
  a2a: 'A2A agent',
  webhook: 'Webhook agent',
};

/**
 * The workflow a foreign backend's config is run with: a single node that every turn stays on, so
 * a conversation's state, node names and analytics read the same whoever answers.
 */
export function backendWorkflow(backend: ForeignBackend) {
  return { initial_node: BACKEND_NODE_ID, nodes: [{ id: BACKEND_NODE_ID, name: BACKEND_NODE_NAMES[backend.kind] }] };
}

/** Every template of a backend that may name a secret, with where (for the save-time check). */
export function backendTemplates(backend: ForeignBackend): { path: (string | number)[]; text: string }[] {
  const out: { path: (string | number)[]; text: string }[] = [{ path: ['url'], text: backend.url }];
  if (backend.kind === 'webhook') out.push({ path: ['secret'], text: backend.secret });
  else for (const [name, value] of Object.entries(backend.headers ?? {})) out.push({ path: ['headers', name], text: value });
  return out;
}

/** The placeholders a backend's templates use that are not a secret: a backend has no arguments or variables to fill. */
export function backendTemplateProblems(backend: ForeignBackend): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  for (const { path, text } of backendTemplates(backend)) {
    for (const placeholder of placeholdersOf(text)) {
      if (!placeholder.startsWith('secrets.')) problems.push({ path, message: `{{${placeholder}}}: a backend’s templates name only the tenant’s secrets` });
    }
  }
  return problems;
}
