import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command that talks to Concord takes. */
export const targetOptions = {
  server: { type: 'string' },
  token: { type: 'string' },
  as: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/**
 * node:util parseArgs, strict, with its errors turned into usage errors (exit 2) that name the command.
 * @example const { values, positionals } = parseCommand('export', args, { ...targetOptions, project: { type: 'string' } });
 */
export function parseCommand<O extends Options>(command: string, args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^Unknown option '([^']+)'.*$/s, "unknown option '$1'") : String(error);
    throw usageError(`concord ${command}: ${message} (see concord ${command} --help)`);
  }
}

/** Where a command runs: a running server over HTTP, or in this process on the local data folder. */
export type Target = { kind: 'server'; apiUrl: string; token: string } | { kind: 'local'; as: string | null };

/**
 * `--server`/`CONCORD_SERVER` with `--token`/`CONCORD_TOKEN` selects the HTTP API (`<url>/api/v1`);
 * without a server the command opens the local data folder. `--as` is for local mode only.
 */
export function resolveTarget(values: { server?: string; token?: string; as?: string }, env: Record<string, string | undefined>): Target {
  const server = values.server ?? env.CONCORD_SERVER;
  const token = values.token ?? env.CONCORD_TOKEN;
  if (!server) {
    if (values.token !== undefined) throw usageError('--token needs --server <url> (or CONCORD_SERVER)');
    return { kind: 'local', as: values.as ?? null };
  }
  if (values.as !== undefined) throw usageError('--as is for the local data folder; with --server the token decides who you are');
  if (!token) throw usageError('--server needs an API token: --token <cpat_…> or CONCORD_TOKEN (create one in the web client under Account → API tokens, or POST /api/v1/me/tokens)');
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw usageError(`--server ${server} is not a URL (e.g. http://localhost:8787)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`--server ${server} must be an http:// or https:// URL`);
  const base = url.href.replace(/\/+$/, '');
  return { kind: 'server', apiUrl: base.endsWith('/api/v1') ? base : `${base}/api/v1`, token };
}

/** `a, b,,c` → ['a', 'b', 'c']; undefined stays undefined. */
export function listValue(value: string | undefined): string[] | undefined {
  return value === undefined ? undefined : value.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
}
