import { type FederalState, federalStates } from '../calendar/public-holidays.ts';
import { DomainError } from '../domain/errors.ts';

export type FederalStateCode = FederalState;

export interface Tenant {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly federalState: FederalStateCode;
  readonly timeZone: string;
  readonly currency: string;
  readonly vatMode: 'gross' | 'net';
  readonly createdAt: Date;
}

export interface NewTenant {
  readonly slug: string;
  readonly name: string;
  readonly federalState: string;
  readonly timeZone?: string;
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Validates a new tenant; the messages name the field so the CLI and the API can show them as they are. */
export function validateNewTenant(
  input: NewTenant,
): Required<NewTenant> & { federalState: FederalStateCode } {
  if (!SLUG.test(input.slug)) {
    throw new DomainError(
      'validation',
      `slug ${JSON.stringify(input.slug)} must be lower-case letters, digits and dashes (max 63)`,
      [{ pointer: '/slug', detail: 'lower-case letters, digits and dashes, at most 63' }],
    );
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > 200) {
    throw new DomainError('validation', 'name must have 1 to 200 characters', [
      { pointer: '/name', detail: 'must have 1 to 200 characters' },
    ]);
  }
  const state = input.federalState.toUpperCase();
  if (!(federalStates as readonly string[]).includes(state)) {
    throw new DomainError(
      'validation',
      `federal state ${JSON.stringify(input.federalState)} is not one of ${federalStates.join(', ')}`,
      [{ pointer: '/federalState', detail: `one of ${federalStates.join(', ')}` }],
    );
  }
  const timeZone = input.timeZone ?? 'Europe/Berlin';
  if (!isTimeZone(timeZone)) {
    throw new DomainError(
      'validation',
      `time zone ${JSON.stringify(timeZone)} is not an IANA zone such as Europe/Berlin`,
      [{ pointer: '/timeZone', detail: 'an IANA zone such as Europe/Berlin' }],
    );
  }
  return { slug: input.slug, name, federalState: state as FederalStateCode, timeZone };
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
