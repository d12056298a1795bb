import { describe, expect, it } from 'vitest';
import { exposureWarning, isLoopbackHost } from '../src/exposure.js';

describe('which HOST keeps the one-process platform to this machine', () => {
  it('loopback: localhost, 127.0.0.0/8, ::1 and IPv4-mapped loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it('reachable from the network: every interface, LAN and public addresses, other names', () => {
    for (const host of [
      '0.0.0.0',
      '::',
      '[::]',
      '192.168.1.20',
      '10.0.0.5',
      '8.8.8.8',
      'fe80::1',
      '::ffff:10.0.0.1',
      'parley.example.com',
      'localhost.example.com',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('the warning block of a platform reachable from the network', () => {
  const words = (text: string) => text.replace(/\s+/g, ' ');

  it('names what the banner printed: the generated keys and the demo link grant full access', () => {
    const block = words(exposureWarning('0.0.0.0', { adminKey: true, chatSecret: true, demoLink: true }));
    expect(block).toContain('the admin key, the chat API secret and the demo link printed above grant full access to the platform');
  });

  it('keys from the environment were never printed, so it names only the demo link, and what that lets anyone do', () => {
    const block = words(exposureWarning('0.0.0.0', { adminKey: false, chatSecret: false, demoLink: true }));
    expect(block).toContain('the demo link printed above lets anyone chat with the demo agent');
    expect(block).not.toMatch(/admin key|chat API secret/);
    expect(block).toContain('SEED_DEMO=false');
  });
});
