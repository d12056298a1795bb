import { t } from './builder-words';
import type { AgentConfigJson } from './workflow-graph';

/**
 * A config checked in the browser before it is saved (docs/workflow.md "Validation"): the rules
 * the platform checks on save that need nothing but the config itself, every problem at once, each
 * with the path a refusal would name (`config.workflow.nodes[2].transitions[0].to`) and, where the
 * platform words one, its message. What needs the platform – patterns compiled by RE2, tools'
 * URLs and parameter schemas, the tenant's secrets and knowledge bases – is still the save's to
 * refuse; the check is written out here so the console carries no schema library.
 */
export interface ConfigProblem {
  path: string;
  message: string;
}

type Part = string | number;
type Json = Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const SECRET = /\{\{\s*secrets\.[^{}\s]*\s*\}\}/;
/** The most of each the platform takes (docs/workflow.md "Tools", "Knowledge", "Validation"). */
const MAX_TOOLS = 50;
const MAX_TOOL_CALLS = 10;
const MAX_PATTERNS_PER_NODE = 20;
const MAX_PATTERN_LENGTH = 1_000;
const MAX_POSITION = 100_000;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const pathOf = (parts: Part[]) => parts.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : `${out}.${part}`), 'config');

/** What is wrong with a transition's condition (docs/workflow.md "When each condition can hold"), or undefined. */
export function conditionProblem(condition: string): string | undefined {
  if (condition === 'always' || condition === 'user_responded') return undefined;
  const colon = condition.indexOf(':');
  const kind = colon < 0 ? '' : condition.slice(0, colon);
  // Surrounding spaces are a typing accident, as the platform reads them.
  const argument = condition.slice(colon + 1).trim();
  switch (kind) {
    case 'contains':
      return argument === '' ? t('builder.check.contains') : undefined;
    case 'intent':
      return argument === '' ? t('builder.check.intentName') : undefined;
    case 'variables_extracted':
      return argument.split(',').some((name) => name.trim() === '') ? t('builder.check.variables') : undefined;
    case 'max_turns':
      return /^\d+$/.test(argument) && Number(argument) >= 1 && Number.isSafeInteger(Number(argument)) ? undefined : t('builder.check.maxTurns');
    case 'tool_ok':
    case 'tool_failed':
      return IDENTIFIER.test(argument) ? undefined : t('builder.check.toolCondition', { kind });
    default:
      return t('builder.check.condition', { condition });
  }
}

/** Every problem the check finds in `config`, in the order of the config. */
export function checkConfig(config: AgentConfigJson): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const add = (parts: Part[], message: string) => problems.push({ path: pathOf(parts), message });

  /** A text field: absent (unless required), text, not blank when required, within its length. */
  const text = (parts: Part[], value: unknown, rule: { required?: boolean; min?: number; max?: number } = {}) => {
    if (value === undefined) {
      if (rule.required) add(parts, t('builder.check.required'));
    } else if (typeof value !== 'string') add(parts, t('builder.check.text'));
    else if (rule.required && value.trim() === '') add(parts, t('builder.check.blank'));
    else if (rule.max !== undefined && (value.length < (rule.min ?? 0) || value.length > rule.max)) {
      add(parts, rule.min ? t('builder.check.length', { min: rule.min, max: rule.max }) : t('builder.check.longest', { max: rule.max }));
    }
  };
  const whole = (parts: Part[], value: unknown, min: number, max: number) => {
    if (value !== undefined && !(Number.isInteger(value) && (value as number) >= min && (value as number) <= max)) {
      add(parts, t('builder.check.whole', { min, max }));
    }
  };
  /** A list field's entries (none when absent), or none and a problem when it is not a list. */
  const list = (parts: Part[], value: unknown): unknown[] => {
    if (value === undefined) return [];
    if (Array.isArray(value)) return value;
    add(parts, t('builder.check.list'));
    return [];
  };
  /** An object field (undefined when absent), or undefined and a problem when it is not an object. */
  const object = (parts: Part[], value: unknown): Json | undefined => {
    if (value === undefined || isObject(value)) return value;
    add(parts, t('builder.check.object'));
    return undefined;
  };
  /** A list of objects' entries with their indexes; an entry that is not an object is a problem, and skipped. */
  const entries = (parts: Part[], value: unknown): [Json, number][] => {
    const found: [Json, number][] = [];
    list(parts, value).forEach((entry, index) => {
      if (isObject(entry)) found.push([entry, index]);
      else add([...parts, index], t('builder.check.object'));
    });
    return found;
  };

  const llm = object(['llm'], config.llm);
  if (llm) {
    text(['llm', 'model'], llm.model, { required: true });
    const temperature = llm.temperature;
    if (temperature !== undefined && !(typeof temperature === 'number' && temperature >= 0 && temperature <= 2)) {
      add(['llm', 'temperature'], t('builder.check.temperature'));
    }
    if (llm.max_tokens !== undefined && !(Number.isInteger(llm.max_tokens) && (llm.max_tokens as number) > 0))
      add(['llm', 'max_tokens'], t('builder.check.positive'));
  }

  const tools = entries(['tools'], config.tools);
  if (tools.length > MAX_TOOLS) add(['tools'], t('builder.check.most', { max: MAX_TOOLS }));
  const toolNames = new Set<string>();
  for (const [tool, index] of tools) {
    if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) add(['tools', index, 'name'], t('builder.check.toolName'));
    else if (toolNames.has(tool.name)) add(['tools', index, 'name'], t('builder.check.duplicateTool', { name: tool.name }));
    else toolNames.add(tool.name);
    if ((tool.http === undefined) === (tool.mcp === undefined)) add(['tools', index, 'http'], t('builder.check.httpOrMcp'));
  }
  /** Why a node may not use tool `name` (docs/workflow.md "Tools"): an http tool by its name, an mcp server's as `server.tool` within its allow list. */
  const unknownTool = (name: string): string | undefined => {
    const dot = name.indexOf('.');
    if (dot < 0) return tools.some(([tool]) => tool.http !== undefined && tool.name === name) ? undefined : t('builder.check.noTool', { name });
    const server = tools.find(([tool]) => tool.mcp !== undefined && tool.name === name.slice(0, dot))?.[0];
    const own = name.slice(dot + 1);
    if (!server) return t('builder.check.noTool', { name });
    if (own === '' || (Array.isArray(server.allow) && !server.allow.includes(own)))
      return t('builder.check.notAllowed', { tool: own, server: String(server.name) });
    return undefined;
  };

  const { workflow } = config;
  const nodes = workflow.nodes;
  const ids = new Set(nodes.map((node) => node.id));
  const saved = new Set(nodes.flatMap((node) => (isObject(node.call) && typeof node.call.save_as === 'string' ? [node.call.save_as] : [])));
  const seen = new Set<string>();
  text(['workflow', 'initial_node'], workflow.initial_node, { required: true });
  if (typeof workflow.initial_node === 'string' && workflow.initial_node.trim() !== '' && !ids.has(workflow.initial_node)) {
    add(['workflow', 'initial_node'], t('builder.check.noNode', { id: workflow.initial_node }));
  }

  nodes.forEach((node, nodeIndex) => {
    const at = (...parts: Part[]): Part[] => ['workflow', 'nodes', nodeIndex, ...parts];
    text(at('id'), node.id, { required: true });
    if (seen.has(node.id)) add(at('id'), t('builder.check.duplicateId', { id: node.id }));
    seen.add(node.id);
    text(at('name'), node.name, { required: true });
    if (node.type !== undefined && node.type !== 'end' && node.type !== 'handoff') add(at('type'), t('builder.check.type'));
    text(at('handoff_reason'), node.handoff_reason, { min: 1, max: 500 });
    text(at('handoff_team'), node.handoff_team, { min: 1, max: 100 });
    for (const field of ['static_text', 'prompt', 'fallback_text']) {
      const said = node[field];
      text(at(field), said);
      if (typeof said === 'string' && SECRET.test(said)) add(at(field), t('builder.check.secret'));
    }
    const hasPrompt = node.prompt !== undefined;
    if (node.static_text !== undefined && hasPrompt) add(at('prompt'), t('builder.check.textOrPrompt'));

    const extract = entries(at('extract'), node.extract);
    for (const [spec, index] of extract) {
      if (typeof spec.name !== 'string' || !IDENTIFIER.test(spec.name)) add(at('extract', index, 'name'), t('builder.check.identifier'));
      text(at('extract', index, 'description'), spec.description);
      text(at('extract', index, 'pattern'), spec.pattern);
      if (typeof spec.pattern === 'string' && spec.pattern.length > MAX_PATTERN_LENGTH)
        add(at('extract', index, 'pattern'), t('builder.check.pattern', { max: MAX_PATTERN_LENGTH }));
    }
    if (extract.filter(([spec]) => spec.pattern !== undefined).length > MAX_PATTERNS_PER_NODE) {
      add(at('extract'), t('builder.check.patterns', { max: MAX_PATTERNS_PER_NODE }));
    }

    const intents = new Set<string>();
    for (const [intent, index] of entries(at('intents'), node.intents)) {
      text(at('intents', index, 'name'), intent.name, { required: true });
      if (typeof intent.name === 'string') intents.add(intent.name);
      text(at('intents', index, 'description'), intent.description);
      list(at('intents', index, 'keywords'), intent.keywords).forEach((keyword, k) => {
        text(at('intents', index, 'keywords', k), keyword, { required: true });
      });
    }

    for (const [transition, index] of entries(at('transitions'), node.transitions)) {
      const { to, condition } = transition;
      text(at('transitions', index, 'to'), to, { required: true });
      if (typeof to === 'string' && to.trim() !== '' && !ids.has(to)) add(at('transitions', index, 'to'), t('builder.check.noNode', { id: to }));
      text(at('transitions', index, 'condition'), condition, { required: true });
      if (typeof condition !== 'string') continue;
      const wrong = conditionProblem(condition);
      const [kind = '', argument = ''] = condition.split(/:(.*)/s).map((part) => part.trim());
      if (wrong) add(at('transitions', index, 'condition'), wrong);
      else if (kind === 'intent' && !intents.has(argument)) add(at('transitions', index, 'condition'), t('builder.check.undeclared', { intent: argument }));
      else if ((kind === 'tool_ok' || kind === 'tool_failed') && !saved.has(argument)) {
        add(at('transitions', index, 'condition'), t('builder.check.noCall', { name: argument }));
      }
    }

    if (node.resolves !== undefined && typeof node.resolves !== 'boolean') add(at('resolves'), t('builder.check.boolean'));
    const used = list(at('tools'), node.tools);
    if (used.length > MAX_TOOLS) add(at('tools'), t('builder.check.most', { max: MAX_TOOLS }));
    if (node.tools !== undefined && !hasPrompt) add(at('tools'), t('builder.check.toolsNoPrompt'));
    used.forEach((name, index) => {
      text(at('tools', index), name, { min: 1, max: 200 });
      const unknown = typeof name === 'string' && name !== '' ? unknownTool(name) : undefined;
      if (unknown) add(at('tools', index), unknown);
    });
    whole(at('max_tool_calls'), node.max_tool_calls, 1, MAX_TOOL_CALLS);

    const call = object(at('call'), node.call);
    if (call) {
      text(at('call', 'tool'), call.tool, { min: 1, max: 200 });
      if (call.tool === undefined) add(at('call', 'tool'), t('builder.check.required'));
      const unknown = typeof call.tool === 'string' && call.tool !== '' ? unknownTool(call.tool) : undefined;
      if (unknown) add(at('call', 'tool'), unknown);
      if (object(at('call', 'args'), call.args) && SECRET.test(JSON.stringify(call.args))) add(at('call', 'args'), t('builder.check.secret'));
      if (typeof call.save_as !== 'string' || !IDENTIFIER.test(call.save_as)) add(at('call', 'save_as'), t('builder.check.identifier'));
    }

    const knowledge = object(at('knowledge'), node.knowledge);
    if (knowledge) {
      const bases = list(at('knowledge', 'bases'), knowledge.bases);
      if (bases.length < 1 || bases.length > 10) add(at('knowledge', 'bases'), t('builder.check.bases'));
      bases.forEach((base, index) => {
        text(at('knowledge', 'bases', index), typeof base === 'string' ? base.trim() : base, { min: 1, max: 100 });
      });
      whole(at('knowledge', 'top_k'), knowledge.top_k, 1, 10);
      if (!hasPrompt) add(at('knowledge'), t('builder.check.knowledgeNoPrompt'));
    }
  });

  const layout = object(['workflow', 'layout'], workflow.layout);
  for (const [id, at] of Object.entries(layout ?? {})) {
    if (!ids.has(id)) add(['workflow', 'layout', id], t('builder.check.noNode', { id }));
    if (!isObject(at)) add(['workflow', 'layout', id], t('builder.check.object'));
    else {
      for (const axis of ['x', 'y']) {
        const value = at[axis];
        if (!(typeof value === 'number' && Math.abs(value) <= MAX_POSITION)) add(['workflow', 'layout', id, axis], t('builder.check.position'));
      }
    }
  }
  return problems;
}
