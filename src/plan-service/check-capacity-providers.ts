import { DomainError, type FieldError } from '../domain/errors.ts';
import type { CapacitySpec } from '../plan/capacity-spec.ts';
import { currentCatalogIds } from '../store/catalog-store.ts';
import type { TenantTx } from '../store/with-tenant.ts';

/**
 * Every provider a capacity model names must have a catalog the tenant sees, so that a mistyped
 * id fails when the model is saved rather than at the next plan. Pointers name the spec's fields.
 */
export async function checkCapacityProviders(tx: TenantTx, spec: CapacitySpec): Promise<void> {
  const known = await currentCatalogIds(tx);
  const errors: FieldError[] = [];
  const check = (provider: string | undefined, pointer: string) => {
    if (provider !== undefined && !known.has(provider)) {
      errors.push({
        pointer,
        detail: `no catalog for provider "${provider}"; known: ${[...known.keys()].sort().join(', ')}`,
      });
    }
  };
  spec.providers?.forEach((provider, index) => {
    check(provider, `/providers/${index}`);
  });
  check(spec.instanceType?.provider, '/instanceType/provider');
  check(spec.current?.provider, '/current/provider');
  check(spec.backup?.targetProvider, '/backup/targetProvider');
  if (errors.length > 0)
    throw new DomainError('validation', 'the capacity model names unknown providers', errors);
}
