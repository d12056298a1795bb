import { WebSocket } from 'undici';
import type { ServiceProcess } from './child-process.js';

/**
 * Asks a process started with `--inspect` (its inspector on loopback) for a full garbage
 * collection, through the DevTools protocol: what stays resident after it is what the process
 * really holds, not garbage the heap has not got round to collecting.
 */
export async function collectGarbage(process: ServiceProcess): Promise<void> {
  const [, url] = await process.waitForLine(/Debugger listening on (ws:\/\/\S+)/, 10_000);
  if (!url) throw new Error(`${process.name} printed no inspector URL`);
  const socket = new WebSocket(url);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('cannot reach the inspector')), { once: true });
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the inspector did not answer')), 30_000);
      socket.addEventListener('message', (event) => {
        if (JSON.parse(String(event.data)).id === 1) {
          clearTimeout(timer);
          resolve();
        }
      });
      socket.send(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' }));
    });
  } finally {
    socket.close();
  }
}
