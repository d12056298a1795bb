import { type HeldPort, holdPort, launchChromium, type OidcPerson, startOidcProvider, type TestOidcProvider } from '@parley/testing';
import type { Browser } from 'playwright-core';
import type { GatewayConfig } from '../src/config.js';
import { type GatewayHarness, startGatewayHarness } from './gateway-harness.js';

export interface ConsoleHarness {
  h: GatewayHarness;
  browser: Browser;
  /** The gateway's origin, which the links made in the console carry, so the browser can open them. */
  base: string;
  close(): Promise<void>;
}

/**
 * The gateway harness listening on a port of its own, and Chromium to open the console with.
 * `listen`: a port held beforehand (holdPort) and more gateway settings – for a test whose other
 * servers must know the gateway's address first (an OpenID provider's redirect URI).
 */
export async function startConsoleHarness(
  options: Parameters<typeof startGatewayHarness>[1] = {},
  listen: { port?: HeldPort; config?: Partial<GatewayConfig> } = {},
): Promise<ConsoleHarness> {
  // Held until the gateway listens: its harness takes seconds to start, and a port only chosen may be taken meanwhile.
  const held = listen.port ?? (await holdPort());
  const { port } = held;
  const base = `http://127.0.0.1:${port}`;
  let h: GatewayHarness;
  try {
    h = await startGatewayHarness({ publicBaseUrl: base, ...listen.config }, options);
  } finally {
    await held.release();
  }
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

const SSO_CLIENT = { clientId: 'parley-console', clientSecret: 'parley-console-secret' };

/**
 * The console harness signing in through a real OpenID provider on loopback whose accounts are
 * `people` (docs/management-api.md "Signing in to the console with SSO"); `close` stops both. The gateway's port is held from
 * before the provider starts, as the provider must know the redirect URI, until the gateway listens.
 */
export async function startConsoleWithSso(
  people: OidcPerson[],
  options: Parameters<typeof startGatewayHarness>[1] = {},
): Promise<ConsoleHarness & { provider: TestOidcProvider }> {
  const port = await holdPort();
  let provider: TestOidcProvider;
  try {
    provider = await startOidcProvider({ ...SSO_CLIENT, redirectUri: `http://127.0.0.1:${port.port}/auth/oidc/callback`, people });
  } catch (error) {
    await port.release();
    throw error;
  }
  try {
    const served = await startConsoleHarness(options, { port, config: { oidc: { issuerUrl: provider.issuer, ...SSO_CLIENT } } });
    return {
      ...served,
      provider,
      async close() {
        await served.close();
        await provider.close();
      },
    };
  } catch (error) {
    await provider.close();
    throw error;
  }
}
