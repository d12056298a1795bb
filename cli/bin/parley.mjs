#!/usr/bin/env node
// `parley`, also installed as `chat`: the Text Chat API client. Runs the TypeScript sources
// through tsx, so the CLI needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
