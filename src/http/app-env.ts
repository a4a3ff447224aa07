import type { AppDeps } from '../deps.ts';
import type { Logger } from '../logger.ts';
import type { HeldTransaction } from '../store/held-transaction.ts';
import type { Principal } from '../tenancy/principal.ts';
import type { AuditNote } from './audit-writes.ts';

/** What every handler finds on the context. `principal` is set by `authenticate`. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    logger: Logger;
    principal: Principal;
    /** What a write handler adds to its audit entry (see audit-writes.ts). */
    audit: AuditNote | undefined;
    /** Set by `authenticate` for a write the audit trail records: its action and resource type. */
    auditWords: readonly [string, string] | undefined;
    /** The write's one transaction, opened by the first `inTenant` (see in-tenant.ts). */
    heldTransaction: HeldTransaction | undefined;
  };
}
