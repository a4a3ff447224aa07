import { describe, expect, it } from 'vitest';
import { DomainError, invalid, isDomainError } from './errors.ts';

describe('DomainError', () => {
  it('carries kind, message and field errors', () => {
    const error = new DomainError('validation', 'bad', [{ pointer: '/a', detail: 'x' }]);
    expect(error.kind).toBe('validation');
    expect(error.errors).toEqual([{ pointer: '/a', detail: 'x' }]);
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
  });

  it('invalid() throws a validation error at a pointer', () => {
    expect(() => invalid('/points/3/value', 'must be finite')).toThrowError(
      expect.objectContaining({
        kind: 'validation',
        errors: [{ pointer: '/points/3/value', detail: 'must be finite' }],
      }),
    );
  });
});
