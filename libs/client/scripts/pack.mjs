// While npm packs the package (pack, publish), it points at its build in dist/; otherwise, in the
// workspace, at its TypeScript sources, as every package of the repository does.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package.json', import.meta.url);
const pkg = JSON.parse(readFileSync(file, 'utf8'));
pkg.exports = process.argv[2] === 'prepack' ? { '.': { types: './dist/index.d.ts', import: './dist/index.js' } } : { '.': './src/index.ts' };
writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
