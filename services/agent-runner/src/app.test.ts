import { runnerCatalog } from '@parley/contracts';
import { servedCatalogProblems } from '@parley/testing';
import { expect, it } from 'vitest';
import { runnerHandlers } from './app.js';

it("answers every subject of its catalog from one feature's handlers, and nothing else", () => {
  expect(servedCatalogProblems(runnerCatalog.rpc, runnerHandlers)).toEqual([]);
});
