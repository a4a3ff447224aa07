import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { registerFinanceAlerts } from './finance-alerts.ts';
import { registerFinanceBudgets } from './finance-budgets.ts';
import { registerFinanceComputed } from './finance-computed.ts';
import { registerFinanceGrants } from './finance-grants.ts';
import { registerFinanceReports } from './finance-reports.ts';

/** Routes of the finance area (computed costs, grants, budgets, alerts, reports); registered once in app.ts. */
export function registerFinanceRoutes(app: OpenAPIHono<AppEnv>): void {
  registerFinanceComputed(app);
  registerFinanceGrants(app);
  registerFinanceBudgets(app);
  registerFinanceAlerts(app);
  registerFinanceReports(app);
}
