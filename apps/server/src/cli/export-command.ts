import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { can, exportFormats, type ExportJob, type ExportRequest } from '@concord/protocol';
import { createAccess } from '../accounts/index.ts';
import { AppError } from '../errors.ts';
import { createStandaloneExportService } from '../exports/standalone.ts';
import { parseCommand, resolveTarget, targetOptions } from './args.ts';
import { buildExportRequest } from './export-request.ts';
import { createHttpClient, type HttpClient } from './http-client.ts';
import { exitCodes, failure, usageError, type CliIo } from './io.ts';
import { openLocal, principalOf, resolveActor } from './local.ts';
import { safeOutPath, writeVerified } from './out-files.ts';
import { createProgress, type Progress } from './progress.ts';

export const exportHelp = `concord export --project <id> --format <format> [options]

Exports a project's annotations into a training format and writes the files into --out
(each file's SHA-256 is checked against the export's manifest).

  --project <id>        project id (prj_…)                                  required
  --format <format>     ${exportFormats.join(', ')}
  --out <dir>           where the files go (created; default ./data)
  --states <a,b>        item states to include (default accepted)
  --slices <a,b>        only items carrying one of these tags
  --from <iso> --to <iso>  only items whose state changed in this window
  --annotators <a,b>    only items annotated by these user ids
  --gold include|only|exclude   gold items (default include)
  --splits train=0.8,validation=0.1,test=0.1   deterministic split (default all train)
  --media copy|url      copy media files into the export or reference them by URL
                        (default: url for openai-chat and openai-preference, copy otherwise)
  --no-provenance       leave out the provenance columns
  --server <url> --token <token>   run on a server (env CONCORD_SERVER, CONCORD_TOKEN)
  --as <email>          local mode: act (and be audited) as this user (default: the first site admin)

Without --server the export runs in this process on the local data folder (CONCORD_DATA_DIR or
DATABASE_URL); a server using the embedded database must be stopped first.
Exit codes: 0 done, 1 the export failed, 2 usage, configuration or a refused request.`;

const pollMs = 300;

/** `concord export`: starts an export, follows it with a progress bar, writes its files into --out. */
export async function runExportCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('export', args, {
    ...targetOptions,
    project: { type: 'string', short: 'p' },
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    states: { type: 'string' },
    slices: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    annotators: { type: 'string' },
    gold: { type: 'string' },
    splits: { type: 'string' },
    media: { type: 'string' },
    'no-provenance': { type: 'boolean' },
  });
  if (values.help) {
    io.stdout.write(`${exportHelp}\n`);
    return exitCodes.ok;
  }
  if (!values.project) throw usageError('--project <id> is required (see concord export --help)');
  const request = buildExportRequest(values);
  const target = resolveTarget(values, io.env);
  const outDir = resolve(io.cwd, values.out ?? 'data');
  const progress = createProgress({ stream: io.stderr, label: 'export', unit: 'items' });
  const job =
    target.kind === 'server'
      ? await exportOnServer(createHttpClient(target), values.project, request, outDir, progress)
      : await exportLocally(io, target.as, values.project, request, outDir, progress);
  report(io, job, outDir);
  return exitCodes.ok;
}

function finished(job: ExportJob, progress: Progress): ExportJob {
  progress.update(job.itemsDone, job.itemsTotal);
  progress.finish();
  if (job.status === 'failed') throw failure(`export ${job.id} failed: ${job.failure ?? 'no reason recorded'}`);
  return job;
}

async function exportOnServer(http: HttpClient, projectId: string, request: ExportRequest, outDir: string, progress: Progress): Promise<ExportJob> {
  let job = await http.json<ExportJob>('POST', `/projects/${encodeURIComponent(projectId)}/exports`, request);
  while (job.status === 'running') {
    // A total of 0 while running means "not counted yet": no bar until it is.
    if (job.itemsTotal > 0) progress.update(job.itemsDone, job.itemsTotal);
    await new Promise((r) => setTimeout(r, pollMs));
    job = await http.json<ExportJob>('GET', `/exports/${job.id}`);
  }
  finished(job, progress);
  const targets = job.files.map((file) => ({ file, path: safeOutPath(outDir, file.path) }));
  for (const { file, path } of targets) {
    const res = await http.raw('GET', `/exports/${job.id}/files/${encodeURIComponent(file.path)}`);
    const header = res.headers.get('x-content-sha256');
    if (header !== null && header !== file.sha256) throw failure(`${file.path}: the server sent SHA-256 ${header}, the export lists ${file.sha256}`);
    if (!res.body) throw failure(`${file.path}: the server sent no body`);
    await writeVerified(Readable.fromWeb(res.body as Parameters<typeof Readable.fromWeb>[0]), path, file);
  }
  return job;
}

async function exportLocally(io: CliIo, as: string | null, projectId: string, request: ExportRequest, outDir: string, progress: Progress): Promise<ExportJob> {
  const local = await openLocal(io);
  try {
    const actor = await resolveActor(local, as);
    const role = await createAccess({ db: local.db.db }).projectRole(principalOf(actor), projectId);
    if (!role || !can(role, 'data.export')) throw usageError(`Project ${projectId} not found, or ${actor.email} may not export from it.`);
    const standalone = await createStandaloneExportService({
      db: local.db.db, config: local.config, log: local.log,
      onProgress: (p) => {
        if (p.status === 'running' && p.itemsTotal > 0) progress.update(p.itemsDone, p.itemsTotal);
      },
    });
    try {
      const { service } = standalone;
      let started: ExportJob;
      try {
        started = await service.start({ projectId, userId: actor.id, request });
      } catch (error) {
        if (error instanceof AppError) throw usageError(`${error.message} (${error.status})`);
        throw error;
      }
      await service.idle();
      const job = finished((await service.get(started.id)) ?? started, progress);
      const folder = service.folderOf(job);
      const targets = job.files.map((file) => ({ file, from: safeOutPath(folder, file.path), path: safeOutPath(outDir, file.path) }));
      for (const { file, from, path } of targets) await writeVerified(createReadStream(from), path, file);
      return job;
    } finally {
      await standalone.close();
    }
  } finally {
    await local.close();
  }
}

function report(io: CliIo, job: ExportJob, outDir: string): void {
  const lines = [`Export ${job.id} done: ${job.rows} rows from ${job.itemsDone} items (${job.format}) → ${outDir}`];
  for (const file of job.files) lines.push(`  ${file.path}  ${file.bytes} bytes  sha256 ${file.sha256.slice(0, 12)}…`);
  io.stdout.write(`${lines.join('\n')}\n`);
  if (job.skipped.length > 0) {
    const shown = job.skipped.slice(0, 5).map((s) => `  ${s.itemId}: ${s.reason}`);
    io.stderr.write(`${job.skipped.length} item${job.skipped.length === 1 ? ' was' : 's were'} skipped:\n${shown.join('\n')}${job.skipped.length > 5 ? '\n  …' : ''}\n`);
  }
}
