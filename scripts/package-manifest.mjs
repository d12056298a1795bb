// The published libraries' package.json, while npm packs them (`npm pack`, `npm publish`: the
// `prepack` and `postpack` scripts): exports point at the build in dist/ (its ES module and its
// types). Otherwise, in the repository, exports point at the TypeScript sources, as every
// workspace package's do: the workspace, its tests and its tools use the sources with no build step.
//
//   node ../../scripts/package-manifest.mjs prepack|postpack   (run in the package's folder)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const stage = process.argv[2];
if (stage !== 'prepack' && stage !== 'postpack') {
  console.error('usage: node scripts/package-manifest.mjs prepack|postpack');
  process.exit(2);
}

const file = 'package.json';
const pkg = JSON.parse(readFileSync(file, 'utf8'));
const source = existsSync('src/index.tsx') ? './src/index.tsx' : './src/index.ts';

if (stage === 'prepack') {
  for (const built of [pkg.main, pkg.types]) {
    if (!existsSync(built)) {
      console.error(`${pkg.name}: ${built} is missing: the build (npm run build) did not write it`);
      process.exit(1);
    }
  }
}

pkg.exports = stage === 'prepack' ? { '.': { types: pkg.types, import: pkg.main, default: pkg.main }, './package.json': './package.json' } : { '.': source };
writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
