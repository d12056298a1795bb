import { randomBytes } from 'node:crypto';
import { createLogger } from '@parley/logger';
import { afterAll, describe, expect, it } from 'vitest';
import { type ContractCatalog, contractCatalog } from './contract/suite.js';
import { handlerMapFor, rpcHandlerFor, serveCatalog } from './handlers.js';
import { createInProcessBus } from './in-process/bus.js';

const handler = rpcHandlerFor<ContractCatalog, { prefix: string }>();
const echo = handler('echo', ({ prefix }) => (req, ctx) => ({
  text: `${prefix}${req.text}`,
  requestId: ctx.requestId,
  traceId: ctx.traceId,
  subject: ctx.subject,
}));
const fail = handler('fail', () => () => ({}));
// A service's own catalog: the part of the contract catalog these handlers are meant to answer.
const own = { echo: contractCatalog.rpc.echo, fail: contractCatalog.rpc.fail };

describe('serveCatalog', () => {
  const bus = createInProcessBus({
    catalog: contractCatalog,
    namespace: `t_${randomBytes(6).toString('hex')}`,
    logger: createLogger({ service: 'handlers-test', level: 'silent' }),
  });
  afterAll(() => bus.drain());

  it('serves each entry with its handler, built from the parts', async () => {
    const subscriptions = serveCatalog(bus, own, [echo, fail], { prefix: '> ' });
    try {
      expect(await bus.request('echo', { text: 'hi' })).toMatchObject({ text: '> hi' });
    } finally {
      await Promise.all(subscriptions.map((s) => s.drain()));
    }
  });

  it('refuses to start with an entry unhandled, a handler for no entry, or one subject handled twice', () => {
    expect(() => serveCatalog(bus, own, [echo], { prefix: '' })).toThrow(/unhandled fail; not in it -; twice -/);
    const slow = handler('slow', () => async () => ({ sleptMs: 0 }));
    expect(() => serveCatalog(bus, own, [echo, fail, slow], { prefix: '' })).toThrow(/unhandled -; not in it slow; twice -/);
    expect(() => serveCatalog(bus, own, [echo, fail, echo], { prefix: '' })).toThrow(/unhandled -; not in it -; twice echo/);
  });
});

describe('handlerMapFor', () => {
  const bus = createInProcessBus({
    catalog: contractCatalog,
    namespace: `t_${randomBytes(6).toString('hex')}`,
    logger: createLogger({ service: 'handler-map-test', level: 'silent' }),
  });
  afterAll(() => bus.drain());
  const handlers = handlerMapFor<ContractCatalog, { prefix: string }>();

  it("serves a feature's map of subjects, each built from the parts, one with its own serve options", async () => {
    const feature = handlers({
      echo:
        ({ prefix }) =>
        (req) => ({ text: `${prefix}${req.text}`, requestId: '', traceId: '', subject: '' }),
      fail: { build: () => () => ({}), options: { maxInFlight: 1 } },
    });
    expect(feature.map((h) => h.subject)).toEqual(['echo', 'fail']);
    expect(feature[1]?.options).toEqual({ maxInFlight: 1 });
    const subscriptions = serveCatalog(bus, own, feature, { prefix: '» ' });
    try {
      expect(await bus.request('echo', { text: 'hi' })).toMatchObject({ text: '» hi' });
    } finally {
      await Promise.all(subscriptions.map((s) => s.drain()));
    }
  });

  it('two features that answer one subject are refused at start-up, as two handlers are', () => {
    const one = handlers({ echo: () => (req) => ({ text: req.text, requestId: '', traceId: '', subject: '' }), fail: () => () => ({}) });
    const other = handlers({ echo: () => (req) => ({ text: req.text, requestId: '', traceId: '', subject: '' }) });
    expect(() => serveCatalog(bus, own, [...one, ...other], { prefix: '' })).toThrow(/twice echo/);
  });
});
