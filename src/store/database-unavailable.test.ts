import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './database-unavailable.ts';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', coded('ECONNREFUSED'), true],
    ['an unknown host', coded('ENOTFOUND'), true],
    ['postgres.js losing its connection', coded('CONNECTION_CLOSED'), true],
    ['postgres.js after end()', coded('CONNECTION_ENDED'), true],
    ['a connect timeout', coded('CONNECT_TIMEOUT'), true],
    ['an administrator terminating the session', coded('57P01'), true],
    ['the server starting up', coded('57P03'), true],
    ['a connection exception (class 08)', coded('08006'), true],
    ['too many connections', coded('53300'), true],
    ['a deadlock that outlived the retries', coded('40P01'), true],
    ['a closed PGlite', new Error('PGlite is closed'), true],
    ['a destroyed Kysely driver', new Error('driver has already been destroyed'), true],
    ['a refused dual-stack connect', new AggregateError([coded('ECONNREFUSED')], 'connect'), true],
    ['a cause that is unavailable', new Error('wrapped', { cause: coded('ECONNRESET') }), true],
    ['a unique violation', coded('23505'), false],
    ['a syntax error', coded('42601'), false],
    ['a numeric overflow', coded('22003'), false],
    ['a plain error', new Error('PGlite is closed, maybe'), false],
    ['a string', 'ECONNREFUSED', false],
    ['null', null, false],
  ])('%s → %s', (_, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
