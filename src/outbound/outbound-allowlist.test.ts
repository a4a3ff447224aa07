import { describe, expect, it } from 'vitest';
import { parseIpAddress } from './ip-address.ts';
import { allowlistPermits, parseOutboundAllowlist } from './outbound-allowlist.ts';

describe('parseOutboundAllowlist', () => {
  const list = parseOutboundAllowlist(
    '10.20.0.0/16, 127.0.0.1 fd00:1::/32 hooks.stadt.internal,*.kreis.local',
  );
  const ip = (text: string) => parseIpAddress(text)!;

  it.each([
    ['any', '10.20.3.4', true],
    ['any', '10.21.0.1', false],
    ['any', '127.0.0.1', true],
    ['any', '::ffff:127.0.0.1', true],
    ['any', '127.0.0.2', false],
    ['any', 'fd00:1:2::1', true],
    ['hooks.stadt.internal', '192.168.1.1', true],
    ['HOOKS.Stadt.Internal.', '192.168.1.1', true],
    ['other.stadt.internal', '192.168.1.1', false],
    ['a.b.kreis.local', '192.168.1.1', true],
    ['kreis.local', '192.168.1.1', false],
    ['evilkreis.local', '192.168.1.1', false],
  ])('host %s at %s: %s', (host, address, permitted) => {
    expect(allowlistPermits(list, host, ip(address))).toBe(permitted);
  });

  it('is empty for an empty variable', () => {
    expect(parseOutboundAllowlist('  ')).toEqual({ ranges: [], hosts: [], domains: [] });
  });

  it.each(['10.0.0.0/33', 'http://x', 'a_b.local', '*.', '2130706433', '127.1'])('refuses %s', (entry) => {
    expect(() => parseOutboundAllowlist(entry)).toThrow(/is neither an address range/);
  });
});
