import type { IngestSettings, OidcSettings, RateLimitSettings, SessionSettings } from './config.ts';
import type { Logger } from './logger.ts';
import type { OutboundPolicy } from './outbound/check-outbound-target.ts';
import type { Database } from './store/database.ts';

/** Everything the app needs from outside; each entry (Node, Worker, tests, CLI) wires its own. */
export interface AppDeps {
  readonly database: Database;
  readonly clock: () => Date;
  readonly newId: () => string;
  readonly logger: Logger;
  readonly maxBodyBytes: number;
  readonly version: string;
  /** Limits of the metric receivers; the defaults of config.ts when absent (tests, Worker). */
  readonly ingest?: IngestSettings | undefined;
  /** LASTPLAN_FX_MAX_AGE_DAYS; the default of config.ts when absent (tests, Worker). */
  readonly fxMaxAgeDays?: number | undefined;
  /** LASTPLAN_SESSION_IDLE_MINUTES and _MAX_HOURS; the defaults of config.ts when absent. */
  readonly session?: SessionSettings | undefined;
  /**
   * LASTPLAN_PUBLIC_URL: the origin browsers see behind a reverse proxy. Cookie-authenticated
   * writes must come from it (or from the origin the request itself names).
   */
  readonly publicUrl?: string | undefined;
  /** Request limits (config.ts); none when absent (tests, Worker), as the limits hold per process. */
  readonly rateLimit?: RateLimitSettings | undefined;
  /** Which webhook targets may be set and reached; internal addresses are refused when absent. */
  readonly outbound?: OutboundPolicy | undefined;
  /** Sign-in through the identity provider; absent, /auth/login answers 404. */
  readonly oidc?: OidcSettings | undefined;
  /** Serves `/` and `/widgets.js`; absent in the Worker, which serves the API only. */
  readonly assets?: StaticAssets | undefined;
}

export interface StaticAssets {
  /** Returns the file's bytes and content type, or undefined if there is none. */
  read(path: string): Promise<StaticFile | undefined>;
}

export interface StaticFile {
  readonly body: Uint8Array;
  readonly contentType: string;
  /** A strong validator of the bytes (quoted), for If-None-Match. */
  readonly etag?: string;
  /** The same bytes compressed once, when that makes them smaller. */
  readonly gzip?: Uint8Array;
  readonly br?: Uint8Array;
}

export const defaultClock = (): Date => new Date();
export const randomId = (): string => crypto.randomUUID();
