import type { ExportJob } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName } from '../helpers/backends.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { allRows, download, runExport } from './exports-fixtures.ts';

/** An instruction item whose seed is already a full conversation (exportable as it is imported). */
function conversation(n: number) {
  return {
    externalId: `conv-${n}`,
    tags: [],
    seed: {
      taskType: 'instruction',
      media: [],
      turns: [
        { role: 'user', text: `Question ${n}?` },
        { role: 'assistant', text: `Answer ${n}.` },
      ],
    },
  };
}

const splits = { train: 0.6, validation: 0.2, test: 0.2 };
const request = { format: 'trl-sft', filters: { states: ['todo'] }, splits };

/** Several pages of items (page size 500 would hold them all: 700 makes two pages). */
describe(`a streamed export of many items (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let job: ExportJob;
  const count = 700;

  beforeAll(async () => {
    t = await startTestServer();
    projectId = (await t.api.createProject('Many', 'instruction')).id;
    for (let n = 0; n < count; n++) await t.api.createItem(projectId, conversation(n));
    job = await runExport(t.api, projectId, request);
  }, 300_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('[X2][X8] every item becomes one row across the split files, and the hashes match the bytes', async () => {
    expect(job).toMatchObject({ status: 'done', itemsTotal: count, itemsDone: count, rows: count, skipped: [] });
    const rows = await allRows(t, t.api, job);
    expect(rows).toHaveLength(count);
    const ids = new Set(rows.map((r) => (r.concord as { external_id: string }).external_id));
    expect(ids.size).toBe(count);
    const sample = rows.find((r) => (r.concord as { external_id: string }).external_id === 'conv-17')!;
    expect(JSON.stringify(sample.messages)).toContain('Answer 17.');
    for (const file of job.files) expect((await download(t, t.api, job.id, file.path)).sha256).toBe(file.sha256);
    expect(job.files.map((f) => f.path)).toEqual(expect.arrayContaining(['train/data.jsonl', 'validation/data.jsonl', 'test/data.jsonl']));
  });

  it('[X4] adding items does not move existing ones between splits', async () => {
    const splitOf = (rows: (Record<string, unknown> & { split: string })[]) =>
      new Map(rows.map((r) => [(r.concord as { external_id: string }).external_id, r.split]));
    const before = splitOf(await allRows(t, t.api, job));
    for (let n = count; n < count + 40; n++) await t.api.createItem(projectId, conversation(n));
    const later = await runExport(t.api, projectId, request);
    expect(later.rows).toBe(count + 40);
    const after = splitOf(await allRows(t, t.api, later));
    for (const [id, split] of before) expect(after.get(id)).toBe(split);
  });
});
