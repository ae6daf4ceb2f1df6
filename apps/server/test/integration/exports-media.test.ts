import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName } from '../helpers/backends.ts';
import { makePng } from '../helpers/media-files.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { allRows, download, runExport } from './exports-fixtures.ts';

describe(`exports with media (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  let mediaId: string;
  const png = makePng(8, 6);

  beforeAll(async () => {
    t = await startTestServer();
    projectId = (await t.api.createProject('Pictures', 'instruction')).id;
    mediaId = (await t.api.uploadMedia(projectId, [{ name: 'cat.png', bytes: png }]))[0]!.id;
    await t.api.createItem(projectId, {
      externalId: 'pic-1',
      seed: {
        taskType: 'instruction',
        media: [{ kind: 'image', mediaId, width: 8, height: 6 }],
        turns: [
          { role: 'user', text: 'What is this?' },
          { role: 'assistant', text: 'A tiny picture.' },
        ],
      },
    });
  }, 60_000);
  afterAll(async () => {
    await t?.dispose();
  });

  it('[X7][X8] media: copy puts the image at media/<id>.png, listed with its hash, and the row refers to it', async () => {
    const job = await runExport(t.api, projectId, { format: 'trl-sft', filters: { states: ['todo'] }, media: 'copy' });
    expect(job).toMatchObject({ status: 'done', rows: 1 });
    const path = `media/${mediaId}.png`;
    const sha256 = createHash('sha256').update(png).digest('hex');
    expect(job.files).toContainEqual({ path, bytes: png.byteLength, sha256 });
    const got = await download(t, t.api, job.id, path);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.sha256).toBe(sha256);
    const [row] = await allRows(t, t.api, job);
    expect(row!.images).toEqual([path]);
  });

  it('[X7] media: url gives small images a data: URL and copies no file', async () => {
    const job = await runExport(t.api, projectId, { format: 'openai-chat', filters: { states: ['todo'] }, media: 'url' });
    expect(job).toMatchObject({ status: 'done', rows: 1 });
    expect(job.files.some((f) => f.path.startsWith('media/'))).toBe(false);
    const [row] = await allRows(t, t.api, job);
    expect(JSON.stringify(row!.messages)).toContain(`data:image/png;base64,${png.toString('base64')}`);
  });
});
