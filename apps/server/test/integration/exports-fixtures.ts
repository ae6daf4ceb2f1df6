import { createHash } from 'node:crypto';
import type { ExportJob } from '@concord/protocol';
import type { Api } from '../helpers/api.ts';
import type { TestServer } from '../helpers/test-server.ts';

/** Starts an export (202) and waits until it is done or failed, by polling GET /exports/{id}. */
export async function runExport(api: Api, projectId: string, request: Record<string, unknown>): Promise<ExportJob> {
  const started = await api.call<ExportJob>('POST', `/projects/${projectId}/exports`, request, 202);
  for (let i = 0; i < 600; i++) {
    const job = await api.call<ExportJob>('GET', `/exports/${started.id}`, undefined, 200);
    if (job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`export ${started.id} still running`);
}

/** GET /exports/{id}/files/{path} as raw bytes, with status and headers; `raw` sends `path` as given, else URL-encoded. */
export async function download(t: TestServer, api: Api, exportId: string, path: string, options: { raw?: boolean } = {}) {
  const res = await fetch(`${t.url}/api/v1/exports/${exportId}/files/${options.raw ? path : encodeURIComponent(path)}`, { headers: { authorization: `Bearer ${api.token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The JSONL rows of a downloaded file. */
export function jsonlRows(bytes: Buffer): Record<string, unknown>[] {
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Every row of every `<split>/data.jsonl` of a done export, each with the split it came from. */
export async function allRows(t: TestServer, api: Api, job: ExportJob) {
  const rows: (Record<string, unknown> & { split: string })[] = [];
  for (const file of job.files.filter((f) => f.path.endsWith('/data.jsonl'))) {
    const got = await download(t, api, job.id, file.path);
    for (const row of jsonlRows(got.bytes)) rows.push({ ...row, split: file.path.split('/')[0]! });
  }
  return rows;
}

/** The rows of the Markdown table under `## <section>` of a dataset card (optionally under `### <sub>`), as cell arrays. */
export function tableOf(readme: string, section: string, sub?: string): string[][] {
  let text = readme.split(`\n## ${section}\n`)[1]!.split('\n## ')[0]!;
  if (sub) text = text.split(`\n### ${sub}\n`)[1]!.split('\n### ')[0]!;
  const lines = text.split('\n').filter((l) => l.startsWith('| '));
  return lines.slice(2).map((l) => l.slice(2, -2).split(' | '));
}
