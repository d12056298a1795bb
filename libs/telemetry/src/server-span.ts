import { type Span, trace } from '@opentelemetry/api';

/** The server spans already named: a request the gateway injects (MCP tools) runs inside one. */
const named = new WeakSet<Span>();

/**
 * Names the HTTP server span of the request being handled after its route (`GET /c/:token`, not
 * only `GET`) and keeps the route's pattern as its path, since the path itself may carry a link
 * token (see url-privacy.ts). Called once the request is routed; the first route a span gets is
 * its own – a request injected while handling it (an MCP tool calling the API) does not rename
 * it. Without tracing there is no recording span and it does nothing.
 */
export function nameServerSpan(method: string, route: string): void {
  const span = trace.getActiveSpan();
  if (!span?.isRecording() || named.has(span)) return;
  named.add(span);
  span.setAttributes({ 'http.route': route, 'url.path': route });
  span.updateName(`${method} ${route}`);
}
