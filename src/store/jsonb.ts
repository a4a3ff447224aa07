import { type RawBuilder, sql } from 'kysely';

/**
 * A jsonb parameter that both drivers store as the same value: postgres.js would serialise a
 * JSON string once more for a jsonb parameter, so the text goes over as text and is cast.
 */
export function jsonb<T>(value: T): RawBuilder<T> {
  return sql<T>`cast(${JSON.stringify(value)}::text as jsonb)`;
}
