/**
 * Token secrets: 32 random bytes, shown once as `lp_<base64url>`, stored only as their SHA-256.
 * A slow hash buys nothing for 256 random bits, and SHA-256 runs in Node and in Workers alike.
 */
import { createHash } from 'node:crypto';

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
 * SHA-256 of the secret, hex. Every authenticated request hashes its token, so this uses Node's
 * synchronous hash (Workers have it with nodejs_compat): Web Crypto's digest costs a thread-pool
 * round trip and argument normalisation worth about a tenth of a millisecond per request.
 */
export async function hashToken(secret: string): Promise<string> {
  return createHash('sha256').update(secret).digest('hex');
}

function randomBytes(count: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(count));
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
