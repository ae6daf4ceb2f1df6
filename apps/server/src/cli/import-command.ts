import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { can } from '@concord/protocol';
import { createAccess } from '../accounts/index.ts';
import { AppError } from '../errors.ts';
import type { ImportFormat } from '../imports/types.ts';
import { parseCommand, resolveTarget, targetOptions } from './args.ts';
import { createHttpClient, type HttpClient } from './http-client.ts';
import { exitCodes, failure, usageError, type CliIo } from './io.ts';
import { openLocal, principalOf, resolveActor } from './local.ts';
import { createLocalImportService } from './local-services.ts';
import { createProgress, type Progress } from './progress.ts';

export const importHelp = `concord import --project <id> [--format jsonl|label-studio] <file>

Imports items from a JSONL file (one item per line) or a Label Studio JSON export
(format: docs/import-format.md). Items whose external id exists already are skipped, so an
interrupted import can be run again.

  --project <id>        project id (prj_…)                                  required
  --format <format>     jsonl or label-studio (default: label-studio for .json files, else jsonl)
  --server <url> --token <token>   import through a server (env CONCORD_SERVER, CONCORD_TOKEN)
  --as <email>          local mode: act (and be audited) as this user (default: the first site admin)

Without --server the import runs in this process on the local data folder (CONCORD_DATA_DIR or
DATABASE_URL); a server using the embedded database must be stopped first.
Exit codes: 0 every record imported or skipped, 1 the import failed or some records failed, 2 usage.`;

/** An import as GET /imports/{id} answers (dates as strings) or the service returns it. */
interface ImportState {
  id: string;
  status: 'running' | 'done' | 'failed';
  linesDone: number;
  created: number;
  skipped: number;
  failed: number;
  failure: string | null;
  errors: { line: number; message: string }[];
}

const pollMs = 300;

/** `concord import`: uploads (or reads) a file into a project and follows the import to its end. */
export async function runImportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(
    'import',
    args,
    { ...targetOptions, project: { type: 'string', short: 'p' }, format: { type: 'string', short: 'f' } },
    true,
  );
  if (values.help) {
    io.stdout.write(`${importHelp}\n`);
    return exitCodes.ok;
  }
  if (!values.project) throw usageError('--project <id> is required (see concord import --help)');
  if (positionals.length !== 1) throw usageError('give exactly one file to import (see concord import --help)');
  if (values.format !== undefined && values.format !== 'jsonl' && values.format !== 'label-studio') throw usageError(`--format ${values.format}: must be jsonl or label-studio`);
  const file = resolve(io.cwd, positionals[0]!);
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) throw usageError(`${positionals[0]}: no such file`);
  const format: ImportFormat = (values.format as ImportFormat | undefined) ?? (file.toLowerCase().endsWith('.json') ? 'label-studio' : 'jsonl');
  const target = resolveTarget(values, io.env);
  const progress = createProgress({ stream: io.stderr, label: 'import', unit: 'records' });
  const result =
    target.kind === 'server'
      ? await importOnServer(createHttpClient(target), values.project, file, info.size, format, progress)
      : await importLocally(io, target.as, values.project, file, format, progress);
  progress.update(result.linesDone, null);
  progress.finish();
  if (result.status === 'failed') throw failure(`import ${result.id} failed: ${result.failure ?? 'no reason recorded'}`);
  io.stdout.write(`Import ${result.id} done: ${result.created} created, ${result.skipped} skipped (already there), ${result.failed} failed\n`);
  if (result.errors.length > 0) {
    const shown = result.errors.slice(0, 20).map((e) => `  line ${e.line}: ${e.message}`);
    io.stderr.write(`${shown.join('\n')}${result.errors.length > 20 ? `\n  … ${result.errors.length - 20} more (GET /imports/${result.id})` : ''}\n`);
  }
  return result.failed > 0 ? exitCodes.failed : exitCodes.ok;
}

async function importOnServer(http: HttpClient, projectId: string, file: string, size: number, format: ImportFormat, progress: Progress): Promise<ImportState> {
  const query = new URLSearchParams({ format, fileName: basename(file) });
  const res = await http.raw('POST', `/projects/${encodeURIComponent(projectId)}/imports?${query}`, {
    body: Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
    headers: { 'content-type': format === 'label-studio' ? 'application/json' : 'application/x-ndjson', 'content-length': String(size) },
  });
  let state = (await res.json()) as ImportState;
  while (state.status === 'running') {
    if (state.linesDone > 0) progress.update(state.linesDone, null);
    await new Promise((r) => setTimeout(r, pollMs));
    state = await http.json<ImportState>('GET', `/imports/${state.id}`);
  }
  return state;
}

async function importLocally(io: CliIo, as: string | null, projectId: string, file: string, format: ImportFormat, progress: Progress): Promise<ImportState> {
  const local = await openLocal(io);
  try {
    const actor = await resolveActor(local, as);
    const role = await createAccess({ db: local.db.db }).projectRole(principalOf(actor), projectId);
    if (!role || !can(role, 'items.create')) throw usageError(`Project ${projectId} not found, or ${actor.email} may not import into it.`);
    const service = createLocalImportService(local, (p) => progress.update(p.linesDone, null));
    let started;
    try {
      started = await service.start({ projectId, userId: actor.id, format, fileName: basename(file), body: createReadStream(file) });
    } catch (error) {
      if (error instanceof AppError) throw usageError(`${error.message} (${error.status})`);
      throw error;
    }
    await service.idle();
    return (await service.get(started.id)) ?? started;
  } finally {
    await local.close();
  }
}
