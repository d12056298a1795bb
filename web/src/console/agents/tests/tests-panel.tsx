import type { AgentTest, TestRun, TurnExpectation } from '@parley/contracts';
import { useEffect, useState } from 'preact/hooks';
import type { AgentDetail, ManagementApi } from '../../api/management-api';
import { useApiCall } from '../../api/use-api-call';
import { DataTable } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { Problem } from '../../ui/problem';
import { t } from './tests-words';

/** How often a running run is looked at again. */
const POLL_MS = 1_000;

/** What a turn expects, in a line: `node menu · says "Thanks" · ended`. */
function expectation(expect: TurnExpectation | undefined): string {
  if (!expect) return t('tests.nothingExpected');
  const match = (m: string | { regex: string }) => (typeof m === 'string' ? `"${m}"` : `/${m.regex}/`);
  const parts = [
    expect.node !== undefined && `node ${expect.node}`,
    expect.says !== undefined && `says ${match(expect.says)}`,
    expect.says_not !== undefined && `not ${match(expect.says_not)}`,
    expect.variables &&
      Object.entries(expect.variables)
        .map(([name, value]) => `${name} = "${value}"`)
        .join(', '),
    expect.tool !== undefined && `tool ${expect.tool}`,
    expect.handoff !== undefined && (expect.handoff ? 'handoff' : 'no handoff'),
    expect.ended !== undefined && (expect.ended ? 'ended' : 'goes on'),
    expect.judge !== undefined && `judge: ${expect.judge}`,
  ];
  return parts.filter(Boolean).join(' · ') || t('tests.nothingExpected');
}

/** One test's turns in a run: what was expected beside what the agent did, failures under it. */
function TurnDiff({ test, result }: { test: AgentTest | undefined; result: TestRun['results'][number] }) {
  return (
    <details open={!result.passed} data-test-result={result.passed ? 'passed' : 'failed'}>
      <summary>
        <span class={`badge ${result.passed ? 'ok' : 'error'}`}>{result.passed ? t('tests.passed') : t('tests.failed')}</span> {result.name}
      </summary>
      <DataTable
        rows={result.turns.map((turn, index) => ({ ...turn, index }))}
        class="test-turns"
        columns={[t('tests.turn'), t('tests.visitor'), t('tests.expected'), t('tests.actual')]}
        row={({ index, ...turn }) => (
          <tr key={index} data-turn={index + 1} data-failed={turn.failures.length > 0 ? '' : undefined}>
            <td data-label={t('tests.turn')}>{index + 1}</td>
            <td data-label={t('tests.visitor')} dir="auto">
              {turn.user}
            </td>
            <td data-label={t('tests.expected')}>{expectation(test?.turns[index]?.expect)}</td>
            <td data-label={t('tests.actual')}>
              {turn.node !== null && <code>{turn.node}</code>} <span dir="auto">{turn.response}</span>
              {turn.failures.map((failure) => (
                <p key={failure} class="document-error" data-failure>
                  {failure}
                </p>
              ))}
            </td>
          </tr>
        )}
      />
    </details>
  );
}

/**
 * An agent's tests and their runs (docs/evaluations.md): the tests, a version to run them on, and
 * the run as it goes – each turn's expectation beside what the agent did.
 */
export function TestsPanel({ api, agent, canEdit, onUnauthorized }: { api: ManagementApi; agent: AgentDetail; canEdit: boolean; onUnauthorized(): void }) {
  const [tests, setTests] = useState<AgentTest[]>();
  const [version, setVersion] = useState(agent.versions.at(-1)?.version ?? agent.active_version);
  const [runId, setRunId] = useState<string>();
  const [testRun, setTestRun] = useState<TestRun>();
  const { run, error, busy } = useApiCall(onUnauthorized);
  useEffect(() => {
    void run(async () => setTests((await api.tests(agent.name)).tests));
  }, [api, agent.name]);
  // A running run is read again until it has finished.
  useEffect(() => {
    if (!runId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const look = () =>
      run(async () => {
        const found = await api.testRun(agent.name, runId);
        if (stopped) return;
        setTestRun(found);
        if (found.status === 'running') timer = setTimeout(() => void look(), POLL_MS);
      });
    void look();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [runId]);
  const start = () =>
    run(async () => {
      setTestRun(undefined);
      setRunId((await api.startTestRun(agent.name, version)).id);
    });
  const running = busy || testRun?.status === 'running' || (runId !== undefined && testRun === undefined);

  return (
    <section aria-labelledby="tests-title">
      <h2 id="tests-title">{t('tests.title')}</h2>
      <p class="muted">{t('tests.intro')}</p>
      <Problem error={error} />
      <DataTable
        rows={tests}
        class="tests"
        columns={[t('tests.name'), t('tests.turns')]}
        empty={<EmptyState quiet>{t('tests.none')}</EmptyState>}
        row={(test) => (
          <tr key={test.id} data-test={test.id}>
            <td dir="auto">{test.name}</td>
            <td>{test.turns.length}</td>
          </tr>
        )}
      />
      {canEdit ? (
        <div class="inline">
          <label for="tests-version">{t('tests.version')}</label>
          <select id="tests-version" value={version} onChange={(e) => setVersion(Number((e.target as HTMLSelectElement).value))}>
            {agent.versions.map((v) => (
              <option key={v.version} value={v.version}>
                {t('tests.versionOption', { version: String(v.version) })}
              </option>
            ))}
          </select>
          <button type="button" class="primary" disabled={running || !tests?.length} onClick={() => void start()}>
            {running ? t('tests.running') : t('tests.run')}
          </button>
        </div>
      ) : (
        <p class="muted">{t('tests.onlyEditors')}</p>
      )}
      {testRun && (
        <div data-run={testRun.status} aria-live="polite">
          <p>
            <span class={`badge ${testRun.status === 'passed' ? 'ok' : testRun.status === 'failed' ? 'error' : 'warn'}`}>
              {testRun.status === 'passed' ? t('tests.passed') : testRun.status === 'failed' ? t('tests.failed') : t('tests.running')}
            </span>{' '}
            {testRun.status !== 'running' &&
              t('tests.summary', { passed: String(testRun.passed), failed: String(testRun.failed), ms: String(testRun.duration_ms ?? 0) })}
          </p>
          {testRun.results.map((result) => (
            <TurnDiff key={result.test_id} test={tests?.find((test) => test.id === result.test_id)} result={result} />
          ))}
        </div>
      )}
    </section>
  );
}
