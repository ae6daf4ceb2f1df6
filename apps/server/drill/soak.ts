// Soak (issue 9): moderate load for a long time (30 minutes by default) with clients moving on to new
// documents so old ones unload; the server process's RSS and open file descriptors are sampled
// and fitted with a line, so a leak shows as a trend. `npm run drill -- soak` (DRILL_SOAK_MINUTES).
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createApi } from '../test/helpers/api.ts';
import { createBackend } from '../test/helpers/backends.ts';
import { type ChildServer, freePort, startChildServer } from '../test/helpers/child-server.ts';
import { adminEmail, adminPassword } from '../test/helpers/test-server.ts';
import { backendLabel, countOutcome, type EditOutcome, envNumber, type Fleet, openFleet, sleep, until } from './harness.ts';

export interface SoakDrillOptions {
  clients: number;
  documents: number;
  minutes: number;
  editIntervalMs: number;
  sampleEverySeconds: number;
  log?: (line: string) => void;
}

export interface SoakSample {
  minute: number;
  rssMb: number;
  fds: number;
  connected: number;
}

export interface SoakDrillReport extends EditOutcome {
  backend: string;
  clients: number;
  documents: number;
  minutes: number;
  samples: SoakSample[];
  /** Least-squares slope over the samples after the first 10 % (warm-up), per hour. */
  rssSlopeMbPerHour: number;
  fdSlopePerHour: number;
  /** Mean of the last quarter of samples against the mean of the second quarter. */
  rssLastVsEarly: number;
  churnCycles: number;
}

/**
 * Runs the soak in four generations of clients, each on documents of its own: every minute the oldest
 * generation stops, syncs and leaves (its documents unload after 5 s idle) and a new one starts on new
 * documents. The live set stays the same size, so a flat RSS means nothing leaks; documents that only
 * grew would look like a leak.
 * @example const report = await runSoakDrill({ clients: 100, documents: 20, minutes: 30, editIntervalMs: 2000, sampleEverySeconds: 30 });
 */
export async function runSoakDrill(options: SoakDrillOptions): Promise<SoakDrillReport> {
  const log = options.log ?? (() => {});
  const backend = await createBackend();
  const port = await freePort();
  let server: ChildServer | null = await startChildServer({ backend, port, env: { CONCORD_DOC_UNLOAD_AFTER_MS: '5000' } });
  const live: Fleet[] = [];
  const retired: { fleet: Fleet; expected: Map<string, string> }[] = [];
  try {
    const api = await createApi(server.url, adminEmail, adminPassword);
    const project = await api.createProject('soak drill');
    const wsUrl = server.url.replace('http', 'ws');
    let generation = 0;
    const startGeneration = async () => {
      const documentIds: string[] = [];
      for (let i = 0; i < Math.max(1, options.documents / 4); i++) documentIds.push((await api.createDocument(project.id, `gen ${generation} doc ${i}`)).id);
      const fleet = openFleet({ urls: [wsUrl], token: api.token, documentIds, clients: Math.max(1, options.clients / 4), clientPrefix: `g${generation}-` });
      generation++;
      await until(fleet.allSynced, 120_000, `generation ${generation} synced`);
      fleet.startEditing(options.editIntervalMs);
      live.push(fleet);
    };
    const retireOldest = async () => {
      const fleet = live.shift()!;
      fleet.stopEditing();
      await until(fleet.allSynced, 120_000, 'a leaving generation synced');
      await until(fleet.converged, 60_000, 'a leaving generation converged');
      retired.push({ fleet, expected: fleet.contents() });
      fleet.destroy();
    };
    for (let i = 0; i < 4; i++) await startGeneration();

    const pid = server.process.pid!;
    const samples: SoakSample[] = [];
    const started = performance.now();
    const endAt = started + options.minutes * 60_000;
    let nextSample = started;
    let nextRotation = started + 60_000;
    let churnCycles = 0;
    while (performance.now() < endAt) {
      const now = performance.now();
      if (now >= nextSample) {
        const connected = live.reduce((n, fleet) => n + fleet.clients.filter((c) => c.provider.wsconnected).length, 0);
        const edits = [...live, ...retired.map((r) => r.fleet)].reduce((n, fleet) => n + fleet.made.size, 0);
        const sample = { minute: (now - started) / 60_000, rssMb: rssMb(pid), fds: openFds(pid), connected };
        samples.push(sample);
        log(`${sample.minute.toFixed(1)} min: RSS ${sample.rssMb.toFixed(1)} MB, ${sample.fds} fds, ${connected} connected, ${edits} edits`);
        nextSample += options.sampleEverySeconds * 1000;
      }
      if (now >= nextRotation) {
        churnCycles++;
        await retireOldest();
        await startGeneration();
        nextRotation += 60_000;
      }
      await sleep(250);
    }
    while (live.length > 0) await retireOldest();
    await server.stop();
    server = await startChildServer({ backend, port });
    const outcomes: EditOutcome[] = [];
    for (const { fleet, expected } of retired) outcomes.push(await countOutcome(fleet, expected, wsUrl, api.token));
    const sum = (key: keyof EditOutcome) => outcomes.reduce((n, o) => n + o[key], 0);
    const steady = samples.slice(Math.floor(samples.length / 10));
    const quarter = Math.max(1, Math.floor(samples.length / 4));
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    return {
      editsMade: sum('editsMade'),
      editsSeenBroadcast: sum('editsSeenBroadcast'),
      lost: sum('lost'),
      duplicated: sum('duplicated'),
      divergent: sum('divergent'),
      backend: backendLabel(backend),
      clients: options.clients,
      documents: options.documents,
      minutes: options.minutes,
      samples,
      rssSlopeMbPerHour: slope(steady.map((s) => [s.minute, s.rssMb])) * 60,
      fdSlopePerHour: slope(steady.map((s) => [s.minute, s.fds])) * 60,
      rssLastVsEarly: mean(samples.slice(-quarter).map((s) => s.rssMb)) / mean(samples.slice(quarter, 2 * quarter).map((s) => s.rssMb)),
      churnCycles,
    };
  } finally {
    for (const fleet of live) fleet.destroy();
    await server?.stop();
    await backend.dispose();
  }
}

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(line?.match(/\d+/)?.[0] ?? 0) / 1024;
}

function openFds(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Least-squares slope of y over x. */
function slope(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
  const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

export function formatSoakReport(report: SoakDrillReport): string {
  const rss = report.samples.map((s) => s.rssMb);
  const fds = report.samples.map((s) => s.fds);
  return [
    `| backend | ${report.backend} |`,
    `| clients / documents / minutes | ${report.clients} / ${report.documents} / ${report.minutes} |`,
    `| rotations (the oldest quarter of clients leaves, a new quarter starts on new documents) | ${report.churnCycles} |`,
    `| RSS min / max (MB) | ${Math.min(...rss).toFixed(1)} / ${Math.max(...rss).toFixed(1)} |`,
    `| RSS trend after warm-up | ${report.rssSlopeMbPerHour.toFixed(1)} MB/hour; last quarter / second quarter ${report.rssLastVsEarly.toFixed(3)} |`,
    `| open fds min / max, trend | ${Math.min(...fds)} / ${Math.max(...fds)}, ${report.fdSlopePerHour.toFixed(1)} per hour |`,
    `| edits made / seen broadcast by another client | ${report.editsMade} / ${report.editsSeenBroadcast} |`,
    `| lost / duplicated / divergent documents | ${report.lost} / ${report.duplicated} / ${report.divergent} |`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await runSoakDrill({
    clients: envNumber('DRILL_CLIENTS', 100),
    documents: envNumber('DRILL_DOCUMENTS', 20),
    minutes: envNumber('DRILL_SOAK_MINUTES', 30),
    editIntervalMs: envNumber('DRILL_EDIT_INTERVAL_MS', 2000),
    sampleEverySeconds: envNumber('DRILL_SAMPLE_SECONDS', 30),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\n### soak\n\n| figure | value |\n|---|---|\n${formatSoakReport(report)}`);
  // No growth trend: the last quarter within 10 % of the second, and no steady climb of descriptors.
  const steady = report.rssLastVsEarly <= 1.1 && report.fdSlopePerHour < 20;
  process.exit(report.lost === 0 && report.duplicated === 0 && report.divergent === 0 && steady ? 0 : 1);
}
