import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';

/** Routes of the plans area; registered once in app.ts. */
export function registerPlansRoutes(_app: OpenAPIHono<AppEnv>): void {}
