/**
 * Abuse case 4 (metrics): an annotator's unsubmitted labels reach no number anyone reads.
 * Ann has chosen in her blind copy but not submitted; Ben submitted the same item. The QA lead's quality
 * report and its CSV tables count Ben's work only, until Ann submits, and then hers too (so the check can
 * see her work at all). REST, the sockets, the copy itself and dataset exports ([X16]) are
 * blind-isolation.test.ts.
 */
import type { QualityReport, Task } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { annotateNext, chooseIn, preferenceItem, qualityProject } from '../integration/quality-fixtures.ts';

describe(`blind work in quality metrics (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let people: Record<'ann' | 'ben' | 'quinn', Api & { email: string }>;
  let annTask: Task;

  beforeAll(async () => {
    t = await startTestServer();
    ({ projectId, people } = await qualityProject(t, {
      name: 'Blind metrics',
      workflow: { labeling: 'blind', overlap: 2, review: false, qaSamplePercent: 0, disputes: { auto: false }, quality: { goldRatePercent: 0 } },
      people: { ann: 'annotator', ben: 'annotator', quinn: 'qa_lead' },
    }));
    await t.api.createItem(projectId, preferenceItem(1));
    annTask = await people.ann.call<Task>('POST', `/projects/${projectId}/queue/next`, undefined, 200);
    // Ann's choice is in her copy, stored as her editor would store it; she does not submit.
    await chooseIn(t, annTask.documentId, people.ann.userId, 1);
    await annotateNext(t, people.ben, projectId, () => 0);
  }, 60_000);

  afterAll(async () => {
    await t?.dispose();
  });

  const report = () => people.quinn.call<QualityReport>('GET', `/projects/${projectId}/quality`);
  const annotatorsCsv = async () =>
    (await fetch(`${t.url}/api/v1/projects/${projectId}/quality/export?format=csv&table=annotators`, { headers: { authorization: `Bearer ${people.quinn.token}` } })).text();

  it('[B3] [O1] before Ann submits: the report and its CSV hold Ben\'s work only', async () => {
    const before = await report();
    expect(before.overall.annotations).toBe(1);
    expect(before.annotators.map((a) => a.userId)).toEqual([people.ben.userId]);
    expect(before.pairs).toEqual([]);
    expect(await annotatorsCsv()).not.toContain(people.ann.userId);
  });

  it('[B3] [O1] once Ann submits, her work is counted (the checks above can see it)', async () => {
    await people.ann.call('POST', `/assignments/${annTask.assignmentId}/submit`, { fence: annTask.fence }, 200);
    const after = await report();
    expect(after.overall.annotations).toBe(2);
    expect(after.annotators.map((a) => a.userId).sort()).toEqual([people.ann.userId, people.ben.userId].sort());
    expect(await annotatorsCsv()).toContain(people.ann.userId);
  });
});
