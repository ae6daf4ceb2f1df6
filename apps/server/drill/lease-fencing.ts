// Lease-fencing drill (issue 9, abuse case 21): a reviewer's client is a real OS process that holds a
// review lease and heartbeats it; it is stopped with SIGSTOP until its lease lapses, another reviewer
// takes the review over (a higher fence), and the holder is resumed with SIGCONT: its late heartbeat,
// decision and release all carry the old fence and must be refused (409 stale_lease), and what is stored
// must be the taker's. `npm run drill -- lease-fencing` runs 100 rounds; a short run is in CI
// (apps/server/test/integration/lease-fencing-drill.test.ts). With DATABASE_URL and REDIS_URL set the
// holder and the taker talk to two different instances, and the CLI also runs the job-lease drill
// (job-fencing.ts: a server process stopped mid-export, its jobs swept by a second server).
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assignments, auditLog, reviews } from '@concord/db';
import type { Task } from '@concord/protocol';
import { asc, eq } from 'drizzle-orm';
import { createApi, type Api } from '../test/helpers/api.ts';
import { createBackend } from '../test/helpers/backends.ts';
import { startTestServer, type TestServer } from '../test/helpers/test-server.ts';
import { backendLabel, envNumber, percentile, sleep } from './harness.ts';
import { formatJobFencingReport, runJobFencingDrill } from './job-fencing.ts';

const holderScript = fileURLToPath(new URL('./lease-holder.ts', import.meta.url));

export interface LeaseFencingDrillOptions {
  rounds: number;
  /** The project's lease length; 2 s is the shortest the workflow allows. */
  leaseSeconds?: number;
  /** Rounds run at the same time (each on its own assignment, with its own holder process). */
  parallel?: number;
  /** Progress lines; silent when absent. */
  log?: (line: string) => void;
}

/** A late write's answer: HTTP status and error code. */
export interface LateAnswer {
  status: number;
  code: string | null;
}

export interface RoundOutcome {
  /** The three late writes of the resumed holder. */
  late: { heartbeat: LateAnswer; decide: LateAnswer; release: LateAnswer };
  /** Holder's fence, taker's fence (must be higher). */
  fences: [number, number];
  /** What the stored state check found wrong; empty when it holds the taker's decision only. */
  storedProblems: string[];
  /** SIGSTOP → SIGCONT. */
  stoppedMs: number;
  roundMs: number;
}

export interface LeaseFencingReport {
  backend: string;
  instances: number;
  rounds: number;
  leaseSeconds: number;
  /** Rounds whose three late writes were all refused with 409 stale_lease. */
  refused: number;
  /** Late writes (of 3 per round) that were accepted: a 2xx. Must be 0. */
  acceptedWrongly: number;
  /** Late writes refused some other way than 409 stale_lease (still not written, but not the promised refusal). */
  otherAnswers: string[];
  /** Rounds where the taker's fence was not above the holder's. */
  fenceNotHigher: number;
  /** Rounds whose stored state was exactly the taker's: its review row, its audit entry, its fence. */
  storedStateOk: number;
  storedProblems: string[];
  stoppedMs: number[];
  roundMs: number[];
  durationMs: number;
}

/** Reads JSON lines from a child's stdout; `next()` resolves with the next one (or rejects on exit). */
function jsonLines(child: ChildProcess) {
  const queue: unknown[] = [];
  const waiting: Array<{ resolve: (line: unknown) => void; reject: (error: Error) => void }> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const reader = createInterface({ input: child.stdout! });
  reader.on('line', (line) => {
    const parsed: unknown = JSON.parse(line);
    const waiter = waiting.shift();
    if (waiter) waiter.resolve(parsed);
    else queue.push(parsed);
  });
  // 'close' comes after the last line (a child's 'exit' may come before it).
  reader.once('close', () => {
    for (const waiter of waiting.splice(0)) waiter.reject(new Error(`holder exited (${child.exitCode}) before answering:\n${stderr}`));
  });
  return {
    next(timeoutMs: number): Promise<Record<string, unknown>> {
      if (queue.length > 0) return Promise.resolve(queue.shift() as Record<string, unknown>);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`holder silent for ${timeoutMs} ms:\n${stderr}`)), timeoutMs);
        waiting.push({
          resolve: (line) => (clearTimeout(timer), resolve(line as Record<string, unknown>)),
          reject: (error) => (clearTimeout(timer), reject(error)),
        });
      });
    },
  };
}

/** The status and error code of a call that may be refused. */
async function answer(api: Api, path: string, body?: unknown): Promise<LateAnswer & { body: unknown }> {
  try {
    return { status: 200, code: null, body: await api.call('POST', path, body) };
  } catch (error) {
    const match = /→ (\d+): (.*)$/s.exec((error as Error).message);
    if (!match) throw error;
    const parsed = JSON.parse(match[2]!) as { error?: { code?: string } };
    return { status: Number(match[1]), code: parsed.error?.code ?? null, body: parsed };
  }
}

/**
 * Runs the lease-fencing drill on a fresh backend (Postgres when DATABASE_URL is set, else PGlite; two
 * instances when REDIS_URL is set too) and reports how the resumed holders' late writes were answered
 * and whether the stored state is the taker's; the caller decides what passes.
 * @example const report = await runLeaseFencingDrill({ rounds: 100 });
 */
export async function runLeaseFencingDrill(options: LeaseFencingDrillOptions): Promise<LeaseFencingReport> {
  const log = options.log ?? (() => {});
  const leaseSeconds = options.leaseSeconds ?? 2;
  const leaseMs = leaseSeconds * 1000;
  const started = performance.now();
  const backend = await createBackend();
  const servers: TestServer[] = [];
  try {
    servers.push(await startTestServer({ backend }));
    // Two instances need shared storage and locks; PGlite and memory coordination are one process's own.
    if (backend.redis && backend.database.kind === 'postgres') servers.push(await startTestServer({ backend }));
    const [first, second = first] = servers as [TestServer, TestServer?];
    const admin = first.api;
    const annotator = await admin.createUser('Drill annotator');
    const holder = await admin.createUser('Drill holder');
    const taker = await admin.createUser('Drill taker');
    const takerThere = await createApi(second.url, taker.email, 'password-of-Drill taker-123');
    const { id: projectId } = await admin.createProject('lease fencing drill', 'instruction');
    await admin.call('PUT', `/projects/${projectId}/workflow`, { review: true, overlap: 1, leaseSeconds });
    await admin.addMember(projectId, annotator.userId, 'annotator');
    await admin.addMember(projectId, holder.userId, 'reviewer');
    await admin.addMember(projectId, taker.userId, 'reviewer');
    const work: string[] = [];
    for (let n = 0; n < options.rounds; n++) {
      await admin.createItem(projectId, {
        externalId: `fence-${n}`,
        seed: { media: [], turns: [{ role: 'user', text: `Question ${n}?` }] },
        prelabel: { modelId: 'model-x', style: 'question', turns: [{ role: 'assistant', text: `Answer ${n}.` }] },
      });
      const task = await annotator.call<Task>('POST', `/projects/${projectId}/queue/next`);
      await annotator.call('POST', `/assignments/${task.assignmentId}/submit`, { fence: task.fence });
      work.push(task.assignmentId);
    }
    log(`${options.rounds} submitted annotations to review (${backendLabel(backend)}, ${servers.length} instance(s), leases of ${leaseSeconds} s)`);

    const db = first.server.services.db.db;
    /** Whether the stored state is the taker's alone: one review row, one decision audit entry, its fence. */
    async function storedProblems(assignmentId: string, takerFence: number): Promise<string[]> {
      const problems: string[] = [];
      const [row] = await db.select().from(assignments).where(eq(assignments.id, assignmentId));
      if (row?.state !== 'accepted') problems.push(`state ${row?.state}`);
      if (row?.reviewerId !== taker.userId) problems.push('reviewer is not the taker');
      if (row?.reviewFence !== takerFence) problems.push(`review_fence ${row?.reviewFence}, taker's ${takerFence}`);
      const decisions = await db.select({ reviewerId: reviews.reviewerId, decision: reviews.decision }).from(reviews).where(eq(reviews.assignmentId, assignmentId));
      if (JSON.stringify(decisions) !== JSON.stringify([{ reviewerId: taker.userId, decision: 'accepted' }])) problems.push(`reviews ${JSON.stringify(decisions)}`);
      const audit = await db.select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).where(eq(auditLog.subjectId, assignmentId)).orderBy(asc(auditLog.seq));
      const holderEntries = audit.filter((entry) => entry.actorId === holder.userId).map((entry) => entry.action);
      if (JSON.stringify(holderEntries) !== '["review.claimed"]') problems.push(`holder audit ${JSON.stringify(holderEntries)}`);
      return problems.map((problem) => `${assignmentId}: ${problem}`);
    }

    async function round(assignmentId: string): Promise<RoundOutcome> {
      const roundStart = performance.now();
      const child = spawn(process.execPath, ['--import', 'tsx', holderScript, first.url, holder.token, assignmentId, String(leaseMs)], { stdio: ['pipe', 'pipe', 'pipe'] });
      const lines = jsonLines(child);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        const claimed = await lines.next(30_000);
        if (claimed.event !== 'claimed') throw new Error(`holder could not claim ${assignmentId}: ${JSON.stringify(claimed)}`);
        const holderFence = claimed.fence as number;
        // Let a heartbeat or two happen, so the lease is kept alive by the process until it stops.
        await sleep(leaseMs / 2);
        child.kill('SIGSTOP');
        const stoppedAt = performance.now();
        // Queued in the pipe: the holder reads it the moment it runs again.
        child.stdin!.write('write\n');
        await sleep(leaseMs * 0.9);
        let takeover = await answer(takerThere, `/assignments/${assignmentId}/review/claim`);
        while (takeover.status === 409 && takeover.code === 'lease_held' && performance.now() - stoppedAt < leaseMs * 3) {
          await sleep(50);
          takeover = await answer(takerThere, `/assignments/${assignmentId}/review/claim`);
        }
        if (takeover.status !== 200) throw new Error(`taker could not take ${assignmentId} over: ${takeover.status} ${takeover.code}`);
        const takerFence = (takeover.body as { fence: number }).fence;
        child.kill('SIGCONT');
        const stoppedMs = performance.now() - stoppedAt;
        const late = await lines.next(30_000);
        if (late.event !== 'late') throw new Error(`holder answered ${JSON.stringify(late)}`);
        await answer(takerThere, `/assignments/${assignmentId}/review`, { fence: takerFence, decision: 'accept' });
        const { heartbeat, decide, release } = late as unknown as RoundOutcome['late'];
        return {
          late: { heartbeat, decide, release },
          fences: [holderFence, takerFence],
          storedProblems: await storedProblems(assignmentId, takerFence),
          stoppedMs,
          roundMs: performance.now() - roundStart,
        };
      } finally {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGCONT');
          child.kill('SIGKILL');
        }
        await exited;
      }
    }

    const outcomes: RoundOutcome[] = [];
    const parallel = Math.max(1, options.parallel ?? 4);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(parallel, work.length) }, async () => {
        while (next < work.length) {
          const outcome = await round(work[next++]!);
          outcomes.push(outcome);
          if (outcomes.length % 10 === 0) log(`${outcomes.length}/${options.rounds} rounds`);
        }
      }),
    );

    const writes = outcomes.flatMap((o) => Object.entries(o.late));
    return {
      backend: backendLabel(backend),
      instances: servers.length,
      rounds: outcomes.length,
      leaseSeconds,
      refused: outcomes.filter((o) => Object.values(o.late).every((a) => a.status === 409 && a.code === 'stale_lease')).length,
      acceptedWrongly: writes.filter(([, a]) => a.status < 300).length,
      otherAnswers: writes.filter(([, a]) => a.status >= 300 && !(a.status === 409 && a.code === 'stale_lease')).map(([kind, a]) => `${kind}: ${a.status} ${a.code}`),
      fenceNotHigher: outcomes.filter((o) => o.fences[1] <= o.fences[0]).length,
      storedStateOk: outcomes.filter((o) => o.storedProblems.length === 0).length,
      storedProblems: outcomes.flatMap((o) => o.storedProblems),
      stoppedMs: outcomes.map((o) => o.stoppedMs),
      roundMs: outcomes.map((o) => o.roundMs),
      durationMs: performance.now() - started,
    };
  } finally {
    for (const server of servers.reverse()) await server.dispose();
    await backend.dispose();
  }
}

/** Formats a report as the table docs/reliability.md records. */
export function formatLeaseFencingReport(report: LeaseFencingReport): string {
  const ms = (values: number[], p: number) => (values.length === 0 ? 'n/a' : `${Math.round(percentile(values, p))} ms`);
  return [
    `| backend / instances | ${report.backend} / ${report.instances} |`,
    `| rounds (holder process SIGSTOPped past a ${report.leaseSeconds} s review lease, taken over, SIGCONTed) | ${report.rounds} |`,
    `| rounds with all 3 late writes refused (409 stale_lease: heartbeat, decision, release) | ${report.refused} |`,
    `| late writes accepted wrongly | ${report.acceptedWrongly} |`,
    `| late writes refused otherwise | ${report.otherAnswers.length}${report.otherAnswers.length ? ` (${report.otherAnswers.slice(0, 3).join('; ')})` : ''} |`,
    `| takeover fence not above the holder's | ${report.fenceNotHigher} |`,
    `| stored state is the taker's alone (state, reviewer, fence, review rows, audit) | ${report.storedStateOk} / ${report.rounds} |`,
    `| holder stopped p50 / max | ${ms(report.stoppedMs, 50)} / ${ms(report.stoppedMs, 100)} |`,
    `| time per round p50 / p99 | ${ms(report.roundMs, 50)} / ${ms(report.roundMs, 99)} |`,
    `| duration | ${(report.durationMs / 1000).toFixed(0)} s |`,
  ].join('\n');
}

/** Whether a report shows every late write refused and the taker's state stored, every round. */
export const leaseFencingHeld = (report: LeaseFencingReport, rounds: number) =>
  report.rounds === rounds && report.refused === rounds && report.acceptedWrongly === 0 && report.fenceNotHigher === 0 && report.storedStateOk === rounds;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rounds = envNumber('DRILL_ROUNDS', 100);
  const report = await runLeaseFencingDrill({
    rounds,
    leaseSeconds: envNumber('DRILL_LEASE_SECONDS', 2),
    parallel: envNumber('DRILL_PARALLEL', 4),
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`\n### lease-fencing drill\n\n| figure | value |\n|---|---|\n${formatLeaseFencingReport(report)}`);
  if (report.storedProblems.length > 0) console.log(`\nstored state problems:\n${report.storedProblems.slice(0, 20).join('\n')}`);
  let jobsHeld = true;
  if (process.env.DATABASE_URL && process.env.REDIS_URL) {
    const jobs = await runJobFencingDrill({ exports: envNumber('DRILL_JOB_EXPORTS', 100), items: envNumber('DRILL_JOB_ITEMS', 100), log: (line) => console.log(`  ${line}`) });
    console.log(`\n### lease-fencing drill: job leases\n\n| figure | value |\n|---|---|\n${formatJobFencingReport(jobs)}`);
    if (jobs.problems.length > 0) console.log(`\njob problems:\n${jobs.problems.slice(0, 20).join('\n')}`);
    jobsHeld = jobs.takenOver > 0 && jobs.acceptedWrongly === 0 && jobs.auditChainOk;
  } else {
    console.log('\n(job-lease rounds skipped: they need DATABASE_URL and REDIS_URL, two server processes share them)');
  }
  process.exit(leaseFencingHeld(report, rounds) && jobsHeld ? 0 : 1);
}
