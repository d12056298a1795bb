import { describe, expect, it } from 'vitest';
import { excludesZero, versionComparison } from '../analytics/version-comparison';
import { differenceSentence } from '../analytics/versions-compared';
import type { AnalyticsReport } from '../api/management-api';
import { choiceOf, isVersionPath, linkVersionSummary, shares, startChoice, versionChange, versionProblems, versionSettings } from './link-version-fields';

const VERSIONS = [
  { version: 1, state: 'published' as const, created_at: '2026-11-01T00:00:00Z', published_at: '2026-11-01T00:00:00Z', active: false },
  { version: 2, state: 'published' as const, created_at: '2026-11-02T00:00:00Z', published_at: '2026-11-02T00:00:00Z', active: true },
  { version: 3, state: 'draft' as const, created_at: '2026-11-03T00:00:00Z', published_at: null, active: false },
];

describe("a link's version in the form", () => {
  it('pins the newest draft by default, and splits the active version against the newest other one', () => {
    expect(startChoice('pin', VERSIONS, { mode: 'follow', pin: '', split: [] }).pin).toBe('3');
    expect(startChoice('split', VERSIONS, { mode: 'follow', pin: '', split: [] }).split).toEqual([
      { version: '2', weight: '50' },
      { version: '3', weight: '50' },
    ]);
  });

  it('refuses what the API refuses: fewer than 2 or more than 10 versions, a version twice, a weight outside 1 to 1,000 or not whole', () => {
    const split = (...rows: [string, string][]) => ({ mode: 'split' as const, pin: '', split: rows.map(([version, weight]) => ({ version, weight })) });
    expect(versionProblems(split(['2', '70'], ['3', '30']))).toEqual([]);
    expect(versionProblems(split(['2', '1'], ['3', '1000']))).toEqual([]);
    expect(versionProblems(split(['2', '70']))).toEqual(['A split needs 2 to 10 versions.']);
    expect(versionProblems(split(...Array.from({ length: 11 }, (_, i): [string, string] => [String(i + 1), '1'])))).toEqual([
      'A split needs 2 to 10 versions.',
    ]);
    expect(versionProblems(split(['2', '70'], ['2', '30']))).toEqual(['v2 is in the split twice (row 2).']);
    for (const weight of ['0', '1001', '2.5', '-3', '', 'ten']) {
      expect(versionProblems(split(['2', weight], ['3', '30']))).toEqual(['Row 1: the weight must be a whole number from 1 to 1,000.']);
    }
    expect(versionProblems({ mode: 'pin', pin: '', split: [] })).toEqual(['Choose the version to pin.']);
    expect(versionProblems({ mode: 'follow', pin: '', split: [] })).toEqual([]);
  });

  it('sends a pin or a split, and nothing when the link follows the published version', () => {
    expect(versionSettings({ mode: 'follow', pin: '3', split: [{ version: '2', weight: '1' }] })).toEqual({});
    expect(versionSettings({ mode: 'pin', pin: '3', split: [] })).toEqual({ version: 3 });
    expect(
      versionSettings({
        mode: 'split',
        pin: '',
        split: [
          { version: '2', weight: '70' },
          { version: '3', weight: '30' },
        ],
      }),
    ).toEqual({
      split: [
        { version: 2, weight: 70 },
        { version: 3, weight: 30 },
      ],
    });
  });

  it("starts a link's editor from what it runs now: its split, its pin, or the published version", () => {
    expect(
      choiceOf({
        version: null,
        split: [
          { version: 2, weight: 70 },
          { version: 3, weight: 30 },
        ],
      }),
    ).toEqual({
      mode: 'split',
      pin: '',
      split: [
        { version: '2', weight: '70' },
        { version: '3', weight: '30' },
      ],
    });
    expect(choiceOf({ version: 3, split: null })).toEqual({ mode: 'pin', pin: '3', split: [] });
    expect(choiceOf({ version: null, split: null })).toEqual({ mode: 'follow', pin: '', split: [] });
    expect(choiceOf({})).toEqual({ mode: 'follow', pin: '', split: [] });
  });

  it("changes an existing link's version with a pin or a split only, and clears both to follow the published version", () => {
    expect(versionChange({ mode: 'pin', pin: '2', split: [{ version: '2', weight: '70' }] })).toEqual({ version: 2 });
    expect(
      versionChange({
        mode: 'split',
        pin: '2',
        split: [
          { version: '2', weight: '70' },
          { version: '3', weight: '30' },
        ],
      }),
    ).toEqual({
      split: [
        { version: 2, weight: 70 },
        { version: 3, weight: 30 },
      ],
    });
    expect(versionChange({ mode: 'follow', pin: '2', split: [] })).toEqual({ version: null, split: null });
  });

  it("knows a refusal of the link's version or split by its path", () => {
    for (const path of ['body.version', 'version', 'body.split', 'body.split[1].version', 'body.split.1.weight']) expect(isVersionPath(path)).toBe(true);
    for (const path of ['body.versions', 'body.title', 'body.splitting', 'body.max_sessions']) expect(isVersionPath(path)).toBe(false);
  });

  it('shows each share as a percentage, and none while a weight is not one', () => {
    expect(
      shares([
        { version: '1', weight: '1' },
        { version: '2', weight: '2' },
      ]),
    ).toEqual(['33.3%', '66.7%']);
    expect(
      shares([
        { version: '1', weight: '0' },
        { version: '2', weight: '2' },
      ]),
    ).toEqual(['–', '–']);
  });

  it("says a link's pin or split in its row", () => {
    expect(linkVersionSummary({ version: 3, split: null }, VERSIONS)).toBe('Preview of draft v3');
    expect(linkVersionSummary({ version: 1, split: null }, VERSIONS)).toBe('Pinned to v1');
    expect(
      linkVersionSummary(
        {
          version: null,
          split: [
            { version: 2, weight: 70 },
            { version: 3, weight: 30 },
          ],
        },
        VERSIONS,
      ),
    ).toBe('Split: v2 70% · v3 30%');
    expect(linkVersionSummary({ version: null, split: null }, VERSIONS)).toBeUndefined();
  });
});

describe('versions compared in analytics', () => {
  const row = { version: 2, sessions: 10, completion_rate: 0.5, escalation_rate: 0.1, resolution_rate: 0.4, csat_avg: null, tokens: 100, response_ms_p50: 700 };
  const report = (extra: Partial<AnalyticsReport>) => ({ sessions: { started: 0 }, resolution_rate: 0, ...extra }) as AnalyticsReport;

  it('compares versions only when the answer lists some', () => {
    expect(versionComparison(report({}))).toBeUndefined();
    expect(versionComparison(report({ versions: [] }))).toBeUndefined();
    expect(versionComparison(report({ versions: [row] }))).toEqual({ versions: [row] });
    expect(versionComparison(report({ versions: [row], resolution_difference: { versions: [1, 2], estimate: 0.05, ci95: [0.01, 0.09] } }))).toEqual({
      versions: [row],
      difference: { versions: [1, 2], estimate: 0.05, ci95: [0.01, 0.09] },
    });
  });

  it('calls a difference real only when its interval leaves 0 out', () => {
    expect(excludesZero([0.01, 0.09])).toBe(true);
    expect(excludesZero([-0.09, -0.01])).toBe(true);
    expect(excludesZero([-0.01, 0.09])).toBe(false);
    expect(excludesZero([0, 0.09])).toBe(false);
  });

  it('tells the difference from the version that resolves more, whichever way the answer orders them', () => {
    // The answer gives rate(lower version) − rate(higher version).
    expect(differenceSentence({ versions: [2, 3], estimate: 0.0712, ci95: [0.012, 0.128] })).toBe(
      'Version 2 resolves 7.1 points more than version 3 (95% CI +1.2 to +12.8 points): a real difference.',
    );
    expect(differenceSentence({ versions: [2, 3], estimate: -0.0712, ci95: [-0.128, -0.012] })).toBe(
      'Version 3 resolves 7.1 points more than version 2 (95% CI +1.2 to +12.8 points): a real difference.',
    );
    expect(differenceSentence({ versions: [2, 3], estimate: -0.02, ci95: [-0.08, 0.04] })).toBe(
      'Version 3 resolves 2.0 points more than version 2 (95% CI -4.0 to +8.0 points): not yet a clear winner.',
    );
    expect(differenceSentence({ versions: [1, 2], estimate: 0, ci95: [-0.1, 0.1] })).toBe(
      'Versions 1 and 2 resolve alike (95% CI -10.0 to +10.0 points): not yet a clear winner.',
    );
  });
});
