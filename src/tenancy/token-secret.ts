/**
 * Token secrets: 32 random bytes, shown once as `lp_<base64url>`, stored only as their SHA-256.
 * A slow hash buys nothing for 256 random bits, and SHA-256 runs in Node and in Workers alike.
 */
export const TOKEN_PREFIX = 'lp_';

export function newTokenSecret(random: (count: number) => Uint8Array = randomBytes): string {
  const bytes = random(32);
  return `${TOKEN_PREFIX}${base64url(bytes)}`;
}

/** A session cookie's secret: 32 random bytes as `ls_<base64url>`, stored only as its SHA-256 too. */
export function newSessionSecret(): string {
  return `ls_${base64url(randomBytes(32))}`;
}

/**
 * SHA-256 of the secret, hex, with Web Crypto. Not Node's synchronous `createHash`, although it
 * saves about a tenth of a millisecond per request: with it, the requests during a database
 * outage reached postgres.js 3.4.9 in an order that hit its write-after-close race (an uncaught
 * TypeError, a pool that never answered again; tests/http/database-outage.db.test.ts).
 */
export async function hashToken(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
