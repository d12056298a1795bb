import { describe, expect, it } from 'vitest';
import { AddressRefused, checkedAddress, nonPublicRange } from './url-guard.js';

describe('which addresses outbound calls may reach', () => {
  it('refuses loopback, private, link-local, unspecified, CGNAT and other special ranges, IPv4 and IPv6', () => {
    const refused: Array<[string, string]> = [
      ['127.0.0.1', 'loopback'],
      ['127.255.0.9', 'loopback'],
      ['10.0.0.1', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.254', 'private'],
      ['192.168.1.1', 'private'],
      ['169.254.169.254', 'linkLocal'],
      ['0.0.0.0', 'unspecified'],
      ['100.64.0.1', 'carrierGradeNat'],
      ['100.127.255.254', 'carrierGradeNat'],
      ['224.0.0.1', 'multicast'],
      ['255.255.255.255', 'broadcast'],
      ['240.0.0.1', 'reserved'],
      ['::1', 'loopback'],
      ['::', 'unspecified'],
      ['fe80::1', 'linkLocal'],
      ['fe80::1%eth0', 'linkLocal'],
      ['fc00::1', 'uniqueLocal'],
      ['fd12:3456::1', 'uniqueLocal'],
      ['ff02::1', 'multicast'],
      // IPv4 inside IPv6 is judged as the IPv4 address; translation prefixes are refused whole.
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:10.1.2.3', 'private'],
      ['64:ff9b::a00:1', 'rfc6052'],
      ['2002:7f00:1::', '6to4'],
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
      // IPv4-compatible (deprecated, ::/96): as the URL parser writes `[::127.0.0.1]`.
      ['::7f00:1', 'ipv4Compatible'],
      ['::a00:1', 'ipv4Compatible'],
      ['::808:808', 'ipv4Compatible'],
      // Outside 2000::/3, the only IPv6 space allocated for global unicast.
      ['4000::1', 'reserved'],
      ['100::1', 'discard'],
      ['2001:db8::1', 'reserved'],
    ];
    for (const [address, range] of refused) expect(nonPublicRange(address), address).toBe(range);
  });

  it('lets public unicast addresses through', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(nonPublicRange(address), address).toBeUndefined();
    }
  });

  it('checks literal hosts and every address a name resolves to; allowPrivate lets them through', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://[::1]:8080/',
      'http://0x7f.1/',
      'http://127.1/',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://[::127.0.0.1]/',
      'http://[::ffff:7f00:1]/',
      'http://[64:ff9b::7f00:1]/',
      'https://10.0.0.1/',
      'http://localhost/',
      'http://169.254.169.254/latest/meta-data',
    ]) {
      await expect(checkedAddress(new URL(url), { allowPrivate: false, who: 'webhooks' }), url).rejects.toBeInstanceOf(AddressRefused);
    }
    // A name is refused without telling what it resolves to.
    const refused = await checkedAddress(new URL('http://localhost/'), { allowPrivate: false, who: 'webhooks' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AddressRefused);
    expect((refused as Error).message).toBe('localhost does not resolve to a public address: webhooks may not reach it');
    expect((refused as Error).message).not.toMatch(/127\.0\.0\.1|::1|loopback/);
    // The refusal names who asked.
    await expect(checkedAddress(new URL('http://localhost/'), { allowPrivate: false, who: 'tools' })).rejects.toThrow(
      /^localhost does not resolve to a public address: tools may not reach it$/,
    );
    await expect(checkedAddress(new URL('http://[::1]/'), { allowPrivate: false, who: 'tools' })).rejects.toThrow(
      /^::1 is a loopback address: tools may not reach it$/,
    );
    await expect(checkedAddress(new URL('http://10.0.0.1/'), { allowPrivate: false, who: 'webhooks' })).rejects.toThrow(/^10.0.0.1 is a private address/);
    await expect(checkedAddress(new URL('ftp://8.8.8.8/'), { allowPrivate: true, who: 'webhooks' })).rejects.toThrow(/only http and https/);
    await expect(checkedAddress(new URL('http://nothing.invalid/'), { allowPrivate: true, who: 'webhooks' })).rejects.toThrow(/does not resolve/);
    expect(await checkedAddress(new URL('http://[::1]:8080/'), { allowPrivate: true, who: 'webhooks' })).toEqual({ address: '::1', family: 6 });
    expect(await checkedAddress(new URL('http://127.0.0.1/'), { allowPrivate: true, who: 'webhooks' })).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await checkedAddress(new URL('https://8.8.8.8/'), { allowPrivate: false, who: 'webhooks' })).toEqual({ address: '8.8.8.8', family: 4 });
  });
});
