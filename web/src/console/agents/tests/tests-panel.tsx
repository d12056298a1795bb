import type { AgentTest, TestRun, TestRunSummary, TurnExpectation } from '@parley/contracts';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { AgentDetail, ManagementApi } from '../../api/management-api';
import { useApiCall } from '../../api/use-api-call';
import { DataTable } from '../../ui/data-table';
import { EmptyState } from '../../ui/empty-state';
import { Problem } from '../../ui/problem';
import { when } from '../../ui/when';
import { testsApi } from './tests-api';
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

/** The newest page read again over the runs listed: each listed run as it is now, newer ones first. */
function mergedRuns(listed: TestRunSummary[], newest: TestRunSummary[]): TestRunSummary[] {
  const now = new Map(newest.map((run) => [run.id, run]));
  const known = new Set(listed.map((run) => run.id));
  return [...newest.filter((run) => !known.has(run.id)), ...listed.map((run) => now.get(run.id) ?? run)];
}

/** A run's outcome as a badge: passed, failed, or still running. */
function RunStatus({ status }: { status: TestRun['status'] }) {
  const [tone, label] = status === 'passed' ? ['ok', t('tests.passed')] : status === 'failed' ? ['error', t('tests.failed')] : ['warn', t('tests.running')];
  return <span class={`badge ${tone}`}>{label}</span>;
}

/** The agent's runs, newest first, a page at a time; the one shown above marked, any other a click away. */
function RunList(props: {
  runs: TestRunSummary[] | undefined;
  open: string | undefined;
  more: boolean;
  busy: boolean;
  onOpen(id: string): void;
  onMore(): void;
}) {
  return (
    <section class="test-runs-section" aria-labelledby="test-runs-title">
      <h3 id="test-runs-title">{t('tests.runs')}</h3>
      <DataTable
        rows={props.runs}
        class="test-runs"
        columns={[t('tests.started'), t('tests.version'), t('tests.result'), t('tests.duration')]}
        actions
        empty={<EmptyState quiet>{t('tests.noRuns')}</EmptyState>}
        row={(run) => (
          <tr key={run.id} data-run-id={run.id} data-status={run.status} aria-current={run.id === props.open ? 'true' : undefined}>
            <td data-label={t('tests.started')}>
              <time dateTime={run.created_at}>{when(run.created_at)}</time>
            </td>
            <td data-label={t('tests.version')}>{run.version}</td>
            <td data-label={t('tests.result')}>
              <RunStatus status={run.status} /> {run.status !== 'running' && t('tests.counts', { passed: run.passed, failed: run.failed })}
            </td>
            <td data-label={t('tests.duration')}>{run.duration_ms === null ? '—' : t('tests.ms', { ms: run.duration_ms })}</td>
            <td>
              <button
                type="button"
                disabled={run.id === props.open}
                aria-label={t('tests.showRun', { version: String(run.version), when: when(run.created_at) })}
                onClick={() => props.onOpen(run.id)}
              >
                {t('tests.show')}
              </button>
            </td>
          </tr>
        )}
      />
      {props.more && (
        <button type="button" disabled={props.busy} onClick={props.onMore}>
          {t('tests.more')}
        </button>
      )}
    </section>
  );
}

/**
 * An agent's tests and their runs (docs/evaluations.md): the tests, a version to run them on, the
 * run shown as it goes – each turn's expectation beside what the agent did – and the agent's
 * earlier runs, any of which can be shown the same way.
 */
export function TestsPanel({ api, agent, canEdit, onUnauthorized }: { api: ManagementApi; agent: AgentDetail; canEdit: boolean; onUnauthorized(): void }) {
  const calls = useMemo(() => testsApi(api, agent.name), [api, agent.name]);
  const [tests, setTests] = useState<AgentTest[]>();
  const [version, setVersion] = useState(agent.versions.at(-1)?.version ?? agent.active_version);
  const [runs, setRuns] = useState<TestRunSummary[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  /** The run shown above the list: one started here, or one picked from it. */
  const [openId, setOpenId] = useState<string>();
  /** A run picked from the list is brought into view (and focus) once read: it shows above where the click was. */
  const [picked, setPicked] = useState(false);
  const shownRef = useRef<HTMLDivElement>(null);
  const [testRun, setTestRun] = useState<TestRun>();
  const { run, error, busy } = useApiCall(onUnauthorized);
  /** The first page of runs, or (`after`) the page after it, added below. */
  const loadRuns = (after?: string) =>
    run(async () => {
      const page = await calls.runs(after);
      setRuns((current) => (after === undefined ? page.runs : [...(current ?? []), ...page.runs]));
      setCursor(page.next_cursor);
    });
  useEffect(() => {
    void run(async () => setTests((await calls.tests()).tests));
    void loadRuns();
  }, [calls]);
  // The open run is read again until it has finished.
  useEffect(() => {
    if (!openId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const look = () =>
      run(async () => {
        const found = await calls.run(openId);
        if (stopped) return;
        setTestRun(found);
        if (found.status === 'running') timer = setTimeout(() => void look(), POLL_MS);
      });
    void look();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [openId]);
  // While a listed run is running, the newest page is read again: each line follows its run, and
  // runs started meanwhile (from the command line, another tab) join the top.
  const anyRunning = runs?.some((listed) => listed.status === 'running') ?? false;
  useEffect(() => {
    if (!anyRunning) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const look = () =>
      run(async () => {
        const page = await calls.runs();
        if (stopped) return;
        setRuns((current) => mergedRuns(current ?? [], page.runs));
        timer = setTimeout(() => void look(), POLL_MS);
      });
    timer = setTimeout(() => void look(), POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [anyRunning, calls]);
  const start = () =>
    run(async () => {
      const { id } = await calls.start(version);
      // The new run heads the list at once, as the list will have it.
      setRuns((current) => [
        { id, version, status: 'running', passed: 0, failed: 0, duration_ms: null, created_at: new Date().toISOString() },
        ...(current ?? []).filter((listed) => listed.id !== id),
      ]);
      setTestRun(undefined);
      setOpenId(id);
    });
  const shown = testRun?.id === openId ? testRun : undefined;
  useEffect(() => {
    if (!picked || !shown) return;
    shownRef.current?.focus();
    setPicked(false);
  }, [picked, shown?.id]);
  const running = shown?.status === 'running';
  // Until the open run is read (just started, or just picked), a second start waits.
  const loading = openId !== undefined && shown === undefined;
  const openRun = runs?.find((listed) => listed.id === openId);

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
          <button type="button" class="primary" disabled={busy || loading || running || !tests?.length} onClick={() => void start()}>
            {running ? t('tests.running') : t('tests.run')}
          </button>
        </div>
      ) : (
        <p class="muted">{t('tests.onlyEditors')}</p>
      )}
      {shown && (
        <div data-run={shown.status} aria-live="polite" tabIndex={-1} ref={shownRef}>
          <p>
            <RunStatus status={shown.status} /> {openRun && t('tests.runOf', { version: String(shown.version), when: when(openRun.created_at) })}
            {shown.status !== 'running' &&
              ` · ${t('tests.summary', { passed: String(shown.passed), failed: String(shown.failed), ms: String(shown.duration_ms ?? 0) })}`}
          </p>
          {shown.results.map((result) => (
            <TurnDiff key={result.test_id} test={tests?.find((test) => test.id === result.test_id)} result={result} />
          ))}
        </div>
      )}
      <RunList
        runs={runs}
        open={openId}
        more={cursor !== null}
        busy={busy}
        onOpen={(id) => {
          setPicked(true);
          setOpenId(id);
        }}
        onMore={() => void loadRuns(cursor ?? undefined)}
      />
    </section>
  );
}
