import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { registerCapacityRoutes } from './plans-capacity.ts';
import { registerCatalogRoutes } from './plans-catalogs.ts';
import { registerInstanceTypeRoutes } from './plans-instance-types.ts';
import { registerPlanRoutes } from './plans-plans.ts';

/** Routes of the plans area (catalogs, rates, capacity models, plans, scenarios); registered once in app.ts. */
export function registerPlansRoutes(app: OpenAPIHono<AppEnv>): void {
  registerCatalogRoutes(app);
  registerInstanceTypeRoutes(app);
  registerCapacityRoutes(app);
  registerPlanRoutes(app);
}
