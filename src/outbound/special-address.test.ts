import { describe, expect, it } from 'vitest';
import { formatIpAddress, parseIpAddress, parseIpRange } from './ip-address.ts';
import { specialAddressKindOf } from './special-address.ts';

describe('specialAddressKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['0:0:0:0:0:ffff:7f00:1', 'loopback'],
    ['64:ff9b::7f00:1', 'loopback'],
    ['2002:7f00:1::', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.178.1', 'private'],
    ['::ffff:192.168.0.1', 'private'],
    ['100.64.0.1', 'shared (CGNAT)'],
    ['100.127.255.255', 'shared (CGNAT)'],
    ['169.254.169.254', 'cloud metadata'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fd12:3456::1', 'unique local'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::7f00:1', 'reserved'],
    ['2001::1', 'reserved'],
    ['192.0.2.1', 'documentation'],
    ['2001:db8::1', 'documentation'],
    ['8.8.8.8', undefined],
    ['::ffff:8.8.8.8', undefined],
    ['172.32.0.1', undefined],
    ['100.128.0.1', undefined],
    ['2a00:1450:4001::1', undefined],
    ['64:ff9b::808:808', undefined],
  ])('%s is %s', (address, kind) => {
    expect(specialAddressKindOf(address)).toBe(kind);
  });
});

describe('parseIpAddress', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::ffff:7f00:1', '127.0.0.1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['fe80::1%25eth0', 'fe80::1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
  ])('%s reads as %s', (text, shown) => {
    const address = parseIpAddress(text);
    expect(address && formatIpAddress(address)).toBe(shown);
  });

  it.each([
    'localhost',
    '2130706433',
    '0177.0.0.1',
    '127.1',
    '256.0.0.1',
    '1::2::3',
    '1:2:3:4:5:6:7:8:9',
    '::ffff:1.2.3.4.5',
    '',
  ])('%s is no address in canonical form', (text) => {
    expect(parseIpAddress(text)).toBeUndefined();
  });

  it.each(['10.0.0.0/33', 'fd00::/129', '10.0.0.0/8/1', 'x/8', '10.0.0.0/a'])('%s is no range', (text) => {
    expect(parseIpRange(text)).toBeUndefined();
  });
});
