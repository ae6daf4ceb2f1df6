// Job-lease fencing drill (issue 9, abuse case 21; exports X20): a server process running exports is
// stopped with SIGSTOP mid-job until their job leases lapse; a second server on the same Postgres and
// Redis starts, and its sweep takes the lapsed jobs over (marks them failed). Then the first is resumed:
// its late final writes ("done", files, `export.created`) must be refused, so what is stored stays the
// second's. Runs with `npm run drill -- lease-fencing` (after the review rounds) when DATABASE_URL and
// REDIS_URL are set; one pause covers every export in flight, so it takes a job lease (30 s) and a bit.
import { auditLog, createDb, exports } from '@concord/db';
import type { ExportJob } from '@concord/protocol';
import { asc, inArray } from 'drizzle-orm';
import { verifyChain } from '../src/audit/verify.ts';
import { abandonedMessages, jobLeaseMs } from '../src/jobs/lease.ts';
import { createApi } from '../test/helpers/api.ts';
import { createBackend } from '../test/helpers/backends.ts';
import { type ChildServer, freePort, startChildServer } from '../test/helpers/child-server.ts';
import { adminEmail, adminPassword } from '../test/helpers/test-server.ts';
import { backendLabel, sleep } from './harness.ts';

export interface JobFencingDrillOptions {
  /** Exports started on the first server before it is stopped. */
  exports: number;
  /** Items in the exported project (more items: exports run longer, so more are mid-job at the stop). */
  items: number;
  log?: (line: string) => void;
}

export interface JobFencingReport {
  backend: string;
  started: number;
  /** Exports still `running` when the first server was stopped: the rounds. */
  midJob: number;
  /** Of those, failed by the second server's sweep while the first was stopped. */
  takenOver: number;
  /** Taken over and, after the first server resumed and finished, still exactly the sweep's: failed, no files, one audit entry. */
  refused: number;
  /** Taken over, then overwritten by the resumed first server. Must be 0. */
  acceptedWrongly: number;
  problems: string[];
  /** Whether the project's audit chain still verifies. */
  auditChainOk: boolean;
  stoppedMs: number;
  durationMs: number;
}

/**
 * Runs the job-lease fencing drill; needs DATABASE_URL and REDIS_URL (two server processes share them).
 * @example const report = await runJobFencingDrill({ exports: 100, items: 200 });
 */
export async function runJobFencingDrill(options: JobFencingDrillOptions): Promise<JobFencingReport> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const backend = await createBackend();
  if (backend.database.kind !== 'postgres' || !backend.redis) {
    await backend.dispose();
    throw new Error('the job-fencing drill needs DATABASE_URL and REDIS_URL: two server processes share them');
  }
  const handle = await createDb({ target: backend.database, migrate: false });
  let first: ChildServer | null = null;
  let second: ChildServer | null = null;
  try {
    first = await startChildServer({ backend, port: await freePort() });
    const api = await createApi(first.url, adminEmail, adminPassword);
    const { id: projectId } = await api.createProject('job fencing drill', 'instruction');
    for (let n = 0; n < options.items; n++) {
      await api.createItem(projectId, { externalId: `job-${n}`, seed: { media: [], turns: [{ role: 'user', text: `Question ${n}?` }, { role: 'assistant', text: `Answer ${n}.` }] } });
    }
    const jobs = await Promise.all(
      Array.from({ length: options.exports }, () => api.call<ExportJob>('POST', `/projects/${projectId}/exports`, { format: 'trl-sft', filters: { states: ['todo'] } }, 202)),
    );
    first.process.kill('SIGSTOP');
    const stoppedAt = performance.now();
    const ids = jobs.map((job) => job.id);
    const rowsOf = () => handle.db.select({ id: exports.id, status: exports.status, failure: exports.failure, files: exports.files }).from(exports).where(inArray(exports.id, ids));
    const midJob = (await rowsOf()).filter((row) => row.status === 'running').map((row) => row.id);
    log(`${midJob.length} of ${ids.length} exports mid-job when the first server was stopped; waiting ${jobLeaseMs / 1000} s for their leases to lapse`);
    await sleep(jobLeaseMs + 1000);

    // The second server sweeps at boot. Were the first stopped inside a transaction on a row the sweep
    // needs, the sweep would wait for it: resume the first then rather than wait forever.
    const booting = startChildServer({ backend, port: await freePort() });
    const ready = await Promise.race([booting.then(() => true), sleep(30_000).then(() => false)]);
    if (!ready) {
      log('the second server is still starting after 30 s: resuming the first (it held a lock the sweep waits for)');
      first.process.kill('SIGCONT');
    }
    second = await booting;
    const swept = new Set((await rowsOf()).filter((row) => row.status === 'failed' && row.failure === abandonedMessages.export).map((row) => row.id));
    const takenOver = midJob.filter((id) => swept.has(id));
    first.process.kill('SIGCONT');
    const stoppedMs = performance.now() - stoppedAt;
    log(`${takenOver.length} taken over by the second server's sweep; first server resumed after ${Math.round(stoppedMs)} ms`);
    // SIGTERM waits for the running exports, so once it exited every late write was tried.
    await first.stop();
    first = null;

    const rows = new Map((await rowsOf()).map((row) => [row.id, row]));
    const audit = await handle.db
      .select({ subjectId: auditLog.subjectId, action: auditLog.action })
      .from(auditLog)
      .where(inArray(auditLog.subjectId, takenOver.length > 0 ? takenOver : ['none']))
      .orderBy(asc(auditLog.seq));
    const problems: string[] = [];
    for (const id of takenOver) {
      const row = rows.get(id);
      const actions = audit.filter((entry) => entry.subjectId === id).map((entry) => entry.action);
      const wrong: string[] = [];
      if (row?.status !== 'failed' || row.failure !== abandonedMessages.export) wrong.push(`status ${row?.status} (${row?.failure})`);
      if ((row?.files ?? []).length > 0) wrong.push(`${row?.files.length} files listed`);
      if (JSON.stringify(actions) !== '["export.failed"]') wrong.push(`audit ${JSON.stringify(actions)}`);
      if (wrong.length > 0) problems.push(`${id}: ${wrong.join(', ')}`);
    }
    const verification = await verifyChain(handle.db, projectId);
    return {
      backend: backendLabel(backend),
      started: ids.length,
      midJob: midJob.length,
      takenOver: takenOver.length,
      refused: takenOver.length - problems.length,
      acceptedWrongly: problems.length,
      problems,
      auditChainOk: verification.ok,
      stoppedMs,
      durationMs: performance.now() - started,
    };
  } finally {
    if (first) {
      first.process.kill('SIGCONT');
      await first.kill9();
    }
    await second?.stop();
    await handle.close();
    await backend.dispose();
  }
}

/** Formats a report as the table docs/reliability.md records. */
export function formatJobFencingReport(report: JobFencingReport): string {
  return [
    `| backend | ${report.backend} (2 server processes) |`,
    `| exports started / mid-job at SIGSTOP | ${report.started} / ${report.midJob} |`,
    `| taken over by the second server's sweep while the first was stopped | ${report.takenOver} |`,
    `| late final writes of the resumed first server refused (stored state still the sweep's) | ${report.refused} |`,
    `| late writes accepted wrongly | ${report.acceptedWrongly} |`,
    `| audit chain verifies | ${report.auditChainOk ? 'yes' : 'NO'} |`,
    `| first server stopped | ${(report.stoppedMs / 1000).toFixed(1)} s |`,
    `| duration | ${(report.durationMs / 1000).toFixed(0)} s |`,
  ].join('\n');
}
