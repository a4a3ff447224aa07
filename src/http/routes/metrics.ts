import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';

/** Routes of the metrics area; registered once in app.ts. */
export function registerMetricsRoutes(_app: OpenAPIHono<AppEnv>): void {}
