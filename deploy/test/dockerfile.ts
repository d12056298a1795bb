import type { Env } from '@parley/config';

/** Enough of the Dockerfile grammar to check this repository's one: no heredocs, no ONBUILD. */

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name: string | undefined;
  /** An image reference, or the name of an earlier stage. */
  base: string;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    // Comment lines (and parser directives) are dropped, also inside a continued instruction.
    if (/^\s*#/.test(line) || (pending === '' && line.trim() === '')) return;
    if (pending === '') start = index + 1;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    pending += line;
    instructions.push(toInstruction(pending, start));
    pending = '';
  });
  if (pending.trim() !== '') instructions.push(toInstruction(pending, start));

  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const words = instruction.args.split(/\s+/).filter((word) => !word.startsWith('--'));
      const asIndex = words.findIndex((word) => word.toUpperCase() === 'AS');
      stages.push({ base: words[0] ?? '', name: asIndex >= 0 ? words[asIndex + 1] : undefined, instructions: [] });
    } else {
      // Instructions before the first FROM (global ARGs) belong to no stage.
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

function toInstruction(text: string, line: number): Instruction {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  return space < 0
    ? { keyword: trimmed.toUpperCase(), args: '', line }
    : { keyword: trimmed.slice(0, space).toUpperCase(), args: trimmed.slice(space + 1).trim(), line };
}

/** The stage and the stages it is built on, base first. */
export function ancestry(stages: Stage[], stage: Stage): Stage[] {
  const parent = stages.find((candidate) => candidate.name !== undefined && candidate.name === stage.base);
  return parent && parent !== stage ? [...ancestry(stages, parent), stage] : [stage];
}

/** `$NAME`, `${NAME}` and `${NAME:-default}` as Docker expands them in ENV, COPY, EXPOSE … */
export function expand(text: string, vars: Env): string {
  return text.replace(
    /\$\{([A-Za-z_]\w*)(?::-([^}]*))?\}|\$([A-Za-z_]\w*)/g,
    (_match, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
      const value = vars[braced ?? bare ?? ''];
      return value === undefined || value === '' ? (fallback ?? '') : value;
    },
  );
}

const unquote = (value: string) =>
  /^"(.*)"$/s.test(value) ? value.slice(1, -1).replace(/\\(.)/g, '$1') : /^'(.*)'$/s.test(value) ? value.slice(1, -1) : value;

/** `KEY=value KEY2="v 2"` (or the legacy `KEY value`) of an ENV or ARG instruction. */
export function keyValues(args: string): Array<[string, string | undefined]> {
  if (!/^[A-Za-z_]\w*=/.test(args)) {
    const [key = '', ...rest] = args.split(/\s+/);
    return [[key, rest.length > 0 ? rest.join(' ') : undefined]];
  }
  const pairs: Array<[string, string | undefined]> = [];
  for (const match of args.matchAll(/([A-Za-z_]\w*)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|(?:[^\s\\]|\\.)*))?/g)) {
    pairs.push([match[1] ?? '', match[2] === undefined ? undefined : unquote(match[2])]);
  }
  return pairs;
}

/** The environment a container of `stage` starts with, for the given build arguments. */
export function imageEnv(stages: Stage[], stage: Stage, buildArgs: Env): Env {
  const env: Env = {};
  for (const current of ancestry(stages, stage)) {
    // ARGs are scoped to the stage that declares them; ENV is inherited by the stages built on it.
    const args: Env = {};
    for (const instruction of current.instructions) {
      if (instruction.keyword === 'ARG') {
        for (const [key, fallback] of keyValues(instruction.args)) args[key] = buildArgs[key] ?? fallback;
      } else if (instruction.keyword === 'ENV') {
        for (const [key, value] of keyValues(instruction.args)) env[key] = expand(value ?? '', { ...args, ...env });
      }
    }
  }
  return env;
}

/** The last value of a single-valued instruction (USER, CMD, HEALTHCHECK …) along the stage's ancestry. */
export function lastOf(stages: Stage[], stage: Stage, keyword: string): Instruction | undefined {
  return ancestry(stages, stage)
    .flatMap((current) => current.instructions)
    .filter((instruction) => instruction.keyword === keyword)
    .at(-1);
}

/** The argv of a CMD or HEALTHCHECK command: exec form as written, shell form through `/bin/sh -c`. */
export function commandArgv(args: string): string[] {
  if (args.startsWith('[')) {
    const parsed: unknown = JSON.parse(args);
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      throw new Error(`not a JSON array of strings: ${args}`);
    }
    return parsed;
  }
  return ['/bin/sh', '-c', args];
}
