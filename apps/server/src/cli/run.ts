import { runAuditCommand } from './audit-command.ts';
import { runExportCommand } from './export-command.ts';
import { runImportCommand } from './import-command.ts';
import { CliError, exitCodes, type CliIo } from './io.ts';
import { runUsersCommand } from './users-command.ts';

export const mainHelp = `concord <command> [options]

Commands:
  export --project <id> --format <format> [--out ./data]   export annotations into a training format
  import --project <id> <file>                            import items from JSONL or Label Studio JSON
  users list | users create --email --name [--role]       list or create users
  audit verify [chain …]                                  verify the audit log's hash chains

Every command runs either
  on a running server:   --server <url> --token <cpat_…>   (or env CONCORD_SERVER, CONCORD_TOKEN)
                         a personal API token (web: Account → API tokens, or POST /api/v1/me/tokens)
  or on the local data folder, in this process (default): CONCORD_DATA_DIR (./.concord) or DATABASE_URL;
                         a server using the embedded database must be stopped first.

concord <command> --help shows a command's options.
Exit codes: 0 ok, 1 the work failed, 2 usage, configuration or a refused request.`;

const commands: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  export: runExportCommand,
  import: runImportCommand,
  users: runUsersCommand,
  audit: runAuditCommand,
};

/**
 * Runs one `concord` command line and returns its exit code; errors are printed as one line on
 * stderr (a CliError with its code, anything else as a crash, exit 1). Never calls process.exit.
 * @example const code = await runCli(['users', 'list'], { stdout, stderr, env: process.env, cwd: process.cwd() });
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${mainHelp}\n`);
    return name === undefined ? exitCodes.usage : exitCodes.ok;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`concord: unknown command "${name}" (export, import, users, audit; see concord --help)\n`);
    return exitCodes.usage;
  }
  try {
    return await command(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr.write(`concord ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`concord ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return exitCodes.failed;
  }
}
