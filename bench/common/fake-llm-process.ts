import { once } from 'node:events';
import { join } from 'node:path';
import { childEnv, type ServiceProcess, startService } from './child-process.js';
import { repoRoot } from './stack.js';

const READY_TIMEOUT_MS = 30_000;

/**
 * The fake LLM server's process: the base URL to give the agent-runner as OPENAI_BASE_URL, and
 * the shop service's, which the tool bench agent's http tool calls.
 */
export interface FakeLlmProcess {
  url: string;
  shopUrl: string;
  process: ServiceProcess;
  /** Stops the process; resolves with how many requests the shop served (undefined if it could not say). */
  stop(): Promise<{ shopRequests: number | undefined }>;
}

/**
 * Starts the OpenAI-compatible fake LLM server, with the shop service beside it
 * (fake-llm-server.ts), as a child process of the bench on loopback: not a child of any service,
 * so the CPU table shows it as its own part, outside the stack's figures and the load
 * generator's. `delayMs`: it answers each completion after that long (default at once).
 */
export async function startFakeLlmProcess(options: { delayMs?: number } = {}): Promise<FakeLlmProcess> {
  const delay = options.delayMs ? [String(options.delayMs)] : [];
  const child = startService('fake LLM', ['--import', 'tsx', join('bench', 'common', 'fake-llm-server.ts'), ...delay], { cwd: repoRoot, env: childEnv({}) });
  try {
    const [, url] = await child.waitForLine(/fake LLM: (http:\/\/\S+)/, READY_TIMEOUT_MS);
    const [, shopUrl] = await child.waitForLine(/shop: (http:\/\/\S+)/, READY_TIMEOUT_MS);
    return { url: url ?? '', shopUrl: shopUrl ?? '', process: child, stop: () => stopCounting(child) };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Stops the process and reads the count it prints last (its output read to the end: the exit can come before it). */
async function stopCounting(child: ServiceProcess): Promise<{ shopRequests: number | undefined }> {
  const stdout = child.child.stdout;
  const ended = stdout && !stdout.readableEnded ? once(stdout, 'end').catch(() => undefined) : Promise.resolve();
  await child.stop();
  await ended;
  const counted = /shop requests: (\d+)/.exec(child.output());
  return { shopRequests: counted ? Number(counted[1]) : undefined };
}
