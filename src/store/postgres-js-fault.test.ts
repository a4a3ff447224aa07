import { describe, expect, it } from 'vitest';
import {
  isOrphanedSocketReset,
  isPostgresJsConnectionLoss,
  isPostgresJsWriteAfterClose,
} from './postgres-js-fault.ts';

function withCode(message: string, fields: Record<string, string>): Error {
  return Object.assign(new Error(message), fields);
}

describe('the database faults a server carries on through', () => {
  it("recognises postgres.js's write after close by message and frame, nothing else", () => {
    const race = new TypeError("Cannot read properties of null (reading 'write')");
    race.stack = `${race.message}\n    at Immediate.nextWrite (connection.js:255:22)`;
    expect(isPostgresJsWriteAfterClose(race)).toBe(true);
    const elsewhere = new TypeError("Cannot read properties of null (reading 'write')");
    elsewhere.stack = `${elsewhere.message}\n    at render (view.ts:1:1)`;
    expect(isPostgresJsWriteAfterClose(elsewhere)).toBe(false);
  });

  it('recognises a reset socket and postgres.js connection losses, not other errors', () => {
    expect(isOrphanedSocketReset(withCode('read ECONNRESET', { code: 'ECONNRESET', syscall: 'read' }))).toBe(
      true,
    );
    expect(isOrphanedSocketReset(withCode('write EPIPE', { code: 'EPIPE', syscall: 'write' }))).toBe(true);
    expect(
      isOrphanedSocketReset(withCode('listen EADDRINUSE', { code: 'EADDRINUSE', syscall: 'listen' })),
    ).toBe(false);
    expect(
      isPostgresJsConnectionLoss(withCode('write CONNECTION_CLOSED', { code: 'CONNECTION_CLOSED' })),
    ).toBe(true);
    expect(isPostgresJsConnectionLoss(withCode('duplicate key', { code: '23505' }))).toBe(false);
    expect(isPostgresJsConnectionLoss(new RangeError('Invalid array length'))).toBe(false);
  });
});
