import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ExportJob } from '@concord/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendName } from '../helpers/backends.ts';
import { makePng } from '../helpers/media-files.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { download, jsonlRows, runExport } from './exports-fixtures.ts';

const itemCount = 12;
const splits = { train: 0.5, validation: 0.5, test: 0 };

/**
 * Media copied into vision exports end to end: every image path a row names (ImageFolder's `file_name`
 * against its split folder, COCO's `file_name` against the export root) is a file of the job with the
 * bytes that were uploaded.
 */
describe(`vision exports copy their images where the rows point (${backendName})`, () => {
  let t: TestServer;
  let projectId: string;
  const pngs = new Map<string, Buffer>();

  beforeAll(async () => {
    t = await startTestServer();
    projectId = (await t.api.createProject('Streets', 'alignment')).id;
    for (let i = 0; i < itemCount; i++) {
      const png = makePng(16 + i, 12);
      const [image] = await t.api.uploadMedia(projectId, [{ name: `street-${i}.png`, bytes: png }]);
      pngs.set(image!.id, png);
      await t.api.createItem(projectId, {
        externalId: `street-${i}`,
        seed: { image: { mediaId: image!.id, width: 16 + i, height: 12 } },
        prelabel: {
          modelId: 'florence-2-large',
          caption: 'A red bus.',
          regions: [{ ref: 'bus', label: 'vehicle', shape: { kind: 'box', x: 1, y: 2, w: 8, h: 6 } }],
          links: [{ start: 2, end: 9, region: 'bus' }],
        },
      });
    }
  }, 120_000);
  afterAll(async () => {
    await t?.dispose();
  });

  async function expectFile(job: ExportJob, path: string): Promise<string> {
    const listed = job.files.find((f) => f.path === path);
    expect(listed, `${path} is a file of the export`).toBeDefined();
    const got = await download(t, t.api, job.id, path);
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(listed!.sha256);
    const mediaId = posix.basename(path).replace(/\.png$/, '');
    expect(got.sha256).toBe(createHash('sha256').update(pngs.get(mediaId)!).digest('hex'));
    return mediaId;
  }

  it('[X7][V14] hf-imagefolder: each split folder holds metadata.jsonl and the images its file_name rows name', async () => {
    const job = await runExport(t.api, projectId, { format: 'hf-imagefolder', filters: { states: ['todo'] }, splits, media: 'copy' });
    expect(job).toMatchObject({ status: 'done', rows: itemCount });
    const seen = new Set<string>();
    const splitsWritten = job.files.filter((f) => f.path.endsWith('/metadata.jsonl')).map((f) => f.path.split('/')[0]!);
    expect(splitsWritten.length).toBeGreaterThan(0);
    for (const split of splitsWritten) {
      const rows = jsonlRows((await download(t, t.api, job.id, `${split}/metadata.jsonl`)).bytes);
      for (const row of rows) {
        const fileName = row.file_name as string;
        expect(fileName.startsWith('../')).toBe(false);
        seen.add(await expectFile(job, posix.join(split, fileName)));
        expect(row).toHaveProperty('objects');
      }
    }
    expect(seen.size).toBe(itemCount);
  });

  it('[X7] coco: images[].file_name are export files with the uploaded bytes', async () => {
    const job = await runExport(t.api, projectId, { format: 'coco', filters: { states: ['todo'] }, splits, media: 'copy' });
    expect(job.status).toBe('done');
    const seen = new Set<string>();
    for (const file of job.files.filter((f) => f.path.endsWith('.json') && !f.path.startsWith('media/'))) {
      const coco = JSON.parse((await download(t, t.api, job.id, file.path)).bytes.toString('utf8')) as { images?: { file_name: string }[] };
      for (const image of coco.images ?? []) seen.add(await expectFile(job, image.file_name));
    }
    expect(seen.size).toBe(itemCount);
  });
});
