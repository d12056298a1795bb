import { contentRules, formatPath } from '@parley/contracts';
import { z } from 'zod';
import { backendSchema, backendTemplateProblems, backendWorkflow, type ForeignBackend } from './backends/backend-config.js';
import { blockPatternProblems } from './block-patterns.js';
import { parseCondition } from './conditions.js';
import { MAX_NODE_PATTERN_PROGRAM, patternProblem, patternSize } from './pattern-match.js';
import { MAX_TOOL_CALLS, MAX_TOOLS, nodeCallSchema, toolSchema } from './tools/tool-config.js';
import { toolConfigProblems } from './tools/tool-references.js';

/**
 * An agent version's config (docs/workflow.md). Unknown keys are stripped rather than refused, so
 * configs written for other runners (e.g. with `proactive`) still load.
 */

export const DEFAULT_MODEL = 'gpt-4o-mini';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Patterns one node may run on each message: each is linear in the message, but they add up. */
export const MAX_PATTERNS_PER_NODE = 20;

// A check, not a trim: ids and names are kept exactly as written.
const nonEmpty = z.string().refine((text) => text.trim() !== '', 'must not be empty');

export const llmConfigSchema = z.object({
  model: nonEmpty.default(DEFAULT_MODEL),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.int().positive().optional(),
});

const extractSchema = z.object({
  name: z.string().regex(IDENTIFIER, 'must be an identifier (letters, digits and _, not starting with a digit)'),
  description: z.string().optional(),
  // Compiled exactly as extraction will use it (RE2), so a pattern that saves is a pattern that runs.
  pattern: z
    .string()
    .max(1_000, 'a pattern is at most 1,000 characters')
    .superRefine((pattern, ctx) => {
      const problem = patternProblem(pattern);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: `not a valid regular expression (RE2 syntax): ${problem}` });
    })
    .optional(),
});

const intentSchema = z.object({
  name: nonEmpty,
  description: z.string().optional(),
  keywords: z.array(nonEmpty).optional(),
});

const transitionSchema = z.object({
  to: nonEmpty,
  condition: z.string().superRefine((condition, ctx) => {
    const parsed = parseCondition(condition);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  }),
});

export const workflowNodeSchema = z
  .object({
    id: nonEmpty,
    name: nonEmpty,
    /** `end` ends the session on entry; `handoff` hands the conversation to a person and waits. */
    type: z.enum(['end', 'handoff']).optional(),
    /** Why a handoff node escalates (default "agent"). */
    handoff_reason: z.string().min(1).max(500).optional(),
    /** The team a handoff node's escalation goes to, by id (`team_…`) or name; default: the link's team, else the tenant's queue. */
    handoff_team: z.string().min(1).max(100).optional(),
    static_text: z.string().optional(),
    prompt: z.string().optional(),
    fallback_text: z.string().optional(),
    extract: z.array(extractSchema).optional(),
    intents: z.array(intentSchema).optional(),
    transitions: z.array(transitionSchema).optional(),
    /** Reaching this node resolves the conversation (docs/workflow.md "Outcomes"): the visitor got what they came for. */
    resolves: z.boolean().optional(),
    /** Tools a prompt node's model may call before it answers (docs/workflow.md "Tools"), by name. */
    tools: z.array(z.string().min(1).max(200)).max(MAX_TOOLS).optional(),
    /** Calls the model may make in one turn (default 4). */
    max_tool_calls: z.int().min(1).max(MAX_TOOL_CALLS).optional(),
    /** A tool called when the node is entered, before it speaks; its result kept as a variable. */
    call: nodeCallSchema.optional(),
    /** Passages from knowledge bases put into a prompt node's system prompt, to answer from and cite (docs/workflow.md "Knowledge"). */
    knowledge: z
      .object({
        bases: z.array(z.string().trim().min(1).max(100)).min(1).max(10),
        top_k: z.int().min(1).max(10).optional(),
      })
      .optional(),
  })
  .superRefine((node, ctx) => {
    if (node.static_text !== undefined && node.prompt !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'a node has static_text or prompt, not both' });
    }
    if (node.knowledge !== undefined && node.prompt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['knowledge'], message: 'knowledge is for a prompt node’s model: this node has no prompt' });
    }
    if (node.tools !== undefined && node.prompt === undefined) {
      ctx.addIssue({ code: 'custom', path: ['tools'], message: 'tools are for a prompt node’s model: this node has no prompt' });
    }
    if ((node.extract ?? []).filter((spec) => spec.pattern !== undefined).length > MAX_PATTERNS_PER_NODE) {
      ctx.addIssue({ code: 'custom', path: ['extract'], message: `a node has at most ${MAX_PATTERNS_PER_NODE} extractions with a pattern` });
    }
    const programs = (node.extract ?? []).reduce((sum, spec) => sum + (spec.pattern === undefined ? 0 : patternSize(spec.pattern)), 0);
    if (programs > MAX_NODE_PATTERN_PROGRAM) {
      ctx.addIssue({
        code: 'custom',
        path: ['extract'],
        message: `a node's patterns compile to ${programs} RE2 instructions together, at most ${MAX_NODE_PATTERN_PROGRAM}: make them simpler or move some to another node`,
      });
    }
    const declared = new Set((node.intents ?? []).map((intent) => intent.name));
    node.transitions?.forEach((transition, index) => {
      const parsed = parseCondition(transition.condition);
      if (parsed.ok && parsed.condition.kind === 'intent' && !declared.has(parsed.condition.intent)) {
        ctx.addIssue({
          code: 'custom',
          path: ['transitions', index, 'condition'],
          message: `intent "${parsed.condition.intent}" is not one of this node's intents`,
        });
      }
    });
  });

/** Where a node is drawn, in pixels from the graph's top left (docs/workflow.md "Layout"). */
const positionSchema = z.object({
  x: z.number().min(-100_000).max(100_000),
  y: z.number().min(-100_000).max(100_000),
});

export const workflowSchema = z
  .object({
    initial_node: nonEmpty,
    nodes: z.array(workflowNodeSchema),
    /** The console's drawing of the workflow, by node id: how it looks, never how it runs. */
    layout: z.record(z.string(), positionSchema).optional(),
  })
  .superRefine((workflow, ctx) => {
    const ids = new Set(workflow.nodes.map((node) => node.id));
    for (const id of Object.keys(workflow.layout ?? {})) {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['layout', id], message: `no node has id "${id}"` });
    }
    if (!ids.has(workflow.initial_node)) {
      ctx.addIssue({ code: 'custom', path: ['initial_node'], message: `no node has id "${workflow.initial_node}"` });
    }
    const seen = new Set<string>();
    workflow.nodes.forEach((node, nodeIndex) => {
      if (seen.has(node.id)) {
        ctx.addIssue({ code: 'custom', path: ['nodes', nodeIndex, 'id'], message: `duplicate node id "${node.id}"` });
      }
      seen.add(node.id);
      node.transitions?.forEach((transition, index) => {
        if (!ids.has(transition.to)) {
          ctx.addIssue({
            code: 'custom',
            path: ['nodes', nodeIndex, 'transitions', index, 'to'],
            message: `no node has id "${transition.to}"`,
          });
        }
      });
    });
  });

/** Agent-wide content rules: the same as a link's, block patterns compiled on save as they will run (RE2). */
export const agentContentRulesSchema = contentRules.superRefine((rules, ctx) => {
  for (const problem of blockPatternProblems(rules.block_patterns)) {
    ctx.addIssue({ code: 'custom', path: problem.index === null ? ['block_patterns'] : ['block_patterns', problem.index], message: problem.message });
  }
});

const agentConfigObject = z
  .object({
    llm: llmConfigSchema.optional(),
    /** What visitors' and API callers' messages are checked for, unless a link has rules of its own (docs/public-chat-api.md "Content rules"). */
    content_rules: agentContentRulesSchema.optional(),
    /** What the agent's nodes may call (docs/workflow.md "Tools"). */
    tools: z.array(toolSchema).max(MAX_TOOLS).optional(),
    /** Who answers the turns (docs/workflow.md "Backends"); absent: the workflow. */
    backend: backendSchema.optional(),
    workflow: workflowSchema.optional(),
  })
  .superRefine((config, ctx) => {
    const foreign = config.backend !== undefined && config.backend.kind !== 'workflow';
    if (foreign) {
      if (config.workflow !== undefined)
        ctx.addIssue({ code: 'custom', path: ['workflow'], message: `an agent whose backend is ${config.backend?.kind} has no workflow` });
      if (config.tools !== undefined)
        ctx.addIssue({ code: 'custom', path: ['tools'], message: 'tools are called by workflow nodes: an agent with a backend calls its own' });
      for (const problem of backendTemplateProblems(config.backend as ForeignBackend))
        ctx.addIssue({ code: 'custom', path: ['backend', ...problem.path], message: problem.message });
      return;
    }
    if (config.workflow === undefined) {
      ctx.addIssue({ code: 'custom', path: ['workflow'], message: 'Invalid input: expected object, received undefined' });
      return;
    }
    for (const problem of toolConfigProblems({ ...config, workflow: config.workflow }))
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message });
  });

type ParsedConfig = z.output<typeof agentConfigObject>;
type Workflowed = Omit<ParsedConfig, 'workflow'> & { workflow: NonNullable<ParsedConfig['workflow']> };

/**
 * An agent's config (docs/workflow.md). A foreign backend's config is run with the one-node
 * workflow backendWorkflow gives it, so everything reading a config's workflow reads one.
 */
export const agentConfigSchema = agentConfigObject.transform((config): Workflowed => {
  if (config.workflow !== undefined) return config as Workflowed;
  return { ...config, workflow: workflowSchema.parse(backendWorkflow(config.backend as ForeignBackend)) };
});

export type AgentConfig = z.output<typeof agentConfigSchema>;
/** A config as written (JSON), before defaults are applied. */
export type AgentConfigInput = z.input<typeof agentConfigSchema>;
export type LlmConfig = z.output<typeof llmConfigSchema>;
export type Workflow = AgentConfig['workflow'];
export type WorkflowNode = Workflow['nodes'][number];
export type WorkflowTransition = NonNullable<WorkflowNode['transitions']>[number];
export type ExtractSpec = NonNullable<WorkflowNode['extract']>[number];
export type IntentSpec = NonNullable<WorkflowNode['intents']>[number];

/**
 * Whether a turn of this config may need the conversation so far: only a prompt node's reply
 * reads it (extraction and intent classification see the message in hand alone), so callers
 * load history only for configs where this is true.
 */
export function readsHistory(config: AgentConfig): boolean {
  if (foreignBackend(config)) return true;
  return config.workflow.nodes.some((node) => node.prompt !== undefined);
}

/**
 * Whether any turn of this config may ask a language model – a prompt node's reply, an extraction
 * without a pattern, or a node's intents (classified by the model when no keyword decides) – or
 * call a tool. A config for which this is false runs the same with any WorkflowLlm or none and no
 * tools, so it can be run wherever the config is at hand.
 */
export function callsLlm(config: AgentConfig): boolean {
  // A foreign backend is called from a runner, like a model.
  if (foreignBackend(config)) return true;
  return config.workflow.nodes.some(
    (node) =>
      node.prompt !== undefined ||
      (node.intents ?? []).length > 0 ||
      (node.extract ?? []).some((spec) => spec.pattern === undefined) ||
      // A tool call is outbound work like an LLM call: it runs where the tools and their secrets are.
      node.call !== undefined,
  );
}

/** The config's backend when it is not the workflow (docs/workflow.md "Backends"). */
export function foreignBackend(config: Pick<AgentConfig, 'backend'>): ForeignBackend | undefined {
  return config.backend !== undefined && config.backend.kind !== 'workflow' ? config.backend : undefined;
}

export type ParseAgentConfigResult = { ok: true; config: AgentConfig } | { ok: false; path: string; message: string };

/** Validation on save: the config with defaults applied, or the first problem and where it is. */
export function parseAgentConfig(input: unknown): ParseAgentConfigResult {
  const result = agentConfigSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  // Zod reports field problems before the cross-node ones (targets, duplicates), in document order.
  const first = result.error.issues[0];
  return { ok: false, path: formatPath('', first?.path ?? []), message: first?.message ?? 'invalid agent config' };
}
