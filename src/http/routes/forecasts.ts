import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';

/** Routes of the forecasts area; registered once in app.ts. */
export function registerForecastsRoutes(_app: OpenAPIHono<AppEnv>): void {}
