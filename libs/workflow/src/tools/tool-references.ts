import { type BackendConfig, backendTemplates } from '../backends/backend-config.js';
import { httpTemplates, type ToolConfig } from './tool-config.js';
import { placeholdersOf, SECRET_NAME, secretsIn } from './tool-templates.js';

/**
 * The checks of a config's tools that need the whole config (docs/workflow.md "Tools"): every
 * name a node uses is declared, every `tool_ok:`/`tool_failed:` names a call's `save_as`, and a
 * secret is named only where a tool sends it – never in what a node says or passes as an argument.
 */

type Path = (string | number)[];

interface ConfigView {
  tools?: ToolConfig[] | undefined;
  workflow: {
    nodes: Array<{
      tools?: string[] | undefined;
      call?: { tool: string; args?: Record<string, unknown> | undefined; save_as: string } | undefined;
      static_text?: string | undefined;
      prompt?: string | undefined;
      fallback_text?: string | undefined;
      transitions?: Array<{ condition: string }> | undefined;
    }>;
  };
}

/** Whether `name` is a tool the config declares: an http tool's name, or `server.tool` of an mcp tool (within its allow list). */
export function declaresTool(tools: readonly ToolConfig[], name: string): boolean {
  const dot = name.indexOf('.');
  if (dot < 0) return tools.some((tool) => tool.http !== undefined && tool.name === name);
  const server = tools.find((tool) => tool.mcp !== undefined && tool.name === name.slice(0, dot));
  const own = name.slice(dot + 1);
  return server !== undefined && own !== '' && (server.allow === undefined || server.allow.includes(own));
}

function unknownTool(tools: readonly ToolConfig[], name: string): string {
  const dot = name.indexOf('.');
  const server = dot < 0 ? undefined : tools.find((tool) => tool.mcp !== undefined && tool.name === name.slice(0, dot));
  if (server) return `"${name.slice(dot + 1)}" is not in the allow list of mcp tool "${server.name}"`;
  return `no tool is named "${name}" (declare it in tools; an mcp server's tool is named server.tool)`;
}

export function toolConfigProblems(config: ConfigView): { path: Path; message: string }[] {
  const problems: { path: Path; message: string }[] = [];
  const tools = config.tools ?? [];
  const seen = new Set<string>();
  tools.forEach((tool, index) => {
    if (seen.has(tool.name)) problems.push({ path: ['tools', index, 'name'], message: `duplicate tool name "${tool.name}"` });
    seen.add(tool.name);
  });
  for (const reference of secretReferences(config)) {
    if (!isSecretName(reference.name)) {
      problems.push({ path: reference.path, message: `"${reference.name}" is not a secret's name (capital letters, digits and _, starting with a letter)` });
    }
  }
  const saved = new Set(config.workflow.nodes.flatMap((node) => (node.call ? [node.call.save_as] : [])));
  config.workflow.nodes.forEach((node, nodeIndex) => {
    const at = (...path: Path): Path => ['workflow', 'nodes', nodeIndex, ...path];
    node.tools?.forEach((name, index) => {
      if (!declaresTool(tools, name)) problems.push({ path: at('tools', index), message: unknownTool(tools, name) });
    });
    if (node.call && !declaresTool(tools, node.call.tool)) problems.push({ path: at('call', 'tool'), message: unknownTool(tools, node.call.tool) });
    node.transitions?.forEach((transition, index) => {
      const match = /^tool_(?:ok|failed):\s*(.+)$/.exec(transition.condition);
      const name = match?.[1]?.trim();
      if (name !== undefined && !saved.has(name)) {
        problems.push({ path: at('transitions', index, 'condition'), message: `no node's call saves as "${name}"` });
      }
    });
    // What a node says or sends is never a secret.
    const spoken: [Path, string | undefined][] = [
      [at('static_text'), node.static_text],
      [at('prompt'), node.prompt],
      [at('fallback_text'), node.fallback_text],
    ];
    for (const [path, text] of spoken) {
      if (text !== undefined && secretsIn(text).length > 0) problems.push({ path, message: 'a secret may be used only in a tool’s url, headers or body' });
    }
    const args = node.call?.args ? JSON.stringify(node.call.args) : '';
    if (secretsIn(args).length > 0) problems.push({ path: at('call', 'args'), message: 'a secret may be used only in a tool’s url, headers or body' });
  });
  return problems;
}

/** Every secret the config's tools and backend name, with where: a config naming one the tenant does not have is refused on save. */
export function secretReferences(config: Pick<ConfigView, 'tools'> & { backend?: BackendConfig | undefined }): { name: string; path: Path }[] {
  const out: { name: string; path: Path }[] = [];
  if (config.backend !== undefined && config.backend.kind !== 'workflow') {
    for (const { path, text } of backendTemplates(config.backend)) {
      for (const name of secretsIn(text)) out.push({ name, path: ['backend', ...path] });
    }
  }
  (config.tools ?? []).forEach((tool, index) => {
    const http = tool.http ?? tool.mcp;
    if (!http) return;
    for (const { path, text } of httpTemplates(http)) {
      for (const placeholder of placeholdersOf(text)) {
        if (placeholder.startsWith('secrets.'))
          out.push({ name: placeholder.slice('secrets.'.length), path: ['tools', index, tool.http ? 'http' : 'mcp', ...path] });
      }
    }
  });
  return out;
}

/** A secret's name as written is one the platform can hold (`[A-Z][A-Z0-9_]{0,63}`). */
export const isSecretName = (name: string) => SECRET_NAME.test(name);
