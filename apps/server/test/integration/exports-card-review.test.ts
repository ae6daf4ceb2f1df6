import { calibrationParticipants, calibrationSessions } from '@concord/db';
import { newId, type ExportJob, type Task } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { download, runExport } from './exports-fixtures.ts';
import { annotateNext, chooseIn, preferenceItem, qualityProject } from './quality-fixtures.ts';

/**
 * Three items, one annotator, every annotation reviewed: the reviewer flips the choice of item 0 before
 * accepting it and accepts items 1 and 2 as submitted. One calibration session: two participants, one passed.
 */
describe(`the dataset card: review overrides and calibration (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let people: Awaited<ReturnType<typeof setup>>['people'];
  const itemIds: string[] = [];
  let job: ExportJob;
  let readme: string;

  async function setup() {
    return qualityProject(t, {
      name: 'Reviewed',
      workflow: { labeling: 'blind', overlap: 1, review: true, disputes: { auto: false }, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', rita: 'reviewer', quinn: 'qa_lead', tess: 'trainer' },
    });
  }

  beforeAll(async () => {
    t = await startTestServer();
    ({ projectId, people } = await setup());
    for (let n = 0; n < 3; n++) itemIds.push((await t.api.createItem(projectId, preferenceItem(300 + n, { tags: ['safety'] }))).id);
    const tasks: Task[] = [];
    for (let n = 0; n < 3; n++) tasks.push(await annotateNext(t, people.ann, projectId, () => 0));
    for (const task of tasks) {
      const claim = await people.rita.call<{ fence: number }>('POST', `/assignments/${task.assignmentId}/review/claim`);
      if (task.itemId === itemIds[0]) await chooseIn(t, task.documentId, people.rita.userId, 1);
      await people.rita.call('POST', `/assignments/${task.assignmentId}/review`, { fence: claim.fence, decision: 'accept' }, 200);
    }
    const db = t.server.services.db.db;
    const sessionId = newId('calibration');
    await db.insert(calibrationSessions).values({ id: sessionId, projectId, title: 'Warm-up', trainerId: people.tess.userId, state: 'ended', itemIds: [itemIds[0]!], passThreshold: 0.8 });
    const result = (userId: string, passed: boolean) => ({ userId, name: userId, items: 1, agreement: null, accuracy: passed ? 1 : 0, passed, clearedFlags: [] });
    await db.insert(calibrationParticipants).values([
      { sessionId, userId: people.ann.userId, result: result(people.ann.userId, true) },
      { sessionId, userId: people.rita.userId, result: result(people.rita.userId, false) },
    ]);
    job = await runExport(people.quinn, projectId, { format: 'trl-dpo' });
    readme = (await download(t, people.quinn, job.id, 'README.md')).bytes.toString('utf8');
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('[X13] the review override rate is the share of reviewed exported items whose reviewer edited the annotation', () => {
    expect(job).toMatchObject({ status: 'done', itemsTotal: 3, rows: 3 });
    expect(readme).toContain(`Review override rate (share of reviewed items whose answer a reviewer changed): ${String(1 / 3)} (over 3 items)`);
    expect(readme).toContain('- Workflow stages: annotate → review');
  });

  it('[X13] calibration: sessions, qualified of participants, the pass threshold', () => {
    expect(readme).toContain('- Qualification / calibration: 1 session(s), 1 of 2 participants qualified (pass threshold 0.8');
  });

  it('[X14] one submission per item: every row agreement is null, and the card says so', () => {
    expect(readme).toContain('3 exported item(s) have no row agreement');
  });
});
