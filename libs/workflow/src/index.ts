export {
  type AgentConfig,
  type AgentConfigInput,
  agentConfigSchema,
  callsLlm,
  DEFAULT_MODEL,
  type ExtractSpec,
  foreignBackend,
  type IntentSpec,
  type LlmConfig,
  llmConfigSchema,
  type ParseAgentConfigResult,
  parseAgentConfig,
  readsHistory,
  type Workflow,
  type WorkflowNode,
  type WorkflowTransition,
} from './agent-config.js';
export { type AgentConfigSource, type AgentVersion, type AgentVersionRef, AgentVersions, type AgentVersionsOptions } from './agent-versions.js';
export {
  BACKEND_NODE_ID,
  BACKEND_TIMEOUT_MS,
  type BackendConfig,
  backendSchema,
  type ForeignBackend,
} from './backends/backend-config.js';
export { blockPatternProblems, MAX_BLOCK_PATTERNS_PROGRAM } from './block-patterns.js';
export { type Condition, type ParsedCondition, parseCondition } from './conditions.js';
export { MAX_TRANSITIONS_PER_TURN, runTurn, startSession, WORKFLOW_LOOPED_MESSAGE } from './engine.js';
export type { EngineDeps, SaidText, SessionState, TransitionInfo, TurnOutcome, TurnStatus } from './engine-types.js';
export { exampleAgentConfig } from './fixtures/mri-agent.js';
export { cutHistory, grownHistory, historyBytes, type SizedHistory, sizedHistory } from './history-cut.js';
export { type Citation, citationsIn, DEFAULT_TOP_K, type KnowledgeSource, type Passage, withPassages } from './knowledge/knowledge-prompt.js';
export { knowledgeBaseReferences } from './knowledge/knowledge-references.js';
export {
  type ChatTurn,
  type LlmCallResult,
  type LlmCallTrace,
  type LlmSettings,
  LlmUnavailableError,
  type LlmUsage,
  type ModelTool,
  noLlm,
  type ReplyTools,
  type WorkflowLlm,
} from './llm.js';
export { asciiDigit, INVISIBLE, normalizeForMatching } from './match-text.js';
export {
  MAX_NODE_PATTERN_PROGRAM,
  MAX_PATTERN_PROGRAM,
  matchPattern,
  type PatternBudget,
  patternProblem,
  patternSize,
} from './pattern-match.js';
export { renderTemplate } from './template.js';
export { toolFunctionName } from './tool-names.js';
export { argumentsProblem } from './tools/json-schema.js';
export { resultForModel, type ToolBox, type ToolCallRecord, type ToolCallResult, type ToolCallStatus, type ToolDescription } from './tools/tool-box.js';
export { MAX_KEPT_RESULT } from './tools/tool-calls.js';
export {
  DEFAULT_MAX_TOOL_CALLS,
  DEFAULT_TOOL_TIMEOUT_MS,
  type HttpToolConfig,
  MAX_TOOL_CALLS,
  MAX_TOOL_TIMEOUT_MS,
  type ToolConfig,
} from './tools/tool-config.js';
export { declaresTool, secretReferences } from './tools/tool-references.js';
export { renderBody, renderText, renderUrl, secretsIn, type ToolScope } from './tools/tool-templates.js';
export { MAX_HISTORY_MESSAGES } from './turn.js';
export { type WorkflowTurnInput, workflowTurn } from './workflow-turn.js';
