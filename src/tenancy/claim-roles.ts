import type { Role } from './roles.ts';
import { roles } from './roles.ts';

/**
 * The roles a person holds by the identity provider's claims: the claim at `path` (dotted for
 * nested claims such as Keycloak's `realm_access.roles`) is a string or a list of strings, each
 * mapped through `roleMap`; the key `*` gives its roles to everyone.
 *
 * @example
 * rolesFromClaims({ groups: ['amt-20', 'it'] }, 'groups', { 'amt-20': ['finance'], it: ['admin'] });
 * // ['finance', 'admin']
 */
export function rolesFromClaims(
  claims: Readonly<Record<string, unknown>>,
  path: string,
  roleMap: Readonly<Record<string, readonly Role[]>>,
): Role[] {
  let value: unknown = claims;
  for (const key of path.split('.')) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  }
  const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const held = new Set<Role>(roleMap['*'] ?? []);
  for (const item of values) {
    if (typeof item === 'string' && item !== '*') for (const role of roleMap[item] ?? []) held.add(role);
  }
  return roles.filter((role) => held.has(role));
}
