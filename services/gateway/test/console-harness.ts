import { freePort, launchChromium } from '@parley/testing';
import type { Browser } from 'playwright-core';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';

export interface ConsoleHarness {
  h: GatewayHarness;
  browser: Browser;
  /** The gateway's origin, which the links made in the console carry, so the browser can open them. */
  base: string;
  close(): Promise<void>;
}

/** The gateway harness listening on a port of its own, and Chromium to open the console with. */
export async function startConsoleHarness(options: Parameters<typeof startGatewayHarness>[1] = {}): Promise<ConsoleHarness> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const h = await startGatewayHarness({ publicBaseUrl: base }, options);
  try {
    await h.app.listen({ port, host: '127.0.0.1' });
    const browser = await launchChromium();
    return {
      h,
      browser,
      base,
      async close() {
        await browser.close();
        await h.stop();
      },
    };
  } catch (error) {
    await h.stop();
    throw error;
  }
}
