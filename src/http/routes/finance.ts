import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';

/** Routes of the finance area; registered once in app.ts. */
export function registerFinanceRoutes(_app: OpenAPIHono<AppEnv>): void {}
