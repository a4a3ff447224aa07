import { holdsRole, type Role, roleFor } from './roles.ts';
import type { Scope } from './scopes.ts';
import { grants } from './scopes.ts';

/** Who acts: a person signed in through the identity provider, or a token. */
export interface Actor {
  readonly kind: 'person' | 'token';
  /** The provider's subject (`sub`) of a person; the token's id. */
  readonly id: string;
  /** What approvals and the audit trail show: the person's name, or the token's name. */
  readonly name: string;
}

/** The server-side session a request came with, if it came with the cookie. */
export interface SessionRef {
  readonly id: string;
  readonly expiresAt: Date;
  readonly idleExpiresAt: Date;
}

/** Who is calling: the tenant, the actor and what it may do. */
export interface Principal {
  readonly tenantId: string;
  readonly actor: Actor;
  /** The token behind the request: sent as the bearer token, or the one a session was exchanged from. */
  readonly tokenId: string | null;
  readonly kind: 'api' | 'embed';
  /** The token's scopes; a person's session has none and acts through its roles. */
  readonly scopes: readonly Scope[];
  readonly roles: readonly Role[];
  /** Embed tokens only: the resources they may read, as `type:id` (e.g. `service:3f2a...`). */
  readonly resources: readonly string[];
  /** Embed tokens only: page origins allowed to use them. */
  readonly allowedOrigins: readonly string[];
  readonly session?: SessionRef | undefined;
}

export type ResourceType = 'service' | 'series' | 'plan' | 'grant' | 'budget' | 'event';

export function resourceRef(type: ResourceType, id: string): string {
  return `${type}:${id}`;
}

/**
 * Whether the principal may use a route of this scope; embed tokens hold `read` and nothing else.
 * Routes state a scope; everything but `ingest` is decided by the role the scope asks for.
 */
export function hasScope(principal: Principal, scope: Scope): boolean {
  if (principal.kind === 'embed') return scope === 'read';
  const role = roleFor(scope);
  return role ? holdsRole(principal.roles, role) : grants(principal.scopes, scope);
}

/** Whether the principal may see this resource at all (API tokens see their whole tenant). */
export function canSee(principal: Principal, type: ResourceType, id: string): boolean {
  return principal.kind === 'api' || principal.resources.includes(resourceRef(type, id));
}

/** Embed tokens work only from their listed origins; requests without an Origin (not a browser page) pass. */
export function originAllowed(principal: Principal, origin: string | undefined): boolean {
  if (principal.kind === 'api' || origin === undefined) return true;
  return principal.allowedOrigins.includes(origin);
}
