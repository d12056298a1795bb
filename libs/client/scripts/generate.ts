import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { GENERATED_FILE, generatedTypes } from './openapi-types.js';

const source = await generatedTypes();
await writeFile(GENERATED_FILE, source);
console.log(`wrote ${fileURLToPath(GENERATED_FILE)} (${source.length} characters)`);
