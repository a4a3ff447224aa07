import { DomainError } from '../domain/errors.ts';

/** What a token may do. `admin` implies every other scope. */
export const scopes = ['ingest', 'read', 'plan', 'finance', 'admin'] as const;
export type Scope = (typeof scopes)[number];

export function isScope(value: string): value is Scope {
  return (scopes as readonly string[]).includes(value);
}

/** Parses `read,ingest` (CLI) or an array (API) into distinct scopes; unknown names are an error. */
export function parseScopes(input: string | readonly string[], pointer = '/scopes'): Scope[] {
  const names = typeof input === 'string' ? input.split(',') : input;
  const result = new Set<Scope>();
  names.forEach((raw, index) => {
    const name = raw.trim();
    if (!isScope(name)) {
      const at = typeof input === 'string' ? pointer : `${pointer}/${index}`;
      throw new DomainError('validation', `unknown scope ${JSON.stringify(name)}; use ${scopes.join(', ')}`, [
        { pointer: at, detail: `unknown scope ${JSON.stringify(name)}` },
      ]);
    }
    result.add(name);
  });
  if (result.size === 0) {
    throw new DomainError('validation', 'at least one scope is needed', [
      { pointer, detail: 'at least one scope is needed' },
    ]);
  }
  return [...result];
}

export function grants(held: readonly Scope[], needed: Scope): boolean {
  return held.includes('admin') || held.includes(needed);
}
