import type { ProofOfWorkChallenge, ProofOfWorkPayload } from '@parley/contracts';
import { ApiError, call } from './api';

/**
 * A link's proof of work, solved by the page without the visitor seeing it (docs/public-chat-api.md "Proof
 * of work"): ALTCHA's SHA-256 search, with Web Crypto on the page's own thread – a worker would
 * need a blob: or extra script the widget's host pages may forbid by their policy. Tries go in
 * rounds hashed together; between rounds the page takes its turn, so typing stays smooth.
 */

/** Tries hashed together in one round. */
const ROUND = 200;
/** A solution kept this close to its challenge's expiry is solved again rather than refused. */
const FRESH_MS = 30_000;

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const bytesOf = (text: string) => Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));

/** The key of one counter: SHA-256 of salt, nonce and the counter (4 bytes, big-endian), `cost` times over. */
async function keyOf(head: Uint8Array, counter: number, cost: number): Promise<Uint8Array> {
  const input = new Uint8Array(head.length + 4);
  input.set(head);
  new DataView(input.buffer).setUint32(head.length, counter);
  let key = await crypto.subtle.digest('SHA-256', input);
  for (let i = 1; i < cost; i++) key = await crypto.subtle.digest('SHA-256', key);
  return new Uint8Array(key);
}

/** The counter whose key begins with the challenge's prefix, as the base64 payload a session's first request carries. */
export async function solveChallenge(challenge: ProofOfWorkChallenge): Promise<string> {
  const { salt, nonce, keyPrefix, keyLength, cost } = challenge.parameters;
  const head = new Uint8Array([...bytesOf(salt), ...bytesOf(nonce)]);
  const prefix = bytesOf(keyPrefix);
  const started = performance.now();
  for (let start = 0; start <= 0xffff_ffff; start += ROUND) {
    const keys = await Promise.all(Array.from({ length: ROUND }, (_, i) => keyOf(head, start + i, cost)));
    const found = keys.findIndex((key) => prefix.every((byte, i) => key[i] === byte));
    if (found >= 0) {
      const payload: ProofOfWorkPayload = {
        challenge,
        solution: {
          counter: start + found,
          derivedKey: hex((keys[found] as Uint8Array).subarray(0, keyLength)),
          time: Math.round(performance.now() - started),
        },
      };
      return btoa(JSON.stringify(payload));
    }
  }
  throw new Error('the challenge has no solution');
}

/**
 * The solutions one page needs: one per session it starts, each good once. `warmUp` starts
 * solving ahead (while the visitor types); `take` hands over that solution, or solves one now.
 */
export function proofOfWork(challengeUrl: string) {
  let ahead: Promise<{ payload: string; expiresAt: number }> | undefined;
  const solve = async () => {
    const challenge = await call<ProofOfWorkChallenge>('GET', challengeUrl);
    return { payload: await solveChallenge(challenge), expiresAt: challenge.parameters.expiresAt * 1000 };
  };
  return {
    /** Whether the link asks for proof of work (its info says `challenge: "pow"`). */
    required: false,
    warmUp(): void {
      if (!this.required || ahead) return;
      const solving = solve();
      ahead = solving;
      // A failed try is forgotten: `take` solves again.
      solving.catch(() => {
        if (ahead === solving) ahead = undefined;
      });
    },
    async take(): Promise<{ challenge_solution?: string }> {
      if (!this.required) return {};
      const pending = ahead ?? solve();
      ahead = undefined;
      let solved = await pending.catch(solve);
      if (solved.expiresAt - Date.now() < FRESH_MS) solved = await solve();
      return { challenge_solution: solved.payload };
    },
    /**
     * Sends a request that starts a session, with a solution when the link asks for one. One
     * refused for its challenge (expired while the visitor was away, or the link began asking
     * since its info was read) goes again once with a new one.
     */
    async starting<T>(send: (proof: { challenge_solution?: string }) => Promise<T>): Promise<T> {
      try {
        return await send(await this.take());
      } catch (e) {
        if (!(e instanceof ApiError && e.status === 403 && e.reason === 'challenge')) throw e;
        this.required = true;
        return send(await this.take());
      }
    },
  };
}

export type ProofOfWork = ReturnType<typeof proofOfWork>;
