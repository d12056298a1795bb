import { afterEach, describe, expect, it } from 'vitest';
import { ServiceProcess } from '../common/child-process.js';

/** A process answering 200 on any free port, printing the port. */
const SERVER = `const s = require('node:http').createServer((_, res) => res.end('ok')).listen(0, '127.0.0.1', () => console.log('port ' + s.address().port));`;
/** A process that never listens. */
const IDLE = 'setInterval(() => {}, 1000);';

describe('a stack process is ready when it answers itself', () => {
  const started: ServiceProcess[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((p) => p.stop(1_000)));
  });
  const start = (name: string, script: string) => {
    const p = new ServiceProcess(name, ['-e', script], { cwd: process.cwd(), env: process.env });
    started.push(p);
    return p;
  };

  it('another process answering 200 on the port it was given does not make it ready', async () => {
    const squatter = start('squatter', SERVER);
    const port = Number((await squatter.waitForLine(/^port (\d+)$/, 10_000))[1]);
    await squatter.waitForHttp(`http://127.0.0.1:${port}/readyz`, 5_000);

    const late = start('late', IDLE);
    await expect(late.waitForHttp(`http://127.0.0.1:${port}/readyz`, 1_000)).rejects.toThrow(/did not answer 200 within 1000 ms/);
  });
});
