import { handlers } from '../parts.js';

/** An agent's test cases and their runs (docs/evaluations.md). */
export const evaluationHandlers = handlers({
  /** Whether publishing a version needs a passed run of every test. */
  'links.agents.update':
    ({ evaluations }) =>
    (req) =>
      evaluations.updateAgent(req.tenantId, req.name, req.requireTests),
  'links.tests.create':
    ({ evaluations }) =>
    (req) =>
      evaluations.createTest(req.tenantId, req.name, req.test),
  /** A test of one of the agent's conversations, expecting what happened then. */
  'links.tests.from-conversation':
    ({ evaluations }) =>
    (req) =>
      evaluations.fromConversation(req.tenantId, req.name, req.conversationId),
  'links.tests.list':
    ({ evaluations }) =>
    (req) =>
      evaluations.listTests(req.tenantId, req.name),
  'links.tests.get':
    ({ evaluations }) =>
    (req) =>
      evaluations.getTest(req.tenantId, req.name, req.id),
  'links.tests.update':
    ({ evaluations }) =>
    (req) =>
      evaluations.updateTest(req.tenantId, req.name, req.id, req.test),
  'links.tests.delete':
    ({ evaluations }) =>
    (req) =>
      evaluations.deleteTest(req.tenantId, req.name, req.id),
  /** Starts a run of every test on a version; the run workers carry it out. */
  'links.test-runs.start':
    ({ evaluations }) =>
    (req) =>
      evaluations.startRun(req.tenantId, req.name, req.version),
  'links.test-runs.list':
    ({ evaluations }) =>
    (req) =>
      evaluations.listRuns(req.tenantId, req.name, req),
  'links.test-runs.get':
    ({ evaluations }) =>
    (req) =>
      evaluations.getRun(req.tenantId, req.name, req.id),
});
