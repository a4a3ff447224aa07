/**
 * Webhook signatures: HMAC-SHA256 over `timestamp.body` with the Web Crypto API, so the same
 * code signs in Node and in Workers. The header value is `t=<unix seconds>,v1=<hex>`; the
 * timestamp inside the signature lets a receiver refuse replays of old deliveries.
 */
const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const signature = await crypto.subtle.sign('HMAC', key, encoder.encode(message));
  return [...new Uint8Array(signature)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The signature header for a webhook body sent at `timestamp` (unix seconds).
 *
 * @example
 * await signWebhook('whsec_test', '{"alert":"grant:g1:actual:80"}', 1767225600);
 * // 't=1767225600,v1=5f0c...' (64 hex digits)
 */
export async function signWebhook(secret: string, body: string, timestamp: number): Promise<string> {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new RangeError(`not a unix timestamp: ${timestamp}`);
  return `t=${timestamp},v1=${await hmacHex(secret, `${timestamp}.${body}`)}`;
}

/**
 * Checks a signature header as a receiver would: right secret and body, and sent no more than
 * `toleranceSeconds` away from `now` (unix seconds). Compares in constant time.
 *
 * @example
 * await verifyWebhook('whsec_test', body, header, 1767225630); // true
 */
export async function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  now: number,
  toleranceSeconds = 300,
): Promise<boolean> {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header.trim());
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(now - timestamp) > toleranceSeconds) return false;
  const expected = await hmacHex(secret, `${timestamp}.${body}`);
  const given = match[2]!;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return difference === 0;
}
