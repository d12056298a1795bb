import type { PlatformBus } from '@parley/bus';
import { AppError, type AgentTestBody, type TestResult, type TestTurn } from '@parley/contracts';
import { decodeKeysetCursor, keysetPage } from '@parley/db';
import type { RegistryRepository } from '../store/registry.repository.js';
import type { EvaluationRepository, TestSnapshot } from './evaluation.repository.js';
import { regexProblems } from './expectations.js';

const iso = (date: Date) => date.toISOString();

type TestRow = NonNullable<Awaited<ReturnType<EvaluationRepository['findTest']>>>;

function testOf(row: TestRow) {
  return {
    id: row.id,
    name: row.name,
    turns: row.turns as unknown as TestTurn[],
    ...(row.start ? { start: row.start as AgentTestBody['start'] } : {}),
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
  };
}

/** A regex RE2 cannot run is refused when the test is saved, named by its path. */
function checked(test: AgentTestBody): AgentTestBody {
  for (const [index, turn] of test.turns.entries()) {
    const problem = regexProblems(turn.expect);
    if (problem) {
      const path = `turns.${index}.expect`;
      throw new AppError('invalid', `${path}: ${problem}`, { details: [{ path, message: problem }] });
    }
  }
  return test;
}

/** An agent's test cases and their runs (docs/evaluations.md); every lookup is scoped by tenant. */
export class EvaluationService {
  constructor(
    private readonly repository: EvaluationRepository,
    private readonly registry: RegistryRepository,
    private readonly bus: PlatformBus,
    /** Tells the run workers a run is waiting. */
    private readonly kick: () => void,
  ) {}

  async updateAgent(tenantId: string, name: string, requireTests: boolean) {
    const agent = await this.agentByName(tenantId, name);
    return this.repository.setRequireTests(agent.id, requireTests);
  }

  async createTest(tenantId: string, name: string, test: AgentTestBody) {
    const agent = await this.agentByName(tenantId, name);
    return this.repository.createTest(agent.id, checked(test));
  }

  async listTests(tenantId: string, name: string) {
    const agent = await this.agentByName(tenantId, name);
    return { tests: (await this.repository.listTests(agent.id)).map(testOf) };
  }

  async getTest(tenantId: string, name: string, id: string) {
    const agent = await this.agentByName(tenantId, name);
    const row = await this.repository.findTest(agent.id, id);
    if (!row) throw new AppError('not_found', 'test not found');
    return testOf(row);
  }

  async updateTest(tenantId: string, name: string, id: string, test: AgentTestBody) {
    const agent = await this.agentByName(tenantId, name);
    const row = await this.repository.updateTest(agent.id, id, checked(test));
    if (!row) throw new AppError('not_found', 'test not found');
    return testOf(row);
  }

  async deleteTest(tenantId: string, name: string, id: string) {
    const agent = await this.agentByName(tenantId, name);
    if (!(await this.repository.deleteTest(agent.id, id))) throw new AppError('not_found', 'test not found');
    return { deleted: true as const };
  }

  /**
   * A test of one of the agent's conversations (docs/evaluations.md "From a conversation"): each
   * visitor message up to the first an operator answered is a turn, expecting the node the agent
   * was at after it, the tools it called, and on the last turn whether it handed off or ended.
   * The reply's words are left out: a prompt node's reply differs from one run to the next.
   */
  async fromConversation(tenantId: string, name: string, conversationId: string) {
    const agent = await this.agentByName(tenantId, name);
    const conversation = await this.bus.request('sessions.conversations.get', { tenantId, conversationId, reader: { sees: 'all' } });
    if (conversation.agent_id !== agent.id) throw new AppError('not_found', 'conversation not found');
    const turns: TestTurn[] = [];
    let current: { user: string; node: string | null; tools: string[] } | undefined;
    const close = () => {
      if (!current) return;
      turns.push({
        user: current.user,
        expect: { ...(current.node ? { node: current.node } : {}), ...(current.tools[0] ? { tool: current.tools[0] } : {}) },
      });
    };
    let operatorSpoke = false;
    for (const message of conversation.messages) {
      if (message.role === 'operator') {
        operatorSpoke = true;
        break;
      }
      if (message.role === 'user') {
        close();
        current = { user: message.content, node: null, tools: [] };
      } else if (current && message.role === 'assistant' && message.node_id) current.node = message.node_id;
      else if (current && message.role === 'tool') {
        const tool = (message as { tool_call?: { tool?: string } }).tool_call?.tool;
        if (tool) current.tools.push(tool);
      }
    }
    close();
    if (turns.length === 0) throw new AppError('invalid', 'conversation_id: the conversation has no visitor message', { details: { reason: 'no_messages' } });
    const last = turns[turns.length - 1] as TestTurn;
    // A conversation an operator took over ended with the handoff; otherwise its final node and state are the agent's.
    last.expect = {
      ...last.expect,
      node: last.expect?.node ?? conversation.node_id,
      handoff: operatorSpoke || conversation.escalation_id !== null,
      ended: !operatorSpoke && conversation.status === 'completed',
    };
    return this.repository.createTest(agent.id, { name: `Conversation ${conversationId.slice(0, 8)}`, turns });
  }

  /** Starts a run of every test of the agent on the version; a run of no tests passes at once. */
  async startRun(tenantId: string, name: string, version: number) {
    const agent = await this.agentByName(tenantId, name);
    if (!(await this.registry.versionExists(agent.id, version))) throw new AppError('not_found', `version ${version} does not exist`);
    const tests: TestSnapshot[] = (await this.repository.listTests(agent.id)).map((row) => {
      const { created_at: _created, ...test } = testOf(row);
      return test;
    });
    const run = await this.repository.createRun(tenantId, agent.id, version, tests);
    this.kick();
    return run;
  }

  async getRun(tenantId: string, name: string, id: string) {
    const agent = await this.agentByName(tenantId, name);
    const run = await this.repository.findRun(agent.id, id);
    if (!run) throw new AppError('not_found', 'test run not found');
    return { ...run, results: run.results as unknown as TestResult[] };
  }

  /** The agent's runs, newest first, a keyset page at a time; each without its turns (getRun has them). */
  async listRuns(tenantId: string, name: string, page: { version?: number | undefined; limit: number; cursor?: string | undefined }) {
    const after = page.cursor === undefined ? undefined : decodeKeysetCursor(page.cursor);
    if (after === null) {
      throw new AppError('invalid', 'cursor is not one this list handed out', {
        details: [{ path: 'querystring.cursor', message: 'not a cursor of this list' }],
      });
    }
    const agent = await this.agentByName(tenantId, name);
    // One row past the page tells whether another follows.
    const rows = await this.repository.listRuns(agent.id, { version: page.version, limit: page.limit + 1, after });
    const { rows: runs, nextCursor } = keysetPage(rows, page.limit);
    return {
      runs: runs.map(({ page_key: _key, created_at, ...run }) => ({ ...run, created_at: iso(created_at) })),
      next_cursor: nextCursor,
    };
  }

  /**
   * With `require_tests` (docs/evaluations.md "Requiring tests"), a version is published only after
   * a passed run of every test as it is now: 409 `tests_not_run` when no finished run covers them
   * all, `tests_failed` when the newest finished run failed.
   */
  async checkPublishable(agentId: string, version: number): Promise<void> {
    if (!(await this.repository.requireTests(agentId))) return;
    const tests = await this.repository.listTests(agentId);
    if (tests.length === 0) return;
    const run = await this.repository.latestFinishedRun(agentId, version);
    if (!run) throw new AppError('conflict', `version ${version} has no finished test run`, { details: { reason: 'tests_not_run' } });
    if (run.status !== 'passed') throw new AppError('conflict', `version ${version} failed its tests`, { details: { reason: 'tests_failed' } });
    const ran = new Set((run.tests as unknown as TestSnapshot[]).map((test) => `${test.id}@${test.updated_at}`));
    if (tests.some((test) => !ran.has(`${test.id}@${iso(test.updated_at)}`))) {
      throw new AppError('conflict', `a test was added or changed since version ${version}'s last run`, { details: { reason: 'tests_not_run' } });
    }
  }

  private async agentByName(tenantId: string, name: string) {
    const agent = await this.registry.findAgentByName(tenantId, name);
    if (!agent) throw new AppError('not_found', `agent "${name}" not found`);
    return agent;
  }
}
