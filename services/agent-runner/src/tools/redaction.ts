/**
 * Secrets never leave a call in what it answers (docs/workflow.md "Tools"): a service that echoes
 * a header, or an error that quotes a URL, would otherwise carry one into the reply, the
 * transcript and the model's context. Every value revealed for the call is replaced wherever it
 * appears in the result, its error, and their JSON.
 */
export const REDACTED = '[secret]';

export function redact<T>(value: T, secrets: readonly string[]): T {
  // Very short values would blank ordinary words; a secret of under 4 characters is not one worth hiding this way.
  const hidden = secrets.filter((secret) => secret.length >= 4);
  if (hidden.length === 0) return value;
  const scrub = (text: string) => hidden.reduce((out, secret) => out.replaceAll(secret, REDACTED), text);
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return scrub(item);
    if (Array.isArray(item)) return item.map(walk);
    if (item !== null && typeof item === 'object') return Object.fromEntries(Object.entries(item).map(([key, inner]) => [scrub(key), walk(inner)]));
    return item;
  };
  return walk(value) as T;
}

/** A failure in words that name no URL's query and no header: the message only, cut short. */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/https?:\/\/[^\s"']+/g, (url) => {
      try {
        return new URL(url).host;
      } catch {
        return 'a URL';
      }
    })
    .slice(0, 300);
}
