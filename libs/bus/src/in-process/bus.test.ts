import { randomBytes } from 'node:crypto';
import { contractCatalog, runBusContract } from '../contract/suite.js';
import { createInProcessBus } from './bus.js';

runBusContract('in-process', async (logger, options) => {
  const bus = createInProcessBus({ catalog: contractCatalog, namespace: `t_${randomBytes(6).toString('hex')}`, logger, ...options });
  return { bus, cleanup: () => bus.drain() };
});
