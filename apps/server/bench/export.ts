// Export benchmark (run by `npm run bench`, through tsx): seeds N accepted preference items into a
// throwaway database (a new Postgres database when DATABASE_URL is set, else a PGlite dir in the temp folder),
// then, each in its own Node process so its peak RSS is its own:
//   concord   the server's streaming export (createExportService → trl-dpo files), progress-point RSS marks;
//   load-all  the peer: every item queried into memory, decoded, rendered, then written (Label Studio's way),
//             on at most --peer-items items under --max-old-space-size, with its growth extrapolated to N.
// Options: --items N (env BENCH_EXPORT_ITEMS; default 1,000,000 on Postgres, 10,000 on PGlite),
// --peer-items N (default 100,000), --format F (default trl-dpo). Everything seeded is dropped at the end.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createDb, type DbTarget } from '@concord/db';
import { createTestPgliteDir, createTestPostgresDatabase } from '@concord/db/testing';
import { exportKeyOf } from '../src/exports/pseudonym.ts';
import type { ChildArgs } from './export-args.ts';
import { seedPreferenceProject } from './export-seed.ts';
import { mb, type RunResult } from './memory.ts';

const { values } = parseArgs({ options: { items: { type: 'string' }, 'peer-items': { type: 'string' }, format: { type: 'string' } } });
const onPostgres = Boolean(process.env.DATABASE_URL);
const defaultItems = onPostgres ? 1_000_000 : 10_000;
const items = Number(values.items ?? process.env.BENCH_EXPORT_ITEMS ?? defaultItems);
const peerCap = Number(values['peer-items'] ?? 100_000);
const format = values.format ?? 'trl-dpo';
/** The peer's V8 heap limit: an out-of-memory there is reported, never the machine's. */
const peerHeapMb = 4_096;
if (!Number.isSafeInteger(items) || items < 1 || !Number.isSafeInteger(peerCap) || peerCap < 1) throw new Error('--items and --peer-items take positive integers');

const backend = onPostgres ? 'Postgres (DATABASE_URL)' : 'PGlite (temp dir, in-process WASM Postgres)';
console.log(`export: ${items.toLocaleString('en')} accepted preference items (prompt + 2 responses, pairwise choice, strength, score, rationale), ${format}, on ${backend}`);
if (!onPostgres && values.items === undefined && process.env.BENCH_EXPORT_ITEMS === undefined) {
  console.log(`  PGlite: default ${defaultItems.toLocaleString('en')} items (1,000,000 seeds and exports far too slowly in WASM); set DATABASE_URL for the 1M run`);
}

const dataDir = mkdtempSync(join(tmpdir(), 'concord-bench-export-'));
let target: DbTarget;
let dropDatabase: () => Promise<void>;
if (onPostgres) {
  const created = await createTestPostgresDatabase();
  target = { kind: 'postgres', url: created.url };
  dropDatabase = created.drop;
} else {
  const dir = await createTestPgliteDir();
  target = { kind: 'pglite', dataDir: dir };
  dropDatabase = async () => rmSync(dir, { recursive: true, force: true });
}

const children = new Set<ChildProcess>();

/** Runs a child to its end, its stderr passed through live (and kept to tell an out-of-memory death). */
async function runChild(file: string, args: ChildArgs, nodeFlags: string[] = []): Promise<RunResult> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', join(import.meta.dirname, file), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-100_000);
    process.stderr.write(chunk);
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  children.delete(child);
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (code === 0 && line) return JSON.parse(line.slice('RESULT '.length)) as RunResult;
  const oom = /heap out of memory|Allocation failed/i.test(stderr);
  const failure = oom ? `out of memory (V8 heap limit ${peerHeapMb} MB)` : `exit ${code ?? signal}`;
  return { kind: file.includes('concord') ? 'concord' : 'load-all', items: args.limit ?? items, rows: 0, outputBytes: 0, wallMs: 0, baselineRss: 0, peakRss: 0, peakHeapUsed: 0, maxRss: 0, marks: [], files: [], failure };
}

let exitCode = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    console.error(`export bench: ${signal}, dropping the seeded data`);
    rmSync(dataDir, { recursive: true, force: true });
    void dropDatabase().finally(() => process.exit(130));
  });
}
try {
  const seedStarted = performance.now();
  const handle = await createDb({ target, migrate: onPostgres });
  const seeded = await seedPreferenceProject(handle.db, {
    items,
    onProgress: (done) => process.stderr.write(`\r  seeding: ${done.toLocaleString('en')} / ${items.toLocaleString('en')} items`),
  });
  // The project's export key, made as the server makes it on a first export: both runs pseudonymise with it.
  await exportKeyOf(handle.db, seeded.projectId);
  await handle.close();
  process.stderr.write('\n');
  console.log(`  seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s (bulk SQL: items, documents, 2 stored updates, 4 client bindings and 1 accepted assignment per item)`);

  const common = { target, dataDir, projectId: seeded.projectId, userId: seeded.managerId, format };
  // The peer first (it is capped and quick), so a long Concord run cut short still leaves both figures.
  const peerItems = Math.min(items, peerCap);
  const peer = await runChild('export-load-all.ts', { ...common, limit: peerItems }, [`--max-old-space-size=${peerHeapMb}`]);
  if (!peer.failure) {
    const s = peer.wallMs / 1000;
    console.log(`  load-all: ${peer.items} items, ${(peer.items / s).toFixed(0)} items/s, peak RSS ${mb(peer.peakRss)} MB (base ${mb(peer.baselineRss)} MB)`);
  }
  const concord = await runChild('export-concord.ts', common);
  printTable(concord, peer);
  if (concord.failure || concord.items !== items) exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await dropDatabase();
}
process.exitCode = exitCode;

/** RSS growth per 100k items: concord between its 10 % and 100 % marks, the peer from baseline to peak. */
function growthPer100k(run: RunResult): number | null {
  if (run.failure || run.items === 0) return null;
  if (run.kind === 'concord') {
    const first = run.marks[0];
    const last = run.marks.at(-1);
    if (!first || !last || run.marks.length < 2) return null;
    const spanned = run.items * 0.9;
    return ((last.rss - first.rss) / spanned) * 100_000;
  }
  return ((run.peakRss - run.baselineRss) / run.items) * 100_000;
}

function printTable(concord: RunResult, peer: RunResult): void {
  const header = ['run', 'items', 'rows', 'wall s', 'items/s', 'rows/s', 'output MB', 'base RSS MB', 'peak RSS MB', 'peak heap MB', 'RSS growth MB/100k items'];
  const line = (name: string, run: RunResult): string[] => {
    if (run.failure) return [name, run.items.toLocaleString('en'), '-', '-', '-', '-', '-', '-', '-', '-', run.failure];
    const s = run.wallMs / 1000;
    const growth = growthPer100k(run);
    return [
      name,
      run.items.toLocaleString('en'),
      run.rows.toLocaleString('en'),
      s.toFixed(1),
      Math.round(run.items / s).toLocaleString('en'),
      Math.round(run.rows / s).toLocaleString('en'),
      mb(run.outputBytes),
      mb(run.baselineRss),
      `${mb(run.peakRss)} (kernel max ${mb(run.maxRss)})`,
      mb(run.peakHeapUsed),
      growth === null ? '-' : (growth / 1024 / 1024).toFixed(1),
    ];
  };
  const lines = [line('concord streaming', concord), line('load-all (peer)', peer)];
  const widths = header.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c]!.length)));
  const format = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join('  ');
  console.log(format(header));
  for (const l of lines) console.log(format(l));
  console.log(`concord RSS at progress points: ${concord.marks.map((m) => `${m.label} ${mb(m.rss)} MB`).join(', ') || '-'}`);
  console.log(`load-all RSS by phase: ${peer.marks.map((m) => `${m.label} ${mb(m.rss)} MB`).join(', ') || '-'}`);
  const growth = growthPer100k(peer);
  if (peer.items < items && growth !== null) {
    const projected = peer.baselineRss + (growth * items) / 100_000;
    console.log(`load-all ran on the first ${peer.items.toLocaleString('en')} items only; EXTRAPOLATED peak RSS at ${items.toLocaleString('en')} items: ~${mb(projected)} MB (linear in items, not measured)`);
  }
  if (peer.failure) console.log(`load-all: ${peer.failure} at ${peer.items.toLocaleString('en')} items`);
  if (peer.items === concord.items && !peer.failure && !concord.failure) {
    // The peer writes the format's data files only (no dataset card): compare those.
    const concordFiles = new Map(concord.files.map((f) => [f.path, f.sha256]));
    const same = peer.files.length > 0 && peer.files.every((f) => concordFiles.get(f.path) === f.sha256);
    console.log(`same data files (path + sha256) from both: ${same ? 'yes' : 'NO'} (${peer.files.map((f) => f.path).join(', ')})`);
    if (!same) exitCode = 1;
  } else {
    console.log('same output: not compared (the peer ran on a prefix of the items)');
  }
  if (concord.items < 100_000) console.log('note: under 100,000 items the RSS growth figures are mostly GC noise; the 1,000,000-item Postgres run is the one that shows the slope');
  console.log('peak RSS: sampled every 50 ms in each child process (the kernel max includes what sampling misses); RSS growth for concord is between its 10 % and 100 % marks');
}
