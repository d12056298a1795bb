import { sessionsCatalog } from '@parley/contracts';
import { servedCatalogProblems } from '@parley/testing';
import { expect, it } from 'vitest';
import { sessionsHandlers } from './app.js';

it("answers every subject of its catalog from exactly one feature's handlers, and nothing else", () => {
  expect(servedCatalogProblems(sessionsCatalog.rpc, sessionsHandlers)).toEqual([]);
});
