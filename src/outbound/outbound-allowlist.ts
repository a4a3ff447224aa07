import { type IpAddress, type IpRange, inIpRange, parseIpRange } from './ip-address.ts';

/**
 * Targets an administrator allows although they are internal (LASTPLAN_WEBHOOK_ALLOW): address
 * ranges, host names, and `*.domain` for every name below a domain.
 */
export interface OutboundAllowlist {
  readonly ranges: readonly IpRange[];
  readonly hosts: readonly string[];
  readonly domains: readonly string[];
}

export const emptyAllowlist: OutboundAllowlist = { ranges: [], hosts: [], domains: [] };

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Reads a comma- or space-separated list of CIDRs, addresses, host names and `*.domain`s;
 * throws a RangeError naming the first entry that is none of these.
 *
 * @example parseOutboundAllowlist('10.20.0.0/16, hooks.stadt.internal, *.kreis.local');
 */
export function parseOutboundAllowlist(text: string): OutboundAllowlist {
  const ranges: IpRange[] = [];
  const hosts: string[] = [];
  const domains: string[] = [];
  for (const entry of text.split(/[\s,]+/).filter((e) => e !== '')) {
    const range = parseIpRange(entry.replace(/^\[(.*)\](\/\d+)?$/, '$1$2'));
    const name = entry.toLowerCase().replace(/\.$/, '');
    if (range) ranges.push(range);
    else if (name.startsWith('*.') && HOST.test(name.slice(2))) domains.push(name.slice(1));
    else if (HOST.test(name) && !/^[\d.]+$/.test(name)) hosts.push(name);
    else
      throw new RangeError(
        `${JSON.stringify(entry)} is neither an address range (10.0.0.0/8, fd00::/8), an address, a host name nor *.domain`,
      );
  }
  return { ranges, hosts, domains };
}

/** True when the allowlist names the host (as written in the URL) or a range holding the address. */
export function allowlistPermits(list: OutboundAllowlist, host: string, address: IpAddress): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return (
    list.hosts.includes(name) ||
    list.domains.some((suffix) => name.endsWith(suffix)) ||
    list.ranges.some((range) => inIpRange(address, range))
  );
}
