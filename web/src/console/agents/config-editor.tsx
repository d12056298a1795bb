import { Problem } from '../ui/problem';
import { t } from '../words';

/** Where a JSON text stops parsing, as a person finds it: line and column. */
function jsonProblem(text: string): Error | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const position = /position (\d+)/.exec(message);
    if (!position) return new Error(t('config.invalid', { reason: message }));
    const before = text.slice(0, Number(position[1])).split('\n');
    return new Error(t('config.invalidAt', { line: before.length, column: (before.at(-1)?.length ?? 0) + 1, reason: message }));
  }
}

/** Parses the editor's text, or throws an error saying where the JSON breaks. */
export function parseConfig(text: string): unknown {
  const problem = jsonProblem(text);
  if (problem) throw problem;
  return JSON.parse(text);
}

/**
 * An agent config as JSON text. The server validates it with the workflow engine's schema; its
 * refusal names the first problem by path (`config.workflow.nodes[2].transitions[0].to`), shown
 * under the editor and announced.
 */
export function ConfigEditor({ id, text, onText, error }: { id: string; text: string; onText(text: string): void; error: unknown }) {
  return (
    <div class="stack">
      <label for={id}>{t('config.label')}</label>
      <textarea
        id={id}
        class="code"
        rows={22}
        spellcheck={false}
        value={text}
        aria-invalid={error !== undefined}
        aria-describedby={error !== undefined ? `${id}-problem` : undefined}
        onInput={(e) => onText((e.target as HTMLTextAreaElement).value)}
      />
      <Problem error={error} id={`${id}-problem`} />
    </div>
  );
}

/** What a new agent starts from: a greeting, one question, and an end – enough to try at once. */
export const STARTER_CONFIG = JSON.stringify(
  {
    workflow: {
      initial_node: 'greeting',
      nodes: [
        {
          id: 'greeting',
          name: 'Greeting',
          static_text: 'Hello! What is your name?',
          transitions: [{ to: 'thanks', condition: 'variables_extracted:name' }],
          extract: [{ name: 'name', description: "the visitor's first name", pattern: "(?:name is|I am|I'm)\\s+([A-Z][a-z]+)" }],
        },
        { id: 'thanks', name: 'Thanks', type: 'end', static_text: 'Nice to meet you, {{name}}!' },
      ],
    },
  },
  null,
  2,
);
