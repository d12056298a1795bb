import { memoryCatalog } from '@parley/contracts';
import { servedCatalogProblems } from '@parley/testing';
import { expect, it } from 'vitest';
import { memoryHandlers } from './app.js';

it("answers every subject of its catalog from one feature's handlers, and nothing else", () => {
  expect(servedCatalogProblems(memoryCatalog.rpc, memoryHandlers)).toEqual([]);
});
