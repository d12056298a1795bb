import runnerModerate from './runner.moderate.js';
import runnerTurn from './runner.turn.js';

/** Every subject of the runner's catalog (libs/contracts/src/catalog/runner.ts), one file each. */
export const runnerHandlers = [runnerTurn, runnerModerate];
