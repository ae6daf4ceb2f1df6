import { createDb } from '@concord/db';
import { ConfigError, loadConfig } from './config.ts';

/** `npm run db:migrate`: applies the committed migrations to the configured database and exits. */
try {
  const config = loadConfig(process.env);
  const handle = await createDb({
    target: config.database.kind === 'postgres' ? { kind: 'postgres', url: config.database.url } : { kind: 'pglite', dataDir: config.database.dataDir },
  });
  await handle.close();
  process.stdout.write(`Migrations applied to ${config.database.kind === 'postgres' ? 'PostgreSQL' : config.database.dataDir}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
