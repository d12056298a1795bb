#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so the MCP server needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/mcp-main.ts');
