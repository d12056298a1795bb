import { linksCatalog } from '@parley/contracts';
import { handlerFolderProblems } from '@parley/testing';
import { expect, it } from 'vitest';
import { linksHandlers } from './index.js';

it('answers every subject of its catalog from a file of its own, and nothing else', async () => {
  expect(await handlerFolderProblems(import.meta.dirname, linksCatalog.rpc, linksHandlers)).toEqual([]);
});
