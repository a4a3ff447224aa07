import type { Scope } from './scopes.ts';
import { grants } from './scopes.ts';

/** Who is calling: the tenant and token behind a request. */
export interface Principal {
  readonly tenantId: string;
  readonly tokenId: string;
  readonly tokenName: string;
  readonly kind: 'api' | 'embed';
  readonly scopes: readonly Scope[];
  /** Embed tokens only: the resources they may read, as `type:id` (e.g. `service:3f2a...`). */
  readonly resources: readonly string[];
  /** Embed tokens only: page origins allowed to use them. */
  readonly allowedOrigins: readonly string[];
}

export type ResourceType = 'service' | 'series' | 'plan' | 'grant' | 'budget' | 'event';

export function resourceRef(type: ResourceType, id: string): string {
  return `${type}:${id}`;
}

/** Whether the principal holds the scope; embed tokens hold `read` and nothing else. */
export function hasScope(principal: Principal, scope: Scope): boolean {
  if (principal.kind === 'embed') return scope === 'read';
  return grants(principal.scopes, scope);
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
