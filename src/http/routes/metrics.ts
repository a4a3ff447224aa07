import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.ts';
import { registerMetricsIngest } from './metrics-ingest.ts';
import { registerMetricsOtlp } from './metrics-otlp.ts';
import { registerMetricsRead } from './metrics-read.ts';
import { registerMetricsRemoteWrite } from './metrics-remote-write.ts';

/**
 * Paths of the ingest receivers: they read their bodies as streams and apply their own limit
 * to the decompressed bytes, so the app's generic body limit must not cut them.
 */
export const ingestPaths: readonly string[] = ['/v1/metrics', '/otlp/v1/metrics', '/api/v1/write'];

/** Routes of the metrics area; registered once in app.ts. */
export function registerMetricsRoutes(app: OpenAPIHono<AppEnv>): void {
  registerMetricsIngest(app);
  registerMetricsOtlp(app);
  registerMetricsRemoteWrite(app);
  registerMetricsRead(app);
}
