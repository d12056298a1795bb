import { outboundRequest } from '@parley/outbound';
import { type HttpToolConfig, renderBody, renderText, renderUrl, type ToolCallResult, type ToolScope } from '@parley/workflow';

/** The most of an answer read (docs/workflow.md "Tools"); a longer one is a failed call. */
export const MAX_TOOL_RESPONSE_BYTES = 1024 * 1024;

/**
 * An http tool's call: its templates rendered over the call's arguments, the conversation's
 * variables and the tenant's secrets, sent through the outbound guard. The answer is JSON when it
 * parses as JSON, else its text; a status other than 2xx is a failed call (`error`) that says the
 * status and carries what the service answered.
 */
export async function callHttpTool(
  http: HttpToolConfig,
  scope: ToolScope,
  options: { key: string; timeoutMs: number; allowPrivate: boolean; via?: { fetch: typeof fetch } | undefined },
): Promise<Omit<ToolCallResult, 'durationMs'>> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(http.headers ?? {})) headers[name] = renderText(value, scope);
  // A tool can tell a call made again (its turn run again on another runner) from a new one.
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'idempotency-key')) headers['idempotency-key'] = options.key;
  let body: string | undefined;
  if (http.body !== undefined && http.method !== 'GET') {
    const rendered = renderBody(http.body, scope);
    body = typeof rendered === 'string' ? rendered : JSON.stringify(rendered);
    if (typeof rendered !== 'string' && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
      headers['content-type'] = 'application/json';
  }
  const answer = await outboundRequest(renderUrl(http.url, scope), {
    method: http.method,
    headers,
    ...(body === undefined ? {} : { body }),
    timeoutMs: options.timeoutMs,
    maxResponseBytes: MAX_TOOL_RESPONSE_BYTES,
    allowPrivate: options.allowPrivate,
    who: 'tools',
    // The runner's kept connections: a tool called turn after turn is not connected to anew each time.
    ...(options.via ? { via: options.via } : {}),
  });
  if (!answer.ok) {
    const status = answer.kind === 'timeout' ? 'timeout' : answer.kind === 'refused' ? 'refused' : 'error';
    return { status, error: answer.message };
  }
  const result = parsed(answer.body, answer.contentType);
  if (answer.status < 200 || answer.status > 299) return { status: 'error', error: `the service answered ${answer.status}`, result };
  return { status: 'ok', result };
}

function parsed(body: string, contentType: string | null): unknown {
  const trimmed = body.trim();
  if (trimmed === '') return null;
  if (contentType?.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return body;
    }
  }
  return body;
}
