/** Where a command writes and what it reads: the real process in main.ts, buffers in tests. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** The environment (CONCORD_SERVER, CONCORD_TOKEN and the server's own variables). */
  env: Record<string, string | undefined>;
  /** The folder relative paths (--out, files) are resolved against. */
  cwd: string;
}

/** Exit codes of every command: 0 ok, 1 the work failed, 2 usage, configuration or refused request. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/** An error the CLI prints as one line and exits with; anything else is a crash (exit 1). */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** A usage or configuration error (exit 2). */
export function usageError(message: string): CliError {
  return new CliError(message, exitCodes.usage);
}

/** The work itself failed (exit 1). */
export function failure(message: string): CliError {
  return new CliError(message, exitCodes.failed);
}
