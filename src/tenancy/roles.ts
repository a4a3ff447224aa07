import type { Scope } from './scopes.ts';

/**
 * What a person (or a token) may do in the dashboard and the API. `planner` works on forecasts,
 * capacity models, events and plans and approves them, and describes services (name, owner, cost
 * centre); `finance` on grants, budgets, cost imports and rates; `admin` creates and deletes
 * services, manages tokens and settings and may do everything else. Planner and
 * finance may also read everything a viewer reads.
 */
export const roles = ['viewer', 'planner', 'finance', 'admin'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** The role each scope of a route asks for; `ingest` is for machines and has none. */
const roleOfScope: Record<Exclude<Scope, 'ingest'>, Role> = {
  read: 'viewer',
  plan: 'planner',
  finance: 'finance',
  admin: 'admin',
};

export function roleFor(scope: Scope): Role | undefined {
  return scope === 'ingest' ? undefined : roleOfScope[scope];
}

/** The roles a token's scopes give it: read → viewer, plan → planner, finance → finance, admin → admin. */
export function rolesOfScopes(scopes: readonly Scope[]): Role[] {
  return roles.filter((role) => scopes.some((scope) => scope !== 'ingest' && roleOfScope[scope] === role));
}

/** Whether `held` includes `needed`: admin holds every role, planner and finance hold viewer. */
export function holdsRole(held: readonly Role[], needed: Role): boolean {
  if (held.includes('admin') || held.includes(needed)) return true;
  return needed === 'viewer' && (held.includes('planner') || held.includes('finance'));
}
