import { auditLog, exports, imports, items } from '@concord/db';
import type { ExportJob } from '@concord/protocol';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runJobFencingDrill } from '../../drill/job-fencing.ts';
import { runLeaseFencingDrill } from '../../drill/lease-fencing.ts';
import { abandonedMessages } from '../../src/jobs/lease.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

// The short lease-fencing drills of CI; `npm run drill -- lease-fencing` runs the full ones (100 rounds).
// Embedded defaults: one instance on PGlite with memory locks; with DATABASE_URL and REDIS_URL the
// holder and the taker use two instances sharing Postgres and the Redis locks.
const shared = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
if (!shared) console.log('lease-fencing-drill: the two-process export drill is skipped, it needs DATABASE_URL and REDIS_URL');

describe(`lease-fencing drill, short (${backendName})`, () => {
  it('[R6] [Q5] a reviewer process SIGSTOPped past its review lease and resumed after a takeover: its heartbeat, decision and release are refused, 5 rounds out of 5', async () => {
    const report = await runLeaseFencingDrill({ rounds: 5, parallel: 5 });
    expect(report.stoppedMs.every((ms) => ms >= 1500)).toBe(true);
    expect(report.fenceNotHigher).toBe(0);
    expect({ acceptedWrongly: report.acceptedWrongly, otherAnswers: report.otherAnswers }).toEqual({ acceptedWrongly: 0, otherAnswers: [] });
    expect(report.refused).toBe(5);
    expect(report.storedProblems).toEqual([]);
    expect(report.storedStateOk).toBe(5);
  }, 60_000);

  it.skipIf(!shared)('[X21] a server process SIGSTOPped mid-export past its job lease, swept by a second server, resumed: its late results are refused', async () => {
    const report = await runJobFencingDrill({ exports: 5, items: 100 });
    expect(report.midJob).toBeGreaterThan(0);
    expect(report.takenOver).toBe(report.midJob);
    expect(report.problems).toEqual([]);
    expect(report.refused).toBe(report.takenOver);
    expect(report.auditChainOk).toBe(true);
  }, 120_000);
});

/** What the sweep (jobs/lease.ts failAbandonedJobs) writes when it takes a lapsed job over. */
async function sweep(t: TestServer, table: typeof exports | typeof imports, id: string, failure: string): Promise<number> {
  const swept = await t.server.services.db.db
    .update(table)
    .set({ status: 'failed', failure, finishedAt: new Date() })
    .where(and(eq(table.id, id), eq(table.status, 'running')))
    .returning({ id: table.id });
  return swept.length;
}

const auditActions = async (t: TestServer, id: string) =>
  (await t.server.services.db.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.subjectId, id))).map((row) => row.action);

// In one process: the sweep's write lands while the job runs, as it does when the job's server stalled.
describe(`a job failed by a sweep while it ran keeps the sweep's state (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  const lines = (n: number, prefix: string) =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ id: `${prefix}-${i}`, conversation: [{ role: 'user', text: `Question ${i}?` }, { role: 'assistant', text: `Answer ${i}.` }] })).join('\n');
  const startImport = async (text: string) => {
    const res = await fetch(`${t.url}/api/v1/projects/${projectId}/imports?format=jsonl`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.api.token}`, 'content-type': 'application/x-ndjson' },
      body: text,
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    t = await startTestServer();
    projectId = (await t.api.createProject('Fenced jobs', 'instruction')).id;
    await startImport(lines(400, 'base'));
    await t.server.services.imports.idle();
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('[X21] an export the sweep failed mid-job stays failed: no files, no export.created', async () => {
    const started = await t.api.call<ExportJob>('POST', `/projects/${projectId}/exports`, { format: 'trl-sft', filters: { states: ['todo'] } }, 202);
    expect(await sweep(t, exports, started.id, abandonedMessages.export)).toBe(1);
    await t.server.services.exports?.idle();
    const job = await t.api.call<ExportJob>('GET', `/exports/${started.id}`);
    expect(job).toMatchObject({ status: 'failed', failure: abandonedMessages.export, files: [] });
    expect(await auditActions(t, started.id)).not.toContain('export.created');
  });

  it('[I15] an import the sweep failed mid-job stops at its next batch and stays failed: no import.finished', async () => {
    const id = await startImport(lines(2000, 'late'));
    expect(await sweep(t, imports, id, abandonedMessages.import)).toBe(1);
    await t.server.services.imports.idle();
    const [row] = await t.server.services.db.db.select().from(imports).where(eq(imports.id, id));
    expect(row).toMatchObject({ status: 'failed', failure: abandonedMessages.import });
    expect(await auditActions(t, id)).toEqual(['import.started']);
    const [created] = await t.server.services.db.db.select({ n: count() }).from(items).where(and(eq(items.projectId, projectId), eq(items.importId, id)));
    expect(created!.n).toBeLessThan(2000);
  });
});
