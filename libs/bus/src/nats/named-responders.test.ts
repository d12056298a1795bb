import { randomBytes } from 'node:crypto';
import { AppError } from '@parley/contracts';
import { createLogger } from '@parley/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { contractCatalog } from '../contract/suite.js';
import { createInProcessBus } from '../in-process/bus.js';
import type { Bus } from '../types.js';
import { createNatsBus } from './bus.js';
import { deleteNamespaceStreams } from './events.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = createLogger({ service: 'bus-test', level: 'silent' });

describe('nats bus: responders that name themselves', () => {
  const namespaces: string[] = [];
  const buses: Array<Bus<typeof contractCatalog>> = [];

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.drain().catch(() => undefined)));
    for (const namespace of namespaces.splice(0)) await deleteNamespaceStreams(servers, namespace);
  });

  const newNamespace = () => {
    const namespace = `t_${randomBytes(6).toString('hex')}`;
    namespaces.push(namespace);
    return namespace;
  };

  const newBus = async (namespace: string) => {
    const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger });
    buses.push(bus);
    return bus;
  };

  /** A caller and two responders, `a` and `b`, of contract.named in one namespace. */
  const threeProcesses = async () => {
    const namespace = newNamespace();
    const caller = await newBus(namespace);
    const serve = async (worker: string) => {
      const bus = await newBus(namespace);
      await bus.serve('named', async ({ n, fail }, ctx) => {
        if (fail) throw new AppError('conflict', `refused by ${worker}`);
        return { n, worker, ...(ctx.responder === undefined ? {} : { responder: ctx.responder }) };
      }).ready;
      return bus;
    };
    const a = await serve('a');
    const b = await serve('b');
    return { caller, a, b };
  };

  it("tells the caller who answered, and sends its later requests to that one – a refusal's too", async () => {
    const { caller } = await threeProcesses();
    let named: string | undefined;
    const first = await caller.request('named', { n: 0 }, { answeredBy: (responder) => (named = responder) });
    // The name the reply carried is the one the handler was told it answers as.
    expect(named).toBeDefined();
    expect(first.responder).toBe(named);

    const workers: string[] = [];
    for (let n = 1; n <= 20; n++) workers.push((await caller.request('named', { n }, { preferResponder: named as string })).worker);
    expect(workers).toEqual(Array(20).fill(first.worker));

    // Without a preference the requests are shared, as in any queue group.
    const shared = new Set<string>();
    for (let n = 0; n < 60 && shared.size < 2; n++) shared.add((await caller.request('named', { n })).worker);
    expect(shared).toEqual(new Set(['a', 'b']));

    // A refusal is an answer too: it names its responder.
    let refusedBy: string | undefined;
    await expect(
      caller.request('named', { n: 1, fail: true }, { preferResponder: named as string, answeredBy: (responder) => (refusedBy = responder) }),
    ).rejects.toMatchObject({ code: 'conflict', message: `refused by ${first.worker}` });
    expect(refusedBy).toBe(named);
  });

  it('sends a request offered to a responder that is gone to the one left, without an error', async () => {
    const { caller, a, b } = await threeProcesses();
    const names = new Map<string, string>();
    for (let n = 0; names.size < 2; n++) {
      if (n > 100) throw new Error('both responders never answered');
      let responder = '';
      const { worker } = await caller.request('named', { n }, { answeredBy: (name) => (responder = name) });
      names.set(worker, responder);
    }
    await a.drain();
    let answeredBy: string | undefined;
    const answer = await caller.request('named', { n: 7 }, { preferResponder: names.get('a') as string, answeredBy: (name) => (answeredBy = name) });
    expect(answer).toMatchObject({ n: 7, worker: 'b' });
    expect(answeredBy).toBe(names.get('b'));
    // A name nobody ever had is no different.
    await expect(caller.request('named', { n: 8 }, { preferResponder: 'nobody' })).resolves.toMatchObject({ n: 8, worker: 'b' });
    await b.drain();
    // With none left, the caller hears so at once, as without a preference.
    await expect(caller.request('named', { n: 9 }, { preferResponder: names.get('b') as string })).rejects.toMatchObject({
      code: 'unavailable',
      details: { reason: 'no_responders' },
    });
  });

  /** `run` 100 times, each time with a process that has just connected beside one that stays. */
  const besideNewcomers = async (run: (stays: Bus<typeof contractCatalog>, newcomer: Bus<typeof contractCatalog>, n: number) => Promise<void>) => {
    const namespace = newNamespace();
    const stays = await newBus(namespace);
    for (let n = 0; n < 100; n++) {
      const newcomer = await newBus(namespace);
      await run(stays, newcomer, n);
      await newcomer.drain();
    }
  };

  it('has a responder on another connection answer as soon as its subscription says it is ready', async () => {
    await besideNewcomers(async (caller, responder, n) => {
      await responder.serve('work', async (payload) => ({ n: payload.n, worker: `w${n}` })).ready;
      await expect(caller.request('work', { n })).resolves.toEqual({ n, worker: `w${n}` });
    });
  });

  it('has a listener on another connection hear a broadcast as soon as its subscription says it is ready', async () => {
    await besideNewcomers(async (sender, listener, n) => {
      let heard: number | undefined;
      await listener.listen('ping', ({ n: got }) => {
        heard = got;
      }).ready;
      await sender.broadcast('ping', { n });
      // At most once: a broadcast the server sent before it had the subscription is not heard at all.
      await expect.poll(() => heard, { timeout: 2000, interval: 5 }).toBe(n);
    });
  });

  it('names no responder on a subject whose responders are not named', async () => {
    const { caller, a } = await threeProcesses();
    await a.serve('work', async ({ n }) => ({ n, worker: 'a' })).ready;
    let told = false;
    await expect(caller.request('work', { n: 1 }, { answeredBy: () => (told = true) })).resolves.toEqual({ n: 1, worker: 'a' });
    expect(told).toBe(false);
  });
});

describe('in-process bus: responders that name themselves', () => {
  it('answers as ever, names no responder and takes a preference as none', async () => {
    const bus = createInProcessBus({ catalog: contractCatalog, logger });
    bus.serve('named', async ({ n }, ctx) => ({ n, worker: 'only', ...(ctx.responder === undefined ? {} : { responder: ctx.responder }) }));
    let told = false;
    await expect(bus.request('named', { n: 1 }, { preferResponder: 'elsewhere', answeredBy: () => (told = true) })).resolves.toEqual({
      n: 1,
      worker: 'only',
    });
    expect(told).toBe(false);
    await bus.drain();
  });
});
