import type { ExportJob } from '@concord/protocol';
import { exportRequestSchema } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import type { DownloadedFile } from '../save-file.ts';
import { ExportJobs, pollIntervalMs } from './export-jobs.svelte.ts';

const job = (id: string, patch: Partial<ExportJob> = {}): ExportJob => ({
  id,
  projectId: 'prj_a',
  format: 'trl-dpo',
  request: exportRequestSchema.parse({ format: 'trl-dpo' }),
  status: 'running',
  itemsTotal: 0,
  itemsDone: 0,
  rows: 0,
  skipped: [],
  files: [],
  failure: null,
  createdBy: 'usr_1',
  createdAt: `2026-01-01T00:00:0${id.at(-1)}.000Z`,
  finishedAt: null,
  erasedItems: 0,
  ...patch,
});

function setup(listed: ExportJob[] = []) {
  const timers: { run: () => void; ms: number; cleared: boolean }[] = [];
  const saved: DownloadedFile[] = [];
  const api = {
    list: vi.fn(async () => ({ items: listed })),
    start: vi.fn(async () => job('exp_3')),
    get: vi.fn(async (id: string) => job(id)),
    downloadFile: vi.fn(async (_id: string, path: string) => ({ blob: new Blob(['x']), fileName: path })),
    downloadArchive: vi.fn(async (id: string) => ({ blob: new Blob(['PK']), fileName: `${id}.zip` })),
  };
  const jobs = new ExportJobs({
    api,
    projectId: 'prj_a',
    save: (file) => saved.push(file),
    setInterval: (run, ms) => {
      const timer = { run, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clearInterval: (timer) => {
      (timer as { cleared: boolean }).cleared = true;
    },
  });
  return { jobs, api, timers, saved };
}

describe('ExportJobs', () => {
  it('puts a started export at the top and follows export:progress pushes of its project only', async () => {
    const { jobs } = setup([job('exp_1', { status: 'done' })]);
    await jobs.load();
    await jobs.start(exportRequestSchema.parse({ format: 'trl-dpo' }));
    expect(jobs.jobs.map((j) => j.id)).toEqual(['exp_3', 'exp_1']);
    jobs.onProgress({ exportId: 'exp_3', projectId: 'prj_b', status: 'running', itemsTotal: 10, itemsDone: 9 });
    expect(jobs.jobs[0]!.itemsDone).toBe(0);
    jobs.onProgress({ exportId: 'exp_3', projectId: 'prj_a', status: 'running', itemsTotal: 10, itemsDone: 5 });
    expect(jobs.jobs[0]).toMatchObject({ itemsTotal: 10, itemsDone: 5 });
  });

  it('reads the job when the push says it ended (files and rows come from GET /exports/{id})', async () => {
    const { jobs, api } = setup();
    await jobs.load();
    await jobs.start(exportRequestSchema.parse({ format: 'trl-dpo' }));
    const done = job('exp_3', { status: 'done', itemsTotal: 2, itemsDone: 2, rows: 2, files: [{ path: 'train/data.jsonl', bytes: 10, sha256: 'a'.repeat(64) }] });
    api.get.mockResolvedValueOnce(done);
    jobs.onProgress({ exportId: 'exp_3', projectId: 'prj_a', status: 'done', itemsTotal: 2, itemsDone: 2 });
    await vi.waitFor(() => expect(jobs.jobs[0]!.status).toBe('done'));
    expect(jobs.jobs[0]!.files).toHaveLength(1);
    expect(jobs.running).toBe(false);
  });

  it('polls the running jobs every 2 s while any runs, and stops once none does', async () => {
    const { jobs, api, timers } = setup([job('exp_1')]);
    await jobs.load();
    expect(timers).toHaveLength(1);
    expect(timers[0]!.ms).toBe(pollIntervalMs);
    api.get.mockResolvedValueOnce(job('exp_1', { itemsTotal: 4, itemsDone: 4, status: 'done' }));
    timers[0]!.run();
    await vi.waitFor(() => expect(jobs.jobs[0]!.status).toBe('done'));
    expect(api.get).toHaveBeenCalledWith('exp_1');
    expect(timers[0]!.cleared).toBe(true);
  });

  it('keeps a start refusal as a message, and downloads through save', async () => {
    const { jobs, api, saved } = setup([job('exp_1', { status: 'done' })]);
    await jobs.load();
    api.start.mockRejectedValueOnce(new Error('This format does not take preference items.'));
    expect(await jobs.start(exportRequestSchema.parse({ format: 'coco' }))).toBeNull();
    expect(jobs.startError).toBe('This format does not take preference items.');
    await jobs.downloadFile(jobs.jobs[0]!, 'train/data.jsonl');
    await jobs.downloadArchive(jobs.jobs[0]!);
    expect(saved.map((f) => f.fileName)).toEqual(['train/data.jsonl', 'exp_1.zip']);
  });
});
