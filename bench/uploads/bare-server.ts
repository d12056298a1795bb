import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * The floor under the gateway's figures: a bare node:http server in a process of its own that
 * reads each request body to its end and drops it, answering 201. Node.js reads a socket in
 * 64 KiB buffers that stay resident until a collection frees them, so a 10 MiB body passing
 * through any Node.js server raises its RSS for a while by however many of them await the next
 * collection; what the gateway shows beyond this is its own.
 */
const SERVER = `
const { createServer } = require('node:http');
const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => { res.statusCode = 201; res.end('{"bytes":0}'); });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

export async function startBareServer(): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  if (child.pid === undefined) throw new Error('the bare server did not start');
  return {
    url: `http://127.0.0.1:${Number(line)}`,
    pid: child.pid,
    async stop() {
      child.stdin.end();
      await exited;
    },
  };
}
