import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { saveScreenshot, watchPage } from '@parley/testing';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWidgetPlatform, type WidgetPlatform } from '../../../services/gateway/test/widget-fixtures.js';

// The four libraries as a site owner gets them (docs/releasing.md): each packed by `npm pack` –
// its prepack builds it – and installed from its tarball into new Vite + TypeScript projects
// outside the repository, next to React, Vue, Vite and TypeScript from the npm registry. The
// projects are type-checked and built, their builds served and opened in Chromium against a
// running gateway. No registry, no test: an install that cannot reach it fails here.

const repoRoot = realpathSync(fileURLToPath(new URL('../../..', import.meta.url)));

const PACKAGES = ['@parley/client', '@parley/widget-embed', '@parley/widget-react', '@parley/widget-vue'] as const;
type PackageName = (typeof PACKAGES)[number];
const folderOf = (name: PackageName) => join(repoRoot, 'libs', name.slice('@parley/'.length));
const readManifest = (name: PackageName) => JSON.parse(readFileSync(join(folderOf(name), 'package.json'), 'utf8')) as { version: string };

/** What the new projects install from the registry: the versions the repository itself builds with. */
const REGISTRY = {
  vite: '^8.3.8',
  typescript: '^7.0.2',
  '@types/node': '^24.10.0',
  react: '^19.3.1',
  'react-dom': '^19.3.1',
  '@types/react': '^19.3.0',
  '@types/react-dom': '^19.3.0',
  '@vitejs/plugin-react': '^6.3.0',
  vue: '^3.5.45',
  '@vitejs/plugin-vue': '^6.0.11',
};
const from = (...names: Array<keyof typeof REGISTRY>) => Object.fromEntries(names.map((name) => [name, REGISTRY[name]]));

const ANSWER = 'Bring it in on Monday: the repair takes two days.';

/**
 * The environment of a command run for a project outside the repository: without the variables
 * `npm test` sets (npm_config_*, npm_package_*), which would point npm at the repository.
 */
function outsideEnv(more: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD'));
  return { ...env, NO_COLOR: '1', ...more };
}

/** Runs a command to its end; a failure throws with everything it printed. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = outsideEnv()): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${code}:\n${output}`));
    });
  });
}

/** A project's own TypeScript and Vite, run by this Node. */
const tsc = (project: string, config: string) => run(process.execPath, [join(project, 'node_modules/typescript/bin/tsc'), '-p', config], project);
const viteBuild = (project: string, env: Record<string, string>) =>
  run(process.execPath, [join(project, 'node_modules/vite/bin/vite.js'), 'build'], project, outsideEnv(env));

/** The tarball's file names (without `package/`). */
async function filesOf(tarball: string): Promise<string[]> {
  const listing = await run('tar', ['-tzf', tarball], tmpdir());
  return listing
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''))
    .sort();
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** A site's build served as a static host would: its files, index.html for any other path. */
async function serveBuild(dist: string): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dist, path);
    const found = file.startsWith(dist) && existsSync(file) && (await stat(file)).isFile() ? file : join(dist, 'index.html');
    response.writeHead(200, { 'content-type': TYPES[extname(found)] ?? 'application/octet-stream' }).end(await readFile(found));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Another host name than the gateway's 127.0.0.1: the site is on another origin.
  const url = `http://localhost:${(server.address() as { port: number }).port}/`;
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
}

const INDEX_HTML = (script: string) =>
  `<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />\n    <meta name="viewport" content="width=device-width, initial-scale=1" />\n    <title>Spoke &amp; Chain bikes</title>\n  </head>\n  <body>\n    <div id="app"></div>\n    <script type="module" src="${script}"></script>\n  </body>\n</html>\n`;

/** What Vite's templates declare: `import.meta.env` with the site's own variables. */
const VITE_ENV_D_TS = `/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** The Parley platform's origin. */
  readonly VITE_PARLEY_URL: string;
  /** The public link's token. */
  readonly VITE_PARLEY_TOKEN: string;
}
`;

const BROWSER_TSCONFIG = (more: Record<string, unknown>) =>
  json({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
      module: 'ESNext',
      moduleResolution: 'bundler',
      strict: true,
      noEmit: true,
      // The packages' declarations are checked too, with everything else in node_modules.
      skipLibCheck: false,
      types: ['vite/client'],
      ...more,
    },
    include: ['src'],
  });

/** A React site: the chat, and a list of the messages its `onMessage` heard. */
const REACT_PROJECT = (tarballs: Record<PackageName, string>) => ({
  'package.json': json({
    name: 'spoke-and-chain-react',
    private: true,
    type: 'module',
    dependencies: {
      '@parley/widget-react': `file:${tarballs['@parley/widget-react']}`,
      // Where the widget loader comes from until the packages are on the registry.
      '@parley/widget-embed': `file:${tarballs['@parley/widget-embed']}`,
      '@parley/client': `file:${tarballs['@parley/client']}`,
      ...from('react', 'react-dom'),
    },
    devDependencies: from('vite', 'typescript', '@types/node', '@types/react', '@types/react-dom', '@vitejs/plugin-react'),
  }),
  'index.html': INDEX_HTML('/src/main.tsx'),
  'vite.config.ts': `import react from '@vitejs/plugin-react';\nimport { defineConfig } from 'vite';\n\nexport default defineConfig({ plugins: [react()] });\n`,
  'tsconfig.json': BROWSER_TSCONFIG({ jsx: 'react-jsx' }),
  'src/vite-env.d.ts': VITE_ENV_D_TS,
  'src/main.tsx': `import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { type ChatWidgetMessage, ParleyChat } from '@parley/widget-react';

function App() {
  const [said, setSaid] = useState<string[]>([]);
  const heard = (message: ChatWidgetMessage) => setSaid((lines) => [...lines, \`\${message.role}: \${message.content}\`]);
  return (
    <main>
      <h1>Spoke &amp; Chain bikes</h1>
      <ParleyChat platformUrl={import.meta.env.VITE_PARLEY_URL} token={import.meta.env.VITE_PARLEY_TOKEN} onMessage={heard} />
      <ul aria-label="What the chat said">
        {said.map((line, i) => (
          <li key={i}>{line}</li>
        ))}
      </ul>
    </main>
  );
}

createRoot(document.getElementById('app') as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
`,
  // The client in Node, compiled by TypeScript as a program of its own.
  'tsconfig.node.json': json({
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      skipLibCheck: false,
      rootDir: 'scripts',
      outDir: 'out',
      types: ['node'],
    },
    files: ['scripts/ask.ts'],
  }),
  'scripts/ask.ts': `import { createParleyClient, ParleyApiError } from '@parley/client';

const [baseUrl = '', token = ''] = process.argv.slice(2);
const visitor = createParleyClient({ baseUrl }).publicChat(token);
const link = await visitor.link();
const reply = await visitor.send('When can I bring my bike?');
const refused = await createParleyClient({ baseUrl })
  .publicChat('no-such-link')
  .link()
  .catch((error: unknown) => (error instanceof ParleyApiError ? error.code : String(error)));
console.log(JSON.stringify({ title: link.title, session: reply.session, response: reply.response, refused }));
`,
});

/** A Vue site: a single-file component with the chat, its props typed in TypeScript. */
const VUE_PROJECT = (tarballs: Record<PackageName, string>) => ({
  'package.json': json({
    name: 'spoke-and-chain-vue',
    private: true,
    type: 'module',
    dependencies: {
      '@parley/widget-vue': `file:${tarballs['@parley/widget-vue']}`,
      '@parley/widget-embed': `file:${tarballs['@parley/widget-embed']}`,
      ...from('vue'),
    },
    devDependencies: from('vite', 'typescript', '@vitejs/plugin-vue'),
  }),
  'index.html': INDEX_HTML('/src/main.ts'),
  'vite.config.ts': `import vue from '@vitejs/plugin-vue';\nimport { defineConfig } from 'vite';\n\nexport default defineConfig({ plugins: [vue()] });\n`,
  'tsconfig.json': BROWSER_TSCONFIG({}),
  'src/vite-env.d.ts': `${VITE_ENV_D_TS}\ndeclare module '*.vue' {\n  import type { DefineComponent } from 'vue';\n  const component: DefineComponent;\n  export default component;\n}\n`,
  'src/chat.ts': `import { type ChatWidgetMessage, ParleyChat } from '@parley/widget-vue';
import { ref } from 'vue';

/** The chat's props, checked against the component's. */
export const chat = {
  platformUrl: import.meta.env.VITE_PARLEY_URL,
  token: import.meta.env.VITE_PARLEY_TOKEN,
} satisfies InstanceType<typeof ParleyChat>['$props'];

export const said = ref<string[]>([]);

export function heard(message: ChatWidgetMessage): void {
  said.value.push(\`\${message.role}: \${message.content}\`);
}
`,
  'src/App.vue': `<script setup lang="ts">
import { ParleyChat } from '@parley/widget-vue';
import { chat, heard, said } from './chat';
</script>

<template>
  <main>
    <h1>Spoke &amp; Chain bikes</h1>
    <ParleyChat v-bind="chat" @message="heard" />
    <ul aria-label="What the chat said">
      <li v-for="(line, i) in said" :key="i">{{ line }}</li>
    </ul>
  </main>
</template>
`,
  'src/main.ts': `import { createApp } from 'vue';
import App from './App.vue';

createApp(App).mount('#app');
`,
});

/** Puts package.json back as the repository has it, had a pack stopped between its prepack and postpack. */
async function restoreManifests(): Promise<void> {
  for (const name of PACKAGES) {
    const manifest = JSON.parse(readFileSync(join(folderOf(name), 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    if (typeof manifest.exports['.'] !== 'string') await run(process.execPath, [join(repoRoot, 'scripts/package-manifest.mjs'), 'postpack'], folderOf(name));
  }
}

describe('the published packages, installed from their tarballs into new Vite + TypeScript projects', () => {
  let work = '';
  const tarballs = {} as Record<PackageName, string>;
  let platform: WidgetPlatform | undefined;
  const sites: Array<{ url: string; close(): Promise<void> }> = [];
  let reactSite = '';
  let vueSite = '';
  let react = '';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'parley-packages-'));
    const packs = join(work, 'packs');
    await mkdir(packs);
    try {
      // As a release packs them: each prepack builds its package (tsdown) and points its exports at dist/.
      await run('npm', ['pack', '--pack-destination', packs, ...PACKAGES.flatMap((name) => ['-w', name])], repoRoot, process.env);
    } finally {
      await restoreManifests();
    }
    for (const file of await readdir(packs)) {
      const name = PACKAGES.find((candidate) => file === `${candidate.slice(1).replace('/', '-')}-${readManifest(candidate).version}.tgz`);
      if (name) tarballs[name] = join(packs, file);
    }
    expect(Object.keys(tarballs).sort()).toEqual([...PACKAGES].sort());

    react = join(work, 'react-site');
    const vue = join(work, 'vue-site');
    await writeFiles(react, REACT_PROJECT(tarballs));
    await writeFiles(vue, VUE_PROJECT(tarballs));
    const install = (dir: string) => run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--fetch-retries=1'], dir);
    // The installs and the platform start side by side; a failed install fails the test, loudly.
    const [installedReact, installedVue, started] = await Promise.allSettled([install(react), install(vue), startWidgetPlatform()]);
    if (started.status === 'fulfilled') platform = started.value;
    for (const result of [installedReact, installedVue, started]) if (result.status === 'rejected') throw result.reason;
    if (!platform) throw new Error('the platform did not start');

    const env = { VITE_PARLEY_URL: platform.gateway.url, VITE_PARLEY_TOKEN: platform.token };
    for (const dir of [react, vue]) {
      await tsc(dir, 'tsconfig.json');
      await viteBuild(dir, env);
    }
    await tsc(react, 'tsconfig.node.json');
    for (const dir of [react, vue]) sites.push(await serveBuild(join(dir, 'dist')));
    [reactSite = '', vueSite = ''] = sites.map((site) => site.url);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(sites.map((site) => site.close()));
    await platform?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('are built JavaScript and types, with a README and nothing else, and publint finds nothing wrong', async () => {
    for (const name of PACKAGES) {
      const tarball = tarballs[name];
      const files = await filesOf(tarball);
      expect(files, name).toEqual(['README.md', 'dist/index.d.ts', 'dist/index.js', 'package.json']);
      const { messages, pkg } = await publint({ pack: { tarball: (await readFile(tarball)).buffer as ArrayBuffer }, strict: true });
      expect(
        messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`),
        name,
      ).toEqual([]);
      const manifest = pkg as { private?: boolean; exports: Record<string, unknown>; publishConfig?: { access?: string } };
      expect(manifest.private, `${name} is not private`).toBeUndefined();
      expect(manifest.publishConfig?.access).toBe('public');
      expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.js' });
      console.log(`${name}: ${(await stat(tarball)).size} bytes packed`);
    }
    // React and Vue are the site's own: peers, imported by the build, never bundled into it.
    const reactBuild = await run('tar', ['-xzOf', tarballs['@parley/widget-react'], 'package/dist/index.js'], tmpdir());
    expect(reactBuild).toMatch(/from "react"/);
    expect(reactBuild).toMatch(/from "@parley\/widget-embed"/);
    const vueBuild = await run('tar', ['-xzOf', tarballs['@parley/widget-vue'], 'package/dist/index.js'], tmpdir());
    expect(vueBuild).toMatch(/from "vue"/);
  });

  it.each([
    ['React', () => reactSite],
    ['Vue', () => vueSite],
  ])('%s: the built site shows the launcher, and a message gets its answer', async (framework, site) => {
    if (!platform) throw new Error('the platform did not start');
    const context = await platform.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const problems = await watchPage(page);
    await page.goto(site());
    await page.getByRole('heading', { name: 'Spoke & Chain bikes' }).waitFor();
    await page.getByRole('button', { name: 'Open chat' }).click();
    await page.getByText('Hello! Ask us about your repair.').waitFor();

    platform.llm.setHandler(() => ({ content: ANSWER }));
    await page.getByLabel('Message').fill('When can I bring my bike?');
    await page.keyboard.press('Enter');
    await page.locator('.message.assistant', { hasText: ANSWER }).waitFor();
    // The component's message event reached the site's own code.
    await page.getByRole('list', { name: 'What the chat said' }).getByText(`assistant: ${ANSWER}`).waitFor();
    await saveScreenshot(page, `published-${framework.toLowerCase()}-site`);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('@parley/client, compiled by the project as a Node program, asks the gateway and reads typed answers', async () => {
    if (!platform) throw new Error('the platform did not start');
    platform.llm.setHandler(() => ({ content: ANSWER }));
    const output = await run(process.execPath, [join(react, 'out/ask.js'), platform.gateway.url, platform.token], react);
    expect(JSON.parse(output)).toEqual({ title: 'Spoke & Chain help', session: expect.stringMatching(/^pcs_/), response: ANSWER, refused: 'not_found' });
  });
});
