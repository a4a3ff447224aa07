/**
 * IP addresses as one 128-bit number, IPv4 mapped into `::ffff:0:0/96` (RFC 4291), so one range
 * table covers both families and an IPv4-mapped IPv6 address is the IPv4 address it carries.
 */
export interface IpAddress {
  /** The address as IPv6; IPv4 addresses are `::ffff:a.b.c.d`. */
  readonly value: bigint;
  /** 4 for an IPv4 address or an IPv4-mapped IPv6 address, else 6. */
  readonly family: 4 | 6;
}

export interface IpRange {
  readonly base: bigint;
  /** Prefix length in the 128-bit space (an IPv4 /8 is /104). */
  readonly bits: number;
}

const MAPPED = 0xffffn << 32n;
const ALL = (1n << 128n) - 1n;

function ipv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    // Only the dotted-decimal form: other notations are normalised by the URL parser first.
    if (!/^(0|[1-9]\d{0,2})$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function ipv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): number[] | undefined => {
    if (half === undefined || half === '') return [];
    const out: number[] = [];
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1 && part.includes('.')) {
        const v4 = ipv4(part);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) out.push(Number.parseInt(part, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...Array<number>(Math.max(0, halves.length === 2 ? missing : 0)).fill(0), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/**
 * Reads an IPv4 address in dotted-decimal form or an IPv6 address (brackets and a zone index
 * allowed); anything else, host names included, gives undefined.
 *
 * @example parseIpAddress('127.0.0.1'); // { value: 0xffff7f000001n, family: 4 }
 * @example parseIpAddress('[::ffff:7f00:1]'); // the same address
 */
export function parseIpAddress(text: string): IpAddress | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const v4 = ipv4(bare);
  if (v4 !== undefined) return { value: MAPPED | v4, family: 4 };
  const v6 = bare.includes(':') ? ipv6(bare) : undefined;
  if (v6 === undefined) return undefined;
  return { value: v6, family: v6 >> 32n === 0xffffn ? 4 : 6 };
}

/**
 * Reads `address/prefix` (or a single address, a /32 or /128); an IPv4 prefix counts in IPv4 bits.
 *
 * @example parseIpRange('10.0.0.0/8'); // { base: 0xffff0a000000n, bits: 104 }
 */
export function parseIpRange(text: string): IpRange | undefined {
  const [addressText = '', prefixText, extra] = text.split('/');
  if (extra !== undefined) return undefined;
  const address = parseIpAddress(addressText);
  if (!address) return undefined;
  const v4 = ipv4(addressText) !== undefined;
  const max = v4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  const bits = v4 ? prefix + 96 : prefix;
  return { base: address.value & maskOf(bits), bits };
}

const maskOf = (bits: number) => (ALL >> BigInt(128 - bits)) << BigInt(128 - bits);

/** True when `address` lies in `range`. */
export function inIpRange(address: IpAddress, range: IpRange): boolean {
  return (address.value & maskOf(range.bits)) === range.base;
}

/**
 * The address in its usual notation: dotted decimal for IPv4 (mapped ones included), RFC 5952 for IPv6.
 *
 * @example formatIpAddress(parseIpAddress('::ffff:7f00:1')!); // '127.0.0.1'
 */
export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) {
    const v = address.value & 0xffffffffn;
    return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 0xffn)).join('.');
  }
  const groups = Array.from({ length: 8 }, (_, i) =>
    Number((address.value >> BigInt(112 - 16 * i)) & 0xffffn),
  );
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
}
