export {
  type AgentConfig,
  type AgentConfigInput,
  agentConfigSchema,
  callsLlm,
  DEFAULT_MODEL,
  type ExtractSpec,
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
export { blockPatternProblems, MAX_BLOCK_PATTERNS_PROGRAM } from './block-patterns.js';
export { type Condition, type ParsedCondition, parseCondition } from './conditions.js';
export { MAX_TRANSITIONS_PER_TURN, runTurn, startSession, WORKFLOW_LOOPED_MESSAGE } from './engine.js';
export type { EngineDeps, SaidText, SessionState, TransitionInfo, TurnOutcome, TurnStatus } from './engine-types.js';
export { exampleAgentConfig } from './fixtures/mri-agent.js';
export { type ChatTurn, type LlmCallResult, type LlmSettings, LlmUnavailableError, type LlmUsage, noLlm, type WorkflowLlm } from './llm.js';
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
export { MAX_HISTORY_MESSAGES } from './turn.js';
export { type WorkflowTurnInput, workflowTurn } from './workflow-turn.js';
