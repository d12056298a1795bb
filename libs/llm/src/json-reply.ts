/**
 * The JSON object in a model's answer, or {} when there is none. Tolerant on purpose: local
 * OpenAI-compatible servers may ignore response_format and wrap the object in prose or a code
 * fence, and a bad answer must cost the turn nothing more than "nothing found".
 */
export function parseJsonObject(content: string): Record<string, unknown> {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  for (const candidate of [content, start >= 0 && end > start ? content.slice(start, end + 1) : '']) {
    try {
      const parsed: unknown = JSON.parse(candidate);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // try the next candidate
    }
  }
  return {};
}
