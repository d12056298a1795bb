import { translator } from '../../../i18n/translator';

/** The tests tab's words, in English: loaded with the tab, so the console every sign-in loads does not carry them. */
export const testsEn = {
  'tests.title': 'Tests',
  'tests.intro': 'Each test plays visitor messages to a version and checks what the agent does. Runs leave no conversations, analytics or token use behind.',
  'tests.none': 'No tests yet. Add them through the API, or make one from a conversation (see the evaluations docs).',
  'tests.name': 'Test',
  'tests.turns': 'Turns',
  'tests.version': 'Version',
  'tests.versionOption': 'Version {version}',
  'tests.run': 'Run tests',
  'tests.running': 'Running…',
  'tests.passed': 'Passed',
  'tests.failed': 'Failed',
  'tests.summary': '{passed} passed, {failed} failed in {ms} ms',
  'tests.turn': 'Turn',
  'tests.visitor': 'Visitor',
  'tests.expected': 'Expected',
  'tests.actual': 'Agent',
  'tests.nothingExpected': 'nothing checked',
  'tests.onlyEditors': 'Running tests needs the editor role.',
  'tests.runs': 'Runs',
  'tests.noRuns': 'No runs yet.',
  'tests.started': 'Started',
  'tests.result': 'Result',
  'tests.counts': '{passed} passed, {failed} failed',
  'tests.duration': 'Time',
  'tests.ms': '{ms} ms',
  'tests.show': 'Show',
  'tests.showRun': 'Show the run of version {version} started {when}',
  'tests.more': 'Show more',
  'tests.runOf': 'Version {version}, started {when}',
} as const;

export const t = translator(testsEn, { lang: 'en', locale: navigator.language });
