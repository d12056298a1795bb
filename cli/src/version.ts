import { readFileSync } from 'node:fs';

/** The version `--version` prints for `parley` and `parley-mcp`: cli/package.json's, so there is one to bump. */
export const CLI_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
