import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { distinctPorts, freeLoopbackPort } from './free-port.js';

describe('freeLoopbackPort', () => {
  it('gives a port a server can listen on, and never the same one twice in a process', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 200; i++) ports.push(await freeLoopbackPort());
    expect(new Set(ports).size).toBe(ports.length);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports.at(-1), '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it('asks the system again when it offers a port already handed out', async () => {
    const offered = [41000, 41001, 41000, 41001, 41002];
    const next = distinctPorts(async () => offered.shift() as number);
    expect([await next(), await next(), await next()]).toEqual([41000, 41001, 41002]);
    expect(offered).toEqual([]);
  });
});
