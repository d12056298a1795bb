/**
 * CHANGELOG.md at a release (docs/releasing.md): what the Unreleased section holds becomes the
 * version's section, dated, and Unreleased starts empty again. Keep a Changelog's format, with
 * the link references at the end pointing at each section's heading.
 */

const UNRELEASED = '## [Unreleased]';

/** A version as this project releases it: `1.2.3` (what CHANGELOG.md's headings allow). */
export const RELEASE_VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** The heading's anchor as GitHub makes it: `[1.2.3] - 2026-11-27` → `123---2026-11-27`. */
export const anchorOf = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');

interface Section {
  /** Where its `## ` heading starts. */
  start: number;
  /** Where its body starts (after the heading's line). */
  body: number;
  /** Where the next section (or the link references) starts. */
  end: number;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The `## ` section whose heading line is exactly `heading`. */
function sectionOf(text: string, heading: string): Section | undefined {
  const match = new RegExp(`^${escapeRegExp(heading)}[ \\t]*$`, 'm').exec(text);
  if (!match) return undefined;
  const body = Math.min(match.index + match[0].length + 1, text.length);
  const next = text.slice(body).search(/^(## |\[[^\]]+\]: )/m);
  return { start: match.index, body, end: next < 0 ? text.length : body + next };
}

/** The heading of a released version's section, `## [1.2.3] - 2026-11-27`, as it stands in the text. */
export function releasedHeading(text: string, version: string): string | undefined {
  return new RegExp(`^## \\[${escapeRegExp(version)}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm').exec(text)?.[0];
}

/**
 * The changelog with the Unreleased entries moved under `## [version] - date`. Refuses a version
 * that is not `X.Y.Z`, one the changelog has already, and an empty Unreleased section: a release
 * says what changed.
 */
export function releaseChangelog(text: string, version: string, date: string): string {
  if (!RELEASE_VERSION.test(version)) throw new Error(`${version} is not a version to release: X.Y.Z, as CHANGELOG.md's headings are`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`${date} is not a date: YYYY-MM-DD`);
  if (releasedHeading(text, version)) throw new Error(`CHANGELOG.md has a section for ${version} already`);
  const unreleased = sectionOf(text, UNRELEASED);
  if (!unreleased) throw new Error(`CHANGELOG.md has no "${UNRELEASED}" section`);
  const entries = text.slice(unreleased.body, unreleased.end).trim();
  if (entries === '') throw new Error(`CHANGELOG.md's Unreleased section is empty: nothing to release as ${version}`);

  const heading = `[${version}] - ${date}`;
  let released = `${text.slice(0, unreleased.start)}${UNRELEASED}\n\n## ${heading}\n\n${entries}\n\n${text.slice(unreleased.end)}`;
  // The link references: the new section's right after Unreleased's.
  released = released.replace(/^(\[Unreleased\]: .*)$/m, `$1\n[${version}]: #${anchorOf(heading)}`);
  return released;
}

/** A released version's entries, for the release's notes. */
export function releaseNotes(text: string, version: string): string {
  const heading = releasedHeading(text, version);
  const section = heading ? sectionOf(text, heading) : undefined;
  if (!section) throw new Error(`CHANGELOG.md has no section for ${version}`);
  return `${text.slice(section.body, section.end).trim()}\n`;
}
