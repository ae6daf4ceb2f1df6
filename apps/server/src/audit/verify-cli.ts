import { verifyLocalChains } from '../cli/audit-command.ts';
import { CliError } from '../cli/io.ts';

/**
 * `npm run audit:verify [chain …]` [A3]: recomputes every audit chain (or the named ones) of the database
 * the server is configured with (DATABASE_URL, else the embedded PGlite in CONCORD_DATA_DIR), prints one
 * line per chain, and exits 0 when all verify, 1 when any is broken, 2 when it could not verify
 * (bad configuration, no database, not migrated). It never migrates or writes. The embedded database
 * is one process's: stop the server before verifying it. The same as `concord audit verify`.
 */
verifyLocalChains({ stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }, process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof CliError ? error.message : `audit:verify failed: ${error instanceof Error ? error.message : String(error)}`}\n`);
    process.exit(2);
  },
);
