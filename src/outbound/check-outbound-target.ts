import { lookup as dnsLookup } from 'node:dns/promises';
import { formatIpAddress, parseIpAddress } from './ip-address.ts';
import { allowlistPermits, emptyAllowlist, type OutboundAllowlist } from './outbound-allowlist.ts';
import { specialAddressKind } from './special-address.ts';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Every address a host name resolves to (dns.lookup with all: true, as the system would connect). */
export type HostLookup = (host: string) => Promise<readonly ResolvedAddress[]>;

/** Where the server may send requests on a tenant's behalf. */
export interface OutboundPolicy {
  readonly allow: OutboundAllowlist;
  /** The resolver; the system's by default (tests give their own answers to test rebinding). */
  readonly lookup?: HostLookup;
}

export const defaultOutboundPolicy: OutboundPolicy = { allow: emptyAllowlist };

/** A target the policy refuses; `message` names the reason in words. */
export class OutboundRefused extends Error {
  override readonly name = 'OutboundRefused';
}

const systemLookup: HostLookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** The URL's host without the brackets of an IPv6 literal. */
export const bareHost = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Checks one address of `host`; throws OutboundRefused for loopback, private, link-local,
 * metadata, unspecified, multicast and reserved addresses unless the allowlist permits them.
 */
function checkAddress(policy: OutboundPolicy, host: string, text: string): ResolvedAddress {
  const address = parseIpAddress(text);
  if (!address) throw new OutboundRefused(`${host} resolves to ${text}, which is not an IP address`);
  const kind = specialAddressKind(address);
  if (kind !== undefined && !allowlistPermits(policy.allow, host, address)) {
    const shown = formatIpAddress(address);
    const via = parseIpAddress(host) ? '' : `${host} resolves to `;
    throw new OutboundRefused(
      `${via}${shown}, ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} address; the server does not send requests there (an administrator can allow intranet receivers with LASTPLAN_WEBHOOK_ALLOW)`,
    );
  }
  return { address: text, family: address.family === 4 && !text.includes(':') ? 4 : 6 };
}

/**
 * Resolves `host` and checks every address it resolves to: one refused address refuses the
 * host, so a name cannot hide an internal address behind a public one. Returns the checked
 * addresses, which the connection must use (no second lookup that could answer differently).
 */
export async function resolveOutboundHost(policy: OutboundPolicy, host: string): Promise<ResolvedAddress[]> {
  if (parseIpAddress(host)) return [checkAddress(policy, host, host.replace(/%.*$/, ''))];
  let answers: readonly ResolvedAddress[];
  try {
    answers = await (policy.lookup ?? systemLookup)(host);
  } catch (error) {
    throw new OutboundRefused(
      `${host} cannot be resolved (${(error as { code?: string }).code ?? (error as Error).message})`,
    );
  }
  if (answers.length === 0) throw new OutboundRefused(`${host} resolves to no address`);
  return answers.map((a) => checkAddress(policy, host, a.address));
}

/** A URL and the checked addresses of its host: the only ones a connection may use. */
export interface CheckedTarget {
  readonly url: URL;
  readonly addresses: readonly ResolvedAddress[];
}

/**
 * Checks a target URL: http or https, no credentials in it, and a host whose every address may
 * be reached. Throws OutboundRefused with the reason.
 *
 * @example await checkOutboundUrl(defaultOutboundPolicy, 'http://2130706433:8080/'); // throws: 127.0.0.1, a loopback address …
 */
export async function checkOutboundUrl(policy: OutboundPolicy, text: string): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new OutboundRefused(`${JSON.stringify(text.slice(0, 200))} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OutboundRefused(`only http and https targets are allowed, not ${url.protocol}`);
  if (url.username || url.password)
    throw new OutboundRefused('the URL must not carry a user name or password; sign with the secret instead');
  return { url, addresses: await resolveOutboundHost(policy, bareHost(url)) };
}
