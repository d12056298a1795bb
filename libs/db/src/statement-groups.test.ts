import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { StatementGroups, statementRolledBack } from './statement-groups.js';

/** An error PostgreSQL answered, as node-postgres reports it. */
const pgError = (code: string) => Object.assign(new Error(`error ${code}`), { code, severity: 'ERROR' });

describe('StatementGroups', () => {
  it('sends the items added in one turn of the event loop together, and those that come while it is under way in the next, answering each its own', async () => {
    const statements: number[][] = [];
    const groups = new StatementGroups<number, string>(
      async (items) => {
        statements.push(items);
        await new Promise((resolve) => setTimeout(resolve, 5));
        return items.map((n) => `answer ${n}`);
      },
      { maxGroup: 3 },
    );
    const first = groups.add(1);
    await nextLoopTurn();
    // The first went alone; the five that came meanwhile go three to a statement at most.
    expect(statements).toEqual([[1]]);
    const answers = await Promise.all([first, ...[2, 3, 4, 5, 6].map((n) => groups.add(n))]);
    expect(answers).toEqual([1, 2, 3, 4, 5, 6].map((n) => `answer ${n}`));
    expect(statements).toEqual([[1], [2, 3, 4], [5, 6]]);
    // With nothing under way, the items of one turn of the loop still go together.
    expect(await Promise.all([groups.add(7), groups.add(8)])).toEqual(['answer 7', 'answer 8']);
    expect(statements.at(-1)).toEqual([7, 8]);
    expect(await groups.add(9)).toBe('answer 9');
    expect(statements.at(-1)).toEqual([9]);
  });

  it('tells each statement’s time and how long each of its items waited behind the one under way, failed ones too', async () => {
    let now = 0;
    const releases: Array<() => void> = [];
    const timings: Array<{ tookMs: number; waitedMs: number[] }> = [];
    const groups = new StatementGroups<number, number>(
      (items) =>
        new Promise((resolve, reject) => {
          releases.push(() => (items.includes(9) ? reject(new Error('Connection terminated unexpectedly')) : resolve(items)));
        }),
      { maxGroup: 10, clock: () => now, onStatement: (timing) => timings.push(timing) },
    );
    const first = groups.add(1);
    await nextLoopTurn();
    now = 2;
    const second = groups.add(2);
    now = 5;
    const third = groups.add(9);
    now = 12;
    releases[0]?.();
    await first;
    // The first went at 0 and answered at 12; the two behind it went then, after 10 and 7 ms.
    expect(timings).toEqual([{ tookMs: 12, waitedMs: [0] }]);
    now = 15;
    releases[1]?.();
    await expect(Promise.all([second, third])).rejects.toThrow('Connection terminated');
    expect(timings[1]).toEqual({ tookMs: 3, waitedMs: [10, 7] });
  });

  it('runs a group that failed and surely did nothing item by item, so one item’s failure is its own', async () => {
    const statements: number[][] = [];
    const groups = new StatementGroups<number, string>(
      async (items) => {
        statements.push(items);
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (items.includes(3)) throw pgError('23505');
        return items.map(String);
      },
      { maxGroup: 10, answerOnError: (error) => ((error as { code?: string }).code === '23505' ? 'taken' : undefined) },
    );
    const first = groups.add(1);
    await nextLoopTurn();
    const answers = await Promise.allSettled([first, ...[2, 3, 4].map((n) => groups.add(n))]);
    expect(answers).toEqual([1, 2, 'taken', 4].map((value) => ({ status: 'fulfilled', value: String(value) })));
    expect(statements).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('fails every item of a group whose connection broke: its statement may have committed', async () => {
    let runs = 0;
    const groups = new StatementGroups<number, number>(
      async (items) => {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (items.length > 1) throw new Error('Connection terminated unexpectedly');
        return items;
      },
      { maxGroup: 10 },
    );
    const first = groups.add(1);
    await nextLoopTurn();
    const answers = await Promise.allSettled([first, groups.add(2), groups.add(3)]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
    expect(runs).toBe(2);
  });

  it('sends the items behind a stalled statement in one of their own, so a lock held elsewhere holds back only its own', async () => {
    let unblock = () => {};
    const blocked = new Promise<void>((resolve) => {
      unblock = resolve;
    });
    const statements: number[][] = [];
    const groups = new StatementGroups<number, number>(
      async (items) => {
        statements.push(items);
        if (items.includes(1)) await blocked;
        return items;
      },
      { maxGroup: 10, stallMs: 20 },
    );
    const first = groups.add(1);
    await nextLoopTurn();
    const others = [groups.add(2), groups.add(3)];
    expect(await Promise.all(others)).toEqual([2, 3]);
    // Also those that come once it has stalled.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(await Promise.all([groups.add(4), groups.add(5)])).toEqual([4, 5]);
    expect(statements).toEqual([[1], [2, 3], [4, 5]]);
    unblock();
    expect(await first).toBe(1);
  });

  it('tells a rolled-back statement from one whose answer may be lost', () => {
    expect(statementRolledBack(pgError('23505'))).toBe(true);
    expect(statementRolledBack(pgError('40P01'))).toBe(true);
    expect(statementRolledBack(pgError('08006'))).toBe(false);
    expect(statementRolledBack(pgError('57P01'))).toBe(false);
    expect(statementRolledBack(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(statementRolledBack(new Error('Connection terminated unexpectedly'))).toBe(false);
    // A socket's error code has the shape of a SQLSTATE, but no server said it.
    expect(statementRolledBack(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32 }))).toBe(false);
  });
});
