/**
 * Tells failures that a retry can fix (the database is down, unreachable, restarting, closed or
 * out of connections; a transaction lost a deadlock) from bugs. The HTTP layer answers the former
 * with 503 and Retry-After, because senders such as Prometheus and OTLP exporters then keep the
 * batch and send it again, where a 500 makes an OTLP exporter drop it.
 */

/** Socket errors of Node while connecting to or talking with the server. */
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/** postgres.js' own codes for a lost, ended or never established connection. */
const clientCodes = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

/**
 * SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html): connection
 * exceptions (class 08), the server shutting down or starting (57P01-57P03), too many
 * connections, and a serialization failure or deadlock that outlived our own retries.
 */
const retryableStates = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

/** Messages of a closed PGlite and of a Kysely instance whose driver was destroyed. */
const closedMessages = /^(PGlite is closed|driver has already been destroyed)$/;

/**
 * True when `error` (or its cause) says the database cannot serve the request now but may soon.
 *
 * @example isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) // true
 * @example isDatabaseUnavailable(new Error('syntax error')) // false
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (socketCodes.has(code) || clientCodes.has(code) || retryableStates.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (error instanceof Error && closedMessages.test(error.message)) return true;
  // Node reports a refused dual-stack connect as an AggregateError of one error per address.
  if (error instanceof AggregateError && error.errors.some((e) => isDatabaseUnavailable(e, depth + 1)))
    return true;
  return isDatabaseUnavailable((error as { cause?: unknown }).cause, depth + 1);
}
