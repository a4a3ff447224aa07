import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { registerMetricsIngest } from './metrics-ingest.ts';
import { registerMetricsOtlp } from './metrics-otlp.ts';
import { registerMetricsRead } from './metrics-read.ts';
import { registerMetricsRemoteWrite } from './metrics-remote-write.ts';

/** Routes of the metrics area; registered once in app.ts. */
export function registerMetricsRoutes(app: OpenAPIHono<AppEnv>): void {
  registerMetricsIngest(app);
  registerMetricsOtlp(app);
  registerMetricsRemoteWrite(app);
  registerMetricsRead(app);
}
