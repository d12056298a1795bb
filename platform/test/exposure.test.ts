import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../src/exposure.js';

describe('which HOST keeps the one-process platform to this machine', () => {
  it('loopback: localhost, 127.0.0.0/8, ::1 and IPv4-mapped loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it('reachable from the network: every interface, LAN and public addresses, other names', () => {
    for (const host of ['0.0.0.0', '::', '[::]', '192.168.1.20', '10.0.0.5', '8.8.8.8', 'fe80::1', '::ffff:10.0.0.1', 'parley.example.com', 'localhost.example.com']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
