import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { printDemo } from './demo/print-demo.ts';
import { startServer } from './server.ts';

/** Boot: loadConfig → startServer → print how to sign in; SIGTERM/SIGINT store everything and close. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  const server = await startServer({ config, log });
  const url = config.publicUrl ?? server.url;
  const lines = [
    '',
    `Concord is running at ${url}`,
    `  database: ${config.database.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.database.dataDir}`}`,
    `  coordination: ${config.redis ? 'Redis (REDIS_URL)' : 'in memory (single instance)'}`,
    `  API: ${url}/api/v1 (OpenAPI: ${url}/api/v1/openapi.json)`,
  ];
  if (server.admin.generatedPassword) {
    lines.push(
      `  Sign in as ${server.admin.email} with password: ${server.admin.generatedPassword}`,
      '  (shown once; set CONCORD_ADMIN_EMAIL / CONCORD_ADMIN_PASSWORD before the first start to choose them)',
    );
  } else if (server.admin.created) {
    lines.push(`  Sign in as ${server.admin.email} with the password from CONCORD_ADMIN_PASSWORD`);
  } else {
    lines.push('  Sign in with an existing account');
  }
  lines.push(
    `  e.g. curl -s -X POST ${url}/api/v1/auth/login -H 'content-type: application/json' -d '{"email":"${server.admin.email}","password":"..."}'`,
    '',
  );
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.argv.includes('--demo')) await printDemo(server);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: storing pending edits and closing sockets');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Concord failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
