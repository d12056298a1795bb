import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { artifactText, gatewayDocument, OPENAPI_FILE } from './openapi-artifact.js';

// Writes libs/client/openapi.json from the gateway's routes (`npm run openapi -w @parley/gateway`,
// which then generates the client's types from it).
const text = artifactText(await gatewayDocument());
await writeFile(OPENAPI_FILE, text);
console.log(`wrote ${fileURLToPath(OPENAPI_FILE)} (${text.length} characters)`);
