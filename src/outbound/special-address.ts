import { type IpAddress, type IpRange, inIpRange, parseIpAddress, parseIpRange } from './ip-address.ts';

/** Why an address is no place for a request of the server on a tenant's behalf. */
export type SpecialAddressKind =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared (CGNAT)'
  | 'link-local'
  | 'cloud metadata'
  | 'multicast'
  | 'broadcast'
  | 'reserved'
  | 'documentation'
  | 'unique local';

const table: readonly (readonly [string, SpecialAddressKind])[] = [
  // More specific rows first: the first match names the reason.
  ['169.254.169.254/32', 'cloud metadata'],
  ['fd00:ec2::254/128', 'cloud metadata'],
  ['255.255.255.255/32', 'broadcast'],
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared (CGNAT)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'reserved'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  // IPv4-compatible addresses (deprecated) and the rest of ::/8.
  ['::/8', 'reserved'],
  ['64:ff9b:1::/48', 'private'],
  ['100::/64', 'reserved'],
  ['2001::/23', 'reserved'],
  ['2001:db8::/32', 'documentation'],
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'reserved'],
  ['fc00::/7', 'unique local'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'link-local'],
  ['ff00::/8', 'multicast'],
];

const ranges = table.map(([cidr, kind]) => ({
  range: parseIpRange(cidr) as IpRange,
  kind,
  v4: !cidr.includes(':'),
}));

const MAPPED = parseIpRange('::ffff:0:0/96') as IpRange;
const NAT64 = parseIpRange('64:ff9b::/96') as IpRange;
const GLOBAL_UNICAST = parseIpRange('2000::/3') as IpRange;
const SIX_TO_FOUR = parseIpRange('2002::/16') as IpRange;

/** The IPv4 address an IPv6 address carries where the network would deliver to it (NAT64, 6to4). */
function embeddedIpv4(address: IpAddress): IpAddress | undefined {
  if (inIpRange(address, MAPPED)) return undefined;
  if (inIpRange(address, NAT64)) return { value: MAPPED.base | (address.value & 0xffffffffn), family: 4 };
  if (inIpRange(address, SIX_TO_FOUR))
    return { value: MAPPED.base | ((address.value >> 80n) & 0xffffffffn), family: 4 };
  return undefined;
}

/**
 * What is special about an address (loopback, private, link-local, metadata …), or undefined for
 * a public unicast address. IPv4 in IPv6 (mapped, NAT64, 6to4) counts as the IPv4 address.
 *
 * @example specialAddressKind(parseIpAddress('::ffff:7f00:1')!); // 'loopback'
 * @example specialAddressKind(parseIpAddress('93.184.215.14')!); // undefined
 */
export function specialAddressKind(address: IpAddress): SpecialAddressKind | undefined {
  const inner = embeddedIpv4(address);
  if (inner) return specialAddressKind(inner);
  // An IPv4 address is judged by the IPv4 rows only (::/8 would otherwise hold all of them).
  const v4 = inIpRange(address, MAPPED);
  const kind = ranges.find((row) => row.v4 === v4 && inIpRange(address, row.range))?.kind;
  // Only 2000::/3 is allocated for global unicast; the rest of IPv6 is reserved.
  return kind ?? (v4 || inIpRange(address, GLOBAL_UNICAST) ? undefined : 'reserved');
}

/** `specialAddressKind` of an address in text; undefined also for text that is no address. */
export function specialAddressKindOf(text: string): SpecialAddressKind | undefined {
  const address = parseIpAddress(text);
  return address ? specialAddressKind(address) : undefined;
}
