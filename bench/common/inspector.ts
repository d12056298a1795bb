import { WebSocket } from 'undici';
import type { ServiceProcess } from './child-process.js';

const urls = new WeakMap<ServiceProcess, string>();

/**
 * The inspector's address, as the process printed it at start; remembered, since the process's
 * output keeps only its last lines and a busy one pushes that line out.
 */
export async function inspectorUrl(process: ServiceProcess): Promise<string> {
  const known = urls.get(process);
  if (known) return known;
  const [, url] = await process.waitForLine(/Debugger listening on (ws:\/\/\S+)/, 10_000);
  if (!url) throw new Error(`${process.name} printed no inspector URL`);
  urls.set(process, url);
  return url;
}

/**
 * Asks a process started with `--inspect` (its inspector on loopback) for a full garbage
 * collection, through the DevTools protocol: what stays resident after it is what the process
 * really holds, not garbage the heap has not got round to collecting.
 */
export async function collectGarbage(process: ServiceProcess): Promise<void> {
  const socket = new WebSocket(await inspectorUrl(process));
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

/**
 * Evaluates `expression` in the main context of a process started with `--inspect` and answers
 * its value (JSON-serialisable values only), e.g. `process.memoryUsage()` after `collectGarbage`.
 */
export async function evaluateIn<T>(process: ServiceProcess, expression: string): Promise<T> {
  const socket = new WebSocket(await inspectorUrl(process));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error('cannot reach the inspector')), { once: true });
    });
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the inspector did not answer')), 60_000);
      socket.addEventListener('message', (event) => {
        const message = JSON.parse(String(event.data));
        if (message.id !== 1) return;
        clearTimeout(timer);
        const { result, exceptionDetails } = message.result ?? {};
        if (exceptionDetails) reject(new Error(`${expression}: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`));
        else resolve(result?.value as T);
      });
      socket.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, returnByValue: true, awaitPromise: true } }));
    });
  } finally {
    socket.close();
  }
}
