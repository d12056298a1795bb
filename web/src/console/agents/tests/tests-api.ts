import type { AgentTest, TestRun, TestRunList } from '@parley/contracts';
import { asApiError, type ManagementApi } from '../../api/management-api';

/**
 * The tests tab's calls (docs/evaluations.md): loaded with the tab, on the console's typed client,
 * so the console every sign-in loads does not carry them. Refusals are ApiErrors as everywhere.
 */
export function testsApi({ client }: ManagementApi, name: string) {
  const send = <T>(request: Promise<unknown>): Promise<T> => request.then((answer) => answer as T, asApiError);
  const path = { name };
  return {
    tests: () => send<{ tests: AgentTest[] }>(client.GET('/api/agents/{name}/tests', { path })),
    /** A run of every test on a version; it goes on in the background. */
    start: (version: number) => send<{ id: string }>(client.POST('/api/agents/{name}/versions/{version}/test-runs', { path: { name, version } })),
    /** One run whole, each test's turns with their failures. */
    run: (id: string) => send<TestRun>(client.GET('/api/agents/{name}/test-runs/{id}', { path: { name, id } })),
    /** The agent's runs, newest first, a page at a time (`cursor`: the previous page's `next_cursor`). */
    runs: (cursor?: string) => send<TestRunList>(client.GET('/api/agents/{name}/test-runs', { path, query: cursor === undefined ? {} : { cursor } })),
  };
}

export type TestsApi = ReturnType<typeof testsApi>;
