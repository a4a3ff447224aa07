import type { TenantTx } from '../store/with-tenant.ts';

/**
 * Runs work in a transaction of the caller's tenant. Given to the use cases that need more than
 * one transaction (with slow work between them that must hold no connection).
 */
export type TenantWork = <T>(work: (tx: TenantTx, tenantId: string) => Promise<T>) => Promise<T>;
