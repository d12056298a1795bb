import { join } from 'node:path';
import { childEnv, type ServiceProcess, startService } from './child-process.js';
import { repoRoot } from './stack.js';

const READY_TIMEOUT_MS = 30_000;

/** The fake LLM server's process and the base URL to give the agent-runner as OPENAI_BASE_URL. */
export interface FakeLlmProcess {
  url: string;
  process: ServiceProcess;
  stop(): Promise<void>;
}

/**
 * Starts the OpenAI-compatible fake LLM server (fake-llm-server.ts) as a child process of the
 * bench on loopback: not a child of any service, so the CPU table shows it as its own part,
 * outside the stack's figures and the load generator's. `delayMs`: it answers each completion
 * after that long (default at once).
 */
export async function startFakeLlmProcess(options: { delayMs?: number } = {}): Promise<FakeLlmProcess> {
  const delay = options.delayMs ? [String(options.delayMs)] : [];
  const child = startService('fake LLM', ['--import', 'tsx', join('bench', 'common', 'fake-llm-server.ts'), ...delay], { cwd: repoRoot, env: childEnv({}) });
  try {
    const [, url] = await child.waitForLine(/fake LLM: (http:\/\/\S+)/, READY_TIMEOUT_MS);
    return { url: url ?? '', process: child, stop: () => child.stop() };
  } catch (error) {
    await child.stop();
    throw error;
  }
}
