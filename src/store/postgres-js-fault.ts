/**
 * postgres.js 3.4.9 has a write-after-close race: a query sent on a reserved connection whose
 * socket has just closed (the database restarted or the network dropped mid-transaction) is
 * flushed from a `setImmediate` onto a socket it has already set to null, and the TypeError
 * escapes as an uncaught exception, which ends a Node process. Nothing is lost by going on: the
 * query's caller gets its error when the connection is dialled again or its pool is ended (see
 * `RenewingPool`), and that connection's pool is replaced after its next failed reservation.
 */
export function isPostgresJsWriteAfterClose(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /Cannot read properties of null \(reading 'write'\)/.test(error.message) &&
    /\bnextWrite\b/.test(error.stack ?? '')
  );
}

/**
 * A reset of a socket that had no one listening for its errors any more. postgres.js 3.4.9 drops
 * the listeners of a connection's socket when the connection closes, and under an outage a socket
 * it has already given up can still report the peer's reset (seen in
 * tests/server/serve-postgres-outage.db.test.ts, about one run in three). The socket is gone
 * either way; nothing waits on it.
 */
export function isOrphanedSocketReset(error: unknown): boolean {
  const e = error as NodeJS.ErrnoException;
  return (
    e instanceof Error &&
    (e.code === 'ECONNRESET' || e.code === 'EPIPE') &&
    (e.syscall === 'read' || e.syscall === 'write')
  );
}

/**
 * postgres.js's own word for a connection that went away (closed, destroyed, never opened in
 * time), surfacing as an unhandled rejection: a query of a request that had already been answered
 * (its transaction failed earlier) still waited on the connection when it closed.
 */
export function isPostgresJsConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    error instanceof Error &&
    (code === 'CONNECTION_CLOSED' || code === 'CONNECTION_DESTROYED' || code === 'CONNECT_TIMEOUT')
  );
}

/**
 * Keeps a Node server up through those faults and only those: it is logged as a warning; any other
 * uncaught exception is logged and ends the process with exit code 1, as Node would.
 */
export function surviveWriteAfterClose(log: {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}): () => void {
  const onUncaught = (error: Error) => {
    if (
      isPostgresJsWriteAfterClose(error) ||
      isOrphanedSocketReset(error) ||
      isPostgresJsConnectionLoss(error)
    ) {
      log.warn('a database connection was lost mid-query; carrying on', { error: error.message });
      return;
    }
    log.error('uncaught exception', { error: error.stack ?? String(error) });
    process.exit(1);
  };
  process.on('uncaughtException', onUncaught);
  return () => process.off('uncaughtException', onUncaught);
}
