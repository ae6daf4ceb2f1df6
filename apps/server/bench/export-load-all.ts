// Child process of the export benchmark (export.ts): the peer, "load everything, then serialise", the way
// Label Studio's JSON export works (every task with its annotations queried into memory, serialised, then
// written). Done honestly over the same rows: ONE query returns every selected item with its document log,
// client bindings and annotators; every document is decoded and built into the same ExportItem the server
// builds (same readDoc, provenance, pseudonyms, split, config); the same trl-dpo formatter then renders all
// rows into memory, and the files are written at the end. Prints one RESULT line (memory.ts).
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { defaultConfig, provenanceOf, readDoc, type Actor } from '@concord/annotation-doc';
import { createDb, exportKeys } from '@concord/db';
import { formatters, type ExportItem, type ExportSink, type FormatId } from '@concord/exporters';
import { exportRequestSchema, type ExportFormat } from '@concord/protocol';
import { eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { mediaIdsIn, pseudonymousFields } from '../src/exports/build-item.ts';
import { pseudonymOf } from '../src/exports/pseudonym.ts';
import { splitOf } from '../src/exports/split.ts';
import { parseChildArgs } from './export-args.ts';
import { createMemorySampler, report } from './memory.ts';

interface LoadedRow {
  id: string;
  external_id: string;
  tags: string[];
  gold: unknown;
  state: string;
  config_version: number;
  snapshot: Uint8Array | null;
  updates: Uint8Array[] | null;
  clients: { clientId: number; kind: string; userId: string | null; modelId: string | null; promptVersion: string | null }[] | null;
  annotators: string[] | null;
}

const args = parseChildArgs(process.argv[2]);
const handle = await createDb({ target: args.target, migrate: false });
const db = handle.db;
const request = exportRequestSchema.parse({ format: args.format as ExportFormat });
const limit = args.limit ?? 2_147_483_647;
const [key] = await db.select({ secret: exportKeys.secret }).from(exportKeys).where(eq(exportKeys.projectId, args.projectId));
if (!key) throw new Error('the project has no export key (export.ts makes it before the runs)');
const config = defaultConfig('preference');

const memory = createMemorySampler();
const baselineRss = process.memoryUsage().rss;
const started = performance.now();

// 1. Everything in one query.
const result = await db.execute(sql`
  select i.id, i.external_id, i.tags, i.gold, i.state, d.config_version, s.state as snapshot,
    (select array_agg(u.update order by u.seq) from document_updates u where u.document_id = d.id and u.seq > coalesce(s.seq, 0)) as updates,
    (select json_agg(json_build_object('clientId', c.client_id, 'kind', c.kind, 'userId', c.user_id, 'modelId', c.model_id, 'promptVersion', c.prompt_version))
       from document_clients c where c.document_id = d.id) as clients,
    (select array_agg(distinct a.user_id) from assignments a
       where a.item_id = i.id and a.kind = 'work' and a.state in ('submitted', 'in_review', 'accepted')) as annotators
  from items i
  join documents d on d.id = coalesce(i.final_document_id,
    (select x.id from documents x where x.item_id = i.id and x.kind = 'item' order by x.created_at limit 1))
  left join document_snapshots s on s.document_id = d.id
  where i.project_id = ${args.projectId} and i.state in ${request.filters.states}
  order by i.id
  limit ${limit}`);
const rows = (result as unknown as { rows: LoadedRow[] }).rows;
memory.mark(`query: ${rows.length} rows in memory`);

// 2. Every document decoded and built into an ExportItem, all kept.
const items: ExportItem[] = [];
for (const row of rows) {
  const updates = [...(row.snapshot ? [row.snapshot] : []), ...(row.updates ?? [])].map((u) => new Uint8Array(u));
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.mergeUpdates(updates));
  const clients = new Map((row.clients ?? []).map((c) => [Number(c.clientId), c]));
  const actorOf = (clientId: number): Actor | undefined => {
    const c = clients.get(clientId);
    if (!c) return undefined;
    if (c.kind === 'user' && c.userId) return { kind: 'user', userId: c.userId };
    if (c.kind === 'model') return { kind: 'model', modelId: c.modelId ?? 'unknown model', ...(c.promptVersion ? { promptVersion: c.promptVersion } : {}) };
    return { kind: 'source' };
  };
  const annotation = readDoc(doc);
  const fields = pseudonymousFields(provenanceOf(doc, actorOf), key.secret);
  doc.destroy();
  if (mediaIdsIn(annotation).size > 0) throw new Error('the load-all peer handles text-only items (the benchmark seeds no media)');
  items.push({
    itemId: row.id,
    externalId: row.external_id,
    split: splitOf(args.projectId, row.external_id, request.splits),
    tags: row.tags,
    gold: row.gold !== null && row.gold !== undefined,
    annotation,
    media: {},
    config,
    provenance: {
      annotators: (row.annotators ?? []).map((u) => pseudonymOf(key.secret, u)).sort(),
      configVersion: row.config_version,
      reviewOutcome: row.state,
      fields,
      agreement: null,
    },
  });
}
memory.mark(`decoded: ${items.length} items in memory`);

// 3. Every row rendered into memory, then written.
const output = new Map<string, string[]>();
const sink: ExportSink = {
  open(path) {
    const chunks: string[] = [];
    output.set(path, chunks);
    return { write: async (chunk) => void chunks.push(chunk), close: async () => {} };
  },
};
async function* all(): AsyncGenerator<ExportItem> {
  yield* items;
}
const formatted = await formatters[request.format as FormatId]!.write(all(), sink, { provenance: request.provenance });
memory.mark(`rendered: ${formatted.rows} rows in memory`);
const files: { path: string; bytes: number; sha256: string }[] = [];
for (const [path, chunks] of output) {
  // Chunk by chunk: one string of the whole file would pass V8's string limit (~512 MiB) at this scale.
  const full = join(args.dataDir, 'load-all', path);
  await mkdir(dirname(full), { recursive: true });
  const file = createWriteStream(full);
  const hash = createHash('sha256');
  let bytes = 0;
  for (const chunk of chunks) {
    const buffer = Buffer.from(chunk, 'utf8');
    bytes += buffer.byteLength;
    hash.update(buffer);
    if (!file.write(buffer)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
  files.push({ path, bytes, sha256: hash.digest('hex') });
}
const wallMs = performance.now() - started;
memory.mark('written');
const { peakRss, peakHeapUsed, marks } = memory.stop();
await handle.close();
report({
  kind: 'load-all',
  items: items.length,
  rows: formatted.rows,
  outputBytes: files.reduce((sum, f) => sum + f.bytes, 0),
  wallMs,
  baselineRss,
  peakRss,
  peakHeapUsed,
  maxRss: process.resourceUsage().maxRSS * 1024,
  marks,
  files: files.sort((a, b) => a.path.localeCompare(b.path)),
});
