import type { AppDeps } from '../deps.ts';
import type { Logger } from '../logger.ts';
import type { Principal } from '../tenancy/principal.ts';

/** What every handler finds on the context. `principal` is set by `authenticate`. */
export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    logger: Logger;
    principal: Principal;
  };
}
