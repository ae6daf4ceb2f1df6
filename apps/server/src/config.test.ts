import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8787);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database.kind).toBe('pglite');
    expect(config.redis).toBeNull();
    expect(config.ws.maxFrameBytes).toBe(1024 * 1024);
    expect(Object.isFrozen(config.ws)).toBe(true);
  });

  it('switches to Postgres and Redis by URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/c', REDIS_URL: 'redis://r:6379' });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/c' });
    expect(config.redis).toEqual({ url: 'redis://r:6379', prefix: 'concord' });
  });

  it('names every bad variable at once', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', CONCORD_ADMIN_PASSWORD: 'short' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('CONCORD_ADMIN_PASSWORD');
  });

  it('reads the sign-in limits, proxy hops and HSTS with safe defaults', () => {
    const defaults = loadConfig({});
    expect(defaults.login).toEqual({ maxFailuresPerAccount: 10, maxFailuresPerIp: 100, windowMs: 15 * 60_000 });
    expect(defaults.trustProxyHops).toBe(0);
    expect(defaults.hstsMaxAgeSeconds).toBe(0);
    const set = loadConfig({
      CONCORD_LOGIN_MAX_FAILURES: '5',
      CONCORD_LOGIN_MAX_FAILURES_PER_IP: '50',
      CONCORD_LOGIN_WINDOW_SECONDS: '60',
      CONCORD_TRUST_PROXY_HOPS: '1',
      CONCORD_HSTS_MAX_AGE_SECONDS: '31536000',
    });
    expect(set.login).toEqual({ maxFailuresPerAccount: 5, maxFailuresPerIp: 50, windowMs: 60_000 });
    expect(set.trustProxyHops).toBe(1);
    expect(set.hstsMaxAgeSeconds).toBe(31_536_000);
    expect(() => loadConfig({ CONCORD_LOGIN_MAX_FAILURES: '0', CONCORD_TRUST_PROXY_HOPS: '-1' })).toThrow(/CONCORD_LOGIN_MAX_FAILURES[\s\S]*CONCORD_TRUST_PROXY_HOPS/);
  });

  it('reads the metrics token, refusing one short enough to guess', () => {
    expect(loadConfig({}).metricsToken).toBeNull();
    expect(loadConfig({ CONCORD_METRICS_TOKEN: '' }).metricsToken).toBeNull();
    const token = 'a'.repeat(24) + '0123456789';
    expect(loadConfig({ CONCORD_METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(() => loadConfig({ CONCORD_METRICS_TOKEN: 'short-secret' })).toThrow(/CONCORD_METRICS_TOKEN: 32 to 512 characters/);
    expect(() => loadConfig({ CONCORD_METRICS_TOKEN: `${token} with spaces` })).toThrow(/CONCORD_METRICS_TOKEN/);
  });
});
