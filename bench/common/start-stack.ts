import { createLogger } from '@parley/logger';
import { startOneProcessStack } from './one-process-stack.js';
import { startRealStack } from './real-stack.js';
import type { Mode, Stack, StackOptions } from './stack.js';

/** The bench's own logger: only what goes wrong. */
export const quietLogger = () => createLogger({ service: 'bench', level: 'warn' });

/** The stack of a mode, ready to serve. */
export function startStack(mode: Mode, options: StackOptions): Promise<Stack> {
  if (mode === 'one-process') return startOneProcessStack(options);
  return startRealStack({ ...options, logger: quietLogger() });
}
