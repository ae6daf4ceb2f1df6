import { auditLog, exports, imports } from '@concord/db';
import type { ExportJob } from '@concord/protocol';
import type { ImportInfo } from '../../src/imports/types.ts';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/verify.ts';
import { abandonedMessages, failAbandonedJobs, holdJobLease } from '../../src/jobs/lease.ts';
import { createLogger } from '../../src/log.ts';
import { backendName, createBackend, type Backend } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { runExport } from './exports-fixtures.ts';

const log = createLogger('silent');

/** A `running` export row with nobody running it: what a crash mid-export leaves behind. */
async function orphan(t: TestServer, projectId: string, id: string): Promise<void> {
  await t.server.services.db.db.insert(exports).values({
    id, projectId, format: 'trl-sft', request: { format: 'trl-sft' }, status: 'running', storageKey: `exports/${id}`, createdBy: null,
  });
}

describe(`exports and imports cut by a crash do not stay running (${backendName})`, () => {
  let backend: Backend;
  let t: TestServer;
  let projectId: string;

  beforeAll(async () => {
    backend = await createBackend();
    t = await startTestServer({ backend });
    projectId = (await t.api.createProject('Chats', 'instruction')).id;
    await t.api.createItem(projectId, { externalId: 'c-1', seed: { taskType: 'instruction', media: [], turns: [{ role: 'user', text: 'Hi' }, { role: 'assistant', text: 'Hello' }] } });
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
    await backend?.dispose();
  });

  it('[X20] an export whose lease is held stays running; once nobody holds it, the sweep fails it and audits that', async () => {
    const id = 'exp_orphanheldaaaaaaaaaaaaaaaaaaaaaa';
    await orphan(t, projectId, id);
    const { locks } = t.server.services.coordination;
    const held = await holdJobLease({ locks, kind: 'export', id, owner: 'other-instance', log });
    expect(held).not.toBeNull();
    expect(await failAbandonedJobs({ db: t.server.services.db.db, locks, kind: 'export', owner: 'me', log })).toBe(0);
    expect((await t.api.call<ExportJob>('GET', `/exports/${id}`)).status).toBe('running');

    await held!.release();
    expect(await failAbandonedJobs({ db: t.server.services.db.db, locks, kind: 'export', owner: 'me', log })).toBe(1);
    const job = await t.api.call<ExportJob>('GET', `/exports/${id}`);
    expect(job).toMatchObject({ status: 'failed', failure: abandonedMessages.export, files: [] });
    expect(job.finishedAt).not.toBeNull();
    const audit = await t.server.services.db.db.select().from(auditLog).where(and(eq(auditLog.subjectId, id), eq(auditLog.action, 'export.failed')));
    expect(audit).toHaveLength(1);
    expect((await verifyChain(t.server.services.db.db, projectId)).ok).toBe(true);
    // A second sweep changes nothing.
    expect(await failAbandonedJobs({ db: t.server.services.db.db, locks, kind: 'export', owner: 'me', log })).toBe(0);
  });

  it('[X20] an export running in this server holds its lease: a sweep leaves it alone and it finishes', async () => {
    const started = await t.api.call<ExportJob>('POST', `/projects/${projectId}/exports`, { format: 'trl-sft', filters: { states: ['todo'] } }, 202);
    await failAbandonedJobs({ db: t.server.services.db.db, locks: t.server.services.coordination.locks, kind: 'export', owner: 'sweeper', log });
    const done = await runExport(t.api, projectId, { format: 'trl-sft', filters: { states: ['todo'] } });
    expect(done.status).toBe('done');
    expect((await t.api.call<ExportJob>('GET', `/exports/${started.id}`)).status).not.toBe('failed');
  });

  it('[X20][I13] a server starting on a database with an orphaned running export and import marks both failed at boot', async () => {
    const id = 'exp_orphanbootaaaaaaaaaaaaaaaaaaaaaa';
    const importId = 'imp_orphanbootaaaaaaaaaaaaaaaaaaaaaa';
    await orphan(t, projectId, id);
    await t.server.services.db.db.insert(imports).values({ id: importId, projectId, format: 'jsonl', status: 'running', fileName: 'big.jsonl', createdBy: null });
    await t.server.close();
    t = await startTestServer({ backend });
    const job = await t.api.call<ExportJob>('GET', `/exports/${id}`);
    expect(job).toMatchObject({ status: 'failed', failure: abandonedMessages.export });
    const imported = await t.api.call<ImportInfo>('GET', `/imports/${importId}`);
    expect(imported).toMatchObject({ status: 'failed', failure: abandonedMessages.import });
    expect((await verifyChain(t.server.services.db.db, projectId)).ok).toBe(true);
  }, 60_000);
});
