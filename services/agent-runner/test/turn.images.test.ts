import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { waitFor } from '@parley/testing';
import { fileUploadStore } from '@parley/uploads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_IMAGE_BYTES_PER_TURN } from '../src/turns/prompt-attachments.js';
import { promptAgent, type RunnerHarness, startRunnerHarness, type TurnRequest } from './runner-harness.js';

/** Each turn's image, and the image bytes the runner reads at once here (IMAGE_BYTES_IN_FLIGHT by default): four such images. */
const IMAGE_BYTES = 256 * 1024;
const IMAGE_BYTES_IN_FLIGHT = 4 * IMAGE_BYTES;
/**
 * How often the runner beats to its waiting callers here (1 s by default), and how long a caller
 * waits without word from one (the sessions service's RUNNER_QUEUE_TIMEOUT_SECONDS).
 */
const BEAT_INTERVAL_MS = 100;
const CALLER_IDLE_MS = 1_000;

describe('runner.turn with images, many at once', () => {
  let h: RunnerHarness;
  let dir: string;
  const store = () => fileUploadStore(dir);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-runner-images-'));
    // The LLM holds its answers longer than the harness's usual 5 s attempt.
    h = await startRunnerHarness({ uploads: store(), llmTimeoutMs: 30_000, beatIntervalMs: BEAT_INTERVAL_MS, imageBytesInFlight: IMAGE_BYTES_IN_FLIGHT });
  });
  afterAll(async () => {
    await h?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A visitor's message carrying one image (within a turn's own image budget), stored as the gateway stores it. */
  const imageTurn = async (agentId: string, tenantId: string, n: number): Promise<TurnRequest> => {
    const id = `upl_${randomUUID().replaceAll('-', '')}`;
    const key = `${tenantId}/sess_${n}/${id}`;
    const bytes = IMAGE_BYTES;
    await store().put(key, Readable.from([Buffer.alloc(bytes, n)]), { maxBytes: bytes });
    return {
      agentId,
      version: 1,
      conversationId: randomUUID(),
      sessionId: `text_images-${n}`,
      state: { nodeId: 'answer', collectedData: {}, visitTurns: 1 },
      message: `picture ${n}`,
      history: [],
      attachments: [{ id, name: `picture-${n}.png`, type: 'image/png', bytes, key }],
    };
  };

  it('reads no more images at once than its budget: the turns beyond wait, beating, and each is answered with its image', async () => {
    const agent = await h.seedAgent(promptAgent());
    const turns = 6;
    const atOnce = IMAGE_BYTES_IN_FLIGHT / IMAGE_BYTES;
    expect(atOnce).toBeLessThan(turns);
    expect(IMAGE_BYTES).toBeLessThanOrEqual(MAX_IMAGE_BYTES_PER_TURN);
    const requests = await Promise.all(Array.from({ length: turns }, (_, n) => imageTurn(agent.agentId, agent.tenantId, n + 1)));

    // The LLM holds every answer until told: the requests it holds are the turns whose images are in memory.
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let held = 0;
    let mostHeld = 0;
    h.llm.setHandler(async (req) => {
      held += 1;
      mostHeld = Math.max(mostHeld, held);
      await released;
      held -= 1;
      const text = JSON.stringify(req.body.messages);
      return { content: `seen ${/picture (\d)/.exec(text)?.[1]} with ${text.includes('data:image/png;base64,') ? 'its image' : 'no image'}` };
    });
    const answers = Promise.all(requests.map((request) => h.client.request('runner.turn', request, { queueTimeoutMs: CALLER_IDLE_MS })));

    await waitFor(() => held === atOnce, { timeoutMs: 20_000 });
    // The others wait for room twice as long as a caller waits without word from a runner: its
    // beats keep them waiting. Time passing is what is tested here (on the test's own timings).
    await new Promise((resolve) => setTimeout(resolve, 2 * CALLER_IDLE_MS));
    expect(held).toBe(atOnce);
    release();

    const outcomes = await answers;
    expect(outcomes.map((outcome) => outcome.response)).toEqual(Array.from({ length: turns }, (_, n) => `seen ${n + 1} with its image`));
    expect(mostHeld).toBe(atOnce);
    expect(h.llm.requests).toHaveLength(turns);
  }, 60_000);
});
