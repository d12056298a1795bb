import { linksCatalog } from '@parley/contracts';
import { servedCatalogProblems } from '@parley/testing';
import { expect, it } from 'vitest';
import { linksHandlers } from './app.js';

it("answers every subject of its catalog from one feature's handlers, and nothing else", () => {
  expect(servedCatalogProblems(linksCatalog.rpc, linksHandlers)).toEqual([]);
});
