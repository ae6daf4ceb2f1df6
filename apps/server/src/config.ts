import { resolve } from 'node:path';
import { z } from 'zod';
import { defaultCheckBudgetMs } from './rooms/update-guard.ts';

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

/** Every environment variable Concord reads, with its default. `.env.example` documents the same list. */
const envSchema = z.object({
  PORT: port.default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  CONCORD_DATA_DIR: z.string().min(1).default('./.concord'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  CONCORD_REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only (1-64 characters)')
    .default('concord'),
  CONCORD_ADMIN_EMAIL: z.email().optional(),
  CONCORD_ADMIN_PASSWORD: z.string().min(12, 'at least 12 characters').optional(),
  CONCORD_PUBLIC_URL: z.url().optional(),
  CONCORD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONCORD_SESSION_TTL_HOURS: positiveInt.default(24 * 14),
  CONCORD_WS_MAX_FRAME_BYTES: positiveInt.default(1024 * 1024),
  CONCORD_WS_MAX_MESSAGES_PER_SECOND: positiveInt.default(300),
  CONCORD_WS_MAX_BYTES_PER_SECOND: positiveInt.default(4 * 1024 * 1024),
  CONCORD_WS_MAX_BUFFERED_BYTES: positiveInt.default(8 * 1024 * 1024),
  CONCORD_WS_MAX_WORK_MS_PER_SECOND: positiveInt.default(250),
  CONCORD_AWARENESS_MAX_BYTES: positiveInt.default(8 * 1024),
  CONCORD_DOC_UNLOAD_AFTER_MS: z.coerce.number().int().min(0).default(10_000),
  CONCORD_SNAPSHOT_EVERY_UPDATES: positiveInt.default(500),
  CONCORD_UPDATE_CHECK_BUDGET_MS: positiveInt.default(defaultCheckBudgetMs),
  CONCORD_ACCESS_RECHECK_MS: positiveInt.default(15_000),
  CONCORD_WEB_DIR: z.string().min(1).optional(),
  CONCORD_MEDIA_MAX_BYTES: positiveInt.default(50 * 1024 * 1024),
  CONCORD_MEDIA_MAX_PIXELS: positiveInt.default(64_000_000),
  CONCORD_MEDIA_FETCH_TIMEOUT_MS: positiveInt.default(15_000),
  CONCORD_IMPORT_MAX_BYTES: positiveInt.default(512 * 1024 * 1024),
  CONCORD_LOGIN_MAX_FAILURES: positiveInt.default(10),
  CONCORD_LOGIN_MAX_FAILURES_PER_IP: positiveInt.default(100),
  CONCORD_LOGIN_WINDOW_SECONDS: positiveInt.default(15 * 60),
  CONCORD_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  CONCORD_HSTS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).default(0),
  CONCORD_METRICS_TOKEN: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\S{32,512}$/, '32 to 512 characters without spaces (e.g. `openssl rand -hex 32`)')
      .optional(),
  ),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  /** Public base URL printed at start (defaults to http://host:port). */
  publicUrl: string | undefined;
  dataDir: string;
  mediaDir: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  redis: { url: string; prefix: string } | null;
  admin: { email: string | undefined; password: string | undefined };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionTtlMs: number;
  ws: {
    maxFrameBytes: number;
    maxMessagesPerSecond: number;
    maxBytesPerSecond: number;
    maxBufferedBytes: number;
    /** Handling time one user's document messages may take per second, per instance (bursts up to 4x) [R18]. */
    maxWorkMsPerSecond: number;
    awarenessMaxBytes: number;
  };
  rooms: { unloadAfterMs: number; snapshotEveryUpdates: number; updateCheckBudgetMs: number };
  accessRecheckMs: number;
  /** The built web client to serve; null = the one built beside the server (apps/web/build). */
  webDir: string | null;
  /** Upload and fetch limits: bytes per file, pixels per image (decompression bombs), fetch timeout. */
  media: { maxBytes: number; maxPixels: number; fetchTimeoutMs: number };
  /** Largest import file (streamed, never held in memory whole). */
  importMaxBytes: number;
  /**
   * Sign-in throttling (http SPEC A10-A14): failed logins counted per e-mail and per client address in a
   * fixed window; past a limit every attempt is a 429 until the window ends.
   */
  login: { maxFailuresPerAccount: number; maxFailuresPerIp: number; windowMs: number };
  /**
   * Reverse proxies in front of the server that append to `X-Forwarded-For` (0: use the socket's
   * address, ignoring the header, which a client can forge).
   */
  trustProxyHops: number;
  /** `Strict-Transport-Security` max-age on every response; 0 sends none (the server speaks plain HTTP itself). */
  hstsMaxAgeSeconds: number;
  /** A bearer token that may read `GET /metrics` and nothing else (Prometheus); null: site admins' tokens only. */
  metricsToken: string | null;
}

/** Start-up stops with this error; its message names every bad variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads and validates the environment once, at boot. The only place that reads `process.env`.
 * @example const config = loadConfig(process.env);
 */
export function loadConfig(env: Record<string, string | undefined>): Readonly<Config> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.CONCORD_DATA_DIR);
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.CONCORD_PUBLIC_URL,
    dataDir,
    mediaDir: resolve(dataDir, 'media'),
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: resolve(dataDir, 'db') },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.CONCORD_REDIS_PREFIX } : null,
    admin: { email: e.CONCORD_ADMIN_EMAIL, password: e.CONCORD_ADMIN_PASSWORD },
    logLevel: e.CONCORD_LOG_LEVEL,
    sessionTtlMs: e.CONCORD_SESSION_TTL_HOURS * 3_600_000,
    ws: {
      maxFrameBytes: e.CONCORD_WS_MAX_FRAME_BYTES,
      maxMessagesPerSecond: e.CONCORD_WS_MAX_MESSAGES_PER_SECOND,
      maxBytesPerSecond: e.CONCORD_WS_MAX_BYTES_PER_SECOND,
      maxBufferedBytes: e.CONCORD_WS_MAX_BUFFERED_BYTES,
      maxWorkMsPerSecond: e.CONCORD_WS_MAX_WORK_MS_PER_SECOND,
      awarenessMaxBytes: e.CONCORD_AWARENESS_MAX_BYTES,
    },
    rooms: { unloadAfterMs: e.CONCORD_DOC_UNLOAD_AFTER_MS, snapshotEveryUpdates: e.CONCORD_SNAPSHOT_EVERY_UPDATES, updateCheckBudgetMs: e.CONCORD_UPDATE_CHECK_BUDGET_MS },
    accessRecheckMs: e.CONCORD_ACCESS_RECHECK_MS,
    webDir: e.CONCORD_WEB_DIR ? resolve(e.CONCORD_WEB_DIR) : null,
    media: { maxBytes: e.CONCORD_MEDIA_MAX_BYTES, maxPixels: e.CONCORD_MEDIA_MAX_PIXELS, fetchTimeoutMs: e.CONCORD_MEDIA_FETCH_TIMEOUT_MS },
    importMaxBytes: e.CONCORD_IMPORT_MAX_BYTES,
    login: {
      maxFailuresPerAccount: e.CONCORD_LOGIN_MAX_FAILURES,
      maxFailuresPerIp: e.CONCORD_LOGIN_MAX_FAILURES_PER_IP,
      windowMs: e.CONCORD_LOGIN_WINDOW_SECONDS * 1000,
    },
    trustProxyHops: e.CONCORD_TRUST_PROXY_HOPS,
    hstsMaxAgeSeconds: e.CONCORD_HSTS_MAX_AGE_SECONDS,
    metricsToken: e.CONCORD_METRICS_TOKEN ?? null,
  };
  return deepFreeze(config);
}

/** A config for tests: embedded defaults in a given data dir, with overrides. */
export function testConfig(overrides: Partial<Config> & { dataDir: string }): Readonly<Config> {
  const base = loadConfig({ CONCORD_DATA_DIR: overrides.dataDir, PORT: '0', CONCORD_LOG_LEVEL: 'silent' });
  return deepFreeze({ ...structuredClone(base), ...overrides });
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
