import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import {
  bareHost,
  type CheckedTarget,
  checkOutboundUrl,
  type OutboundPolicy,
  type ResolvedAddress,
} from './check-outbound-target.ts';

export interface OutboundResult {
  readonly ok: boolean;
  readonly status: number | null;
  readonly error: string | null;
  /** True when sending again cannot help (a refused address, a redirect); the caller stops retrying. */
  readonly permanent: boolean;
}

/**
 * Connects to the addresses the check accepted and nowhere else: Node calls this instead of its
 * own lookup, so a name that answers differently on a second query (DNS rebinding) is never
 * asked a second time.
 */
function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const wanted =
      options.family === 4 || options.family === 6
        ? addresses.filter((a) => a.family === options.family)
        : addresses;
    const first = wanted[0];
    if (!first) {
      const error = Object.assign(new Error(`${hostname} has no IPv${options.family} address`), {
        code: 'ENOTFOUND',
      });
      callback(error, '', 0);
    } else if (options.all) {
      (callback as unknown as (e: null, all: readonly ResolvedAddress[]) => void)(null, wanted);
    } else callback(null, first.address, first.family);
  };
}

/**
 * POSTs `body` to `target` under the outbound policy: the URL and every address of its host are
 * checked, the connection goes only to a checked address, a redirect is reported and never
 * followed, and the whole exchange ends after `timeoutMs`. Never throws; the result says why it
 * failed and whether trying again can help.
 */
export async function postOutbound(
  policy: OutboundPolicy,
  target: string,
  options: { readonly headers: Record<string, string>; readonly body: string; readonly timeoutMs: number },
): Promise<OutboundResult> {
  let checked: CheckedTarget;
  try {
    checked = await checkOutboundUrl(policy, target);
  } catch (error) {
    return { ok: false, status: null, error: `refused: ${(error as Error).message}`, permanent: true };
  }
  const { url, addresses } = checked;
  const payload = Buffer.from(options.body, 'utf8');
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<OutboundResult>((resolve) => {
    let request: ClientRequest;
    const timer = setTimeout(() => {
      request.destroy(
        Object.assign(new Error(`no answer within ${options.timeoutMs} ms`), { code: 'TIMEOUT' }),
      );
    }, options.timeoutMs);
    const done = (result: OutboundResult) => {
      clearTimeout(timer);
      resolve(result);
    };
    request = send(
      {
        protocol: url.protocol,
        hostname: bareHost(url),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...options.headers, 'content-length': String(payload.length) },
        lookup: pinnedLookup(addresses),
        // One connection per delivery: a pooled socket would skip the lookup above.
        agent: false,
      },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        // The answer's body is not needed; dropping the socket keeps a slow one from holding us.
        response.destroy();
        request.destroy();
        if (status >= 300 && status < 400) {
          const location = String(response.headers.location ?? '').slice(0, 200);
          done({
            ok: false,
            status,
            error: `redirect (HTTP ${status}${location ? ` to ${location}` : ''}) not followed; set the webhook to the final URL`,
            permanent: true,
          });
        } else if (status >= 200 && status < 300) done({ ok: true, status, error: null, permanent: false });
        else done({ ok: false, status, error: `HTTP ${status}`, permanent: false });
      },
    );
    request.on('error', (error: NodeJS.ErrnoException) => {
      const reason = (error.message || String(error.code)).slice(0, 500);
      done({ ok: false, status: null, error: reason, permanent: false });
    });
    request.end(payload);
  });
}
