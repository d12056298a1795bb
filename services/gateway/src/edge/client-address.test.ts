import { describe, expect, it } from 'vitest';
import { ipDecision } from '../limits/ip-rules.js';
import { clientAddress, forwardedAddress } from './client-address.js';

describe('an X-Forwarded-For entry', () => {
  it('is the address without its port, an IPv4-mapped one as its IPv4 address', () => {
    const cases: Array<[string, string]> = [
      ['203.0.113.78', '203.0.113.78'],
      ['203.0.113.78:1001', '203.0.113.78'],
      [' 203.0.113.78:443 ', '203.0.113.78'],
      ['2001:db8::1', '2001:db8::1'],
      ['[2001:db8::1]', '2001:db8::1'],
      ['[2001:db8::1]:443', '2001:db8::1'],
      ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
      ['::ffff:203.0.113.78', '203.0.113.78'],
      ['[::ffff:203.0.113.78]:8080', '203.0.113.78'],
      ['fe80::1%eth0', 'fe80::1'],
    ];
    for (const [entry, address] of cases) expect(forwardedAddress(entry), entry).toBe(address);
  });

  it('is no address when it is anything else – never a string a rule or a limit would key on', () => {
    for (const entry of [
      '',
      'unknown',
      '_hidden',
      'proxy.example.com',
      'proxy.example.com:80',
      '203.0.113.78:',
      '203.0.113.78:port',
      '127.1',
      '0x7f.0.0.1',
      '3232235777',
      '[203.0.113.78',
      '2001:db8::1:443x',
      '203.0.113.256',
      '1.2.3.4.5',
    ]) {
      expect(forwardedAddress(entry), entry).toBeUndefined();
    }
  });
});

describe('the client address behind trusted proxies', () => {
  const trusted = (address: string) => ipDecision(address, { allow: ['127.0.0.1', '10.0.0.0/8'], deny: [] }) === 'allowed';

  it('is the first entry from the end that no trusted proxy sent, parsed', () => {
    expect(clientAddress('127.0.0.1', '203.0.113.78:1001', trusted)).toEqual({ address: '203.0.113.78', unreadable: false });
    expect(clientAddress('::ffff:127.0.0.1', '[2001:db8::7]:443', trusted)).toEqual({ address: '2001:db8::7', unreadable: false });
    // Two proxies: the client's own claim at the start is not read past the first untrusted hop.
    expect(clientAddress('127.0.0.1', '198.51.100.1, 203.0.113.78:1001, 10.1.2.3:5555', trusted)).toEqual({ address: '203.0.113.78', unreadable: false });
    // Several header lines are one list.
    expect(clientAddress('127.0.0.1', ['198.51.100.1', '203.0.113.78, 10.1.2.3'], trusted)).toEqual({ address: '203.0.113.78', unreadable: false });
  });

  it('is the socket’s when the peer is no trusted proxy, whatever the header says', () => {
    expect(clientAddress('192.0.2.10', '203.0.113.78', trusted)).toEqual({ address: '192.0.2.10', unreadable: false });
    expect(clientAddress('::ffff:192.0.2.10', undefined, trusted)).toEqual({ address: '192.0.2.10', unreadable: false });
  });

  it('is the trusted proxy that sent an entry that is no address, never the entry', () => {
    expect(clientAddress('127.0.0.1', 'unknown', trusted)).toEqual({ address: '127.0.0.1', unreadable: true });
    expect(clientAddress('127.0.0.1', '203.0.113.78, garbage, 10.1.2.3', trusted)).toEqual({ address: '10.1.2.3', unreadable: true });
    expect(clientAddress('127.0.0.1', '', trusted)).toEqual({ address: '127.0.0.1', unreadable: true });
  });
});
