// The root `prepare` script: `npm install` and `npm ci` build the pages, so `npm start` and the
// tests find web/dist/ without a manual step. An install without the web sources (the Docker
// image's dependency layer, which holds only the manifests) has nothing to build yet.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const web = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(`${web}/vite.config.ts`)) {
  console.log('web: sources absent, pages not built (npm run build builds them)');
  process.exit(0);
}
const result = spawnSync('npm', ['run', 'build'], { cwd: web, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
