import { parseDuration } from '../domain/duration.ts';
import { DomainError } from '../domain/errors.ts';

const MAX_LIFETIME_MS = 5 * 365 * 86_400_000;

/** The expiry of a token created at `now` that lives `expiresIn` (`90d`, `P90D`…); undefined never expires. */
export function expiryFrom(expiresIn: string | undefined, now: Date, pointer: string): Date | null {
  if (expiresIn === undefined || expiresIn === '' || expiresIn === 'never') return null;
  const ms = parseDuration(expiresIn);
  if (ms === undefined || ms > MAX_LIFETIME_MS) {
    throw new DomainError(
      'validation',
      `expiry ${JSON.stringify(expiresIn)} must be a duration such as 90d, 12h, 2w or P90D, at most 5 years`,
      [{ pointer, detail: 'a duration such as 90d, 12h, 2w or P90D, at most 5 years' }],
    );
  }
  return new Date(now.getTime() + ms);
}
