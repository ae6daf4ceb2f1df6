import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import type { ImportProgress, ImportRun, MediaInfo } from '../api-types.ts';
import { errorsAsText, ImportFlow, type ImportClient } from './import-flow.svelte.ts';

function run(patch: Partial<ImportRun> = {}): ImportRun {
  return { id: 'imp_1', status: 'running', linesDone: 0, created: 0, skipped: 0, failed: 0, errors: [], ...patch };
}

function media(name: string): MediaInfo {
  return { id: `med_${name}`, kind: 'image', contentType: 'image/png', bytes: 10, width: 1, height: 1, originalName: name };
}

/** Timers run by hand: `tick()` fires what is due. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout: (fn: () => void) => {
      pending.set(next, fn);
      return next++;
    },
    clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    get count() {
      return pending.size;
    },
    async tick() {
      const due = [...pending.values()];
      pending.clear();
      for (const fn of due) fn();
      await flush();
    },
  };
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

function feed() {
  const listeners = new Set<(event: ImportProgress) => void>();
  return {
    subscribe: (listener: (event: ImportProgress) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    push: (event: Partial<ImportProgress>) => {
      for (const l of listeners) l({ importId: 'imp_1', projectId: 'prj_1', status: 'running', linesDone: 0, created: 0, skipped: 0, failed: 0, ...event });
    },
    get size() {
      return listeners.size;
    },
  };
}

const file = (name: string, text = 'x'.repeat(10)) => new File([text], name);

function setup(client: Partial<ImportClient> = {}) {
  const timers = manualTimers();
  const socket = feed();
  const onFinished = vi.fn();
  const calls: string[] = [];
  const fake: ImportClient = {
    uploadMedia: vi.fn(async (_p: string, f: File, onProgress?: (p: { loaded: number; total: number }) => void) => {
      calls.push(`upload ${f.name}`);
      onProgress?.({ loaded: 5, total: 10 });
      return [media(f.name)];
    }),
    startImport: vi.fn(async (_p: string, input: { fileName: string }) => {
      calls.push(`post ${input.fileName}`);
      return run();
    }),
    getImport: vi.fn(async () => run({ linesDone: 3, created: 2, failed: 1 })),
    ...client,
  };
  const flow = new ImportFlow({ client: fake, projectId: 'prj_1', feed: socket.subscribe, timers, onFinished, pollIntervalMs: 1000 });
  return { flow, timers, socket, onFinished, calls, client: fake };
}

describe('ImportFlow', () => {
  it('uploads the media first, then posts the data file, then follows the run to done', async () => {
    const { flow, timers, socket, onFinished, calls, client } = setup();
    await flow.start({ format: 'jsonl', dataFile: file('items.jsonl'), mediaFiles: [file('a.png'), file('b.png')] });
    expect(calls).toEqual(['upload a.png', 'upload b.png', 'post items.jsonl']);
    expect(flow.uploads.map((u) => [u.name, u.status, u.sent])).toEqual([
      ['a.png', 'done', 10],
      ['b.png', 'done', 10],
    ]);
    expect(flow.sentBytes).toBe(20);
    expect(flow.totalBytes).toBe(20);
    expect(flow.phase).toBe('running');
    expect(flow.busy).toBe(true);
    expect(socket.size).toBe(1);

    socket.push({ linesDone: 2, created: 2 });
    expect(flow.run).toMatchObject({ linesDone: 2, created: 2 });
    socket.push({ importId: 'imp_other', linesDone: 99 });
    expect(flow.run?.linesDone).toBe(2);

    vi.mocked(client.getImport).mockResolvedValueOnce(
      run({ status: 'done', linesDone: 3, created: 2, failed: 1, errors: [{ line: 3, message: 'bad JSON' }] }),
    );
    socket.push({ status: 'done', linesDone: 3, created: 2, failed: 1 });
    await flush();
    expect(flow.phase).toBe('done');
    expect(flow.busy).toBe(false);
    expect(flow.run?.errors).toEqual([{ line: 3, message: 'bad JSON' }]);
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(socket.size).toBe(0);
    expect(timers.count).toBe(0);
  });

  it('reports the per-file upload progress while it runs', async () => {
    let finish!: () => void;
    const { flow } = setup({
      uploadMedia: (_p, _f, onProgress) =>
        new Promise((resolve) => {
          onProgress?.({ loaded: 4, total: 10 });
          finish = () => resolve([media('a.png')]);
        }),
    });
    const started = flow.start({ format: 'jsonl', dataFile: file('items.jsonl'), mediaFiles: [file('a.png')] });
    await flush();
    expect(flow.phase).toBe('uploading');
    expect(flow.uploads[0]).toMatchObject({ status: 'uploading', sent: 4, bytes: 10 });
    finish();
    await started;
    expect(flow.phase).toBe('running');
  });

  it('polls when no push arrives, and never moves counters backwards', async () => {
    const { flow, timers, socket, client } = setup();
    await flow.start({ format: 'label-studio', dataFile: file('tasks.json'), expectedRecords: 10 });
    expect(client.uploadMedia).not.toHaveBeenCalled();
    expect(flow.fraction).toBe(0);
    expect(timers.count).toBe(1);
    socket.push({ linesDone: 5, created: 5 });
    await timers.tick(); // the poll answers 3 lines: older than the push
    expect(flow.run?.linesDone).toBe(5);
    expect(flow.fraction).toBe(0.5);
    expect(timers.count).toBe(1);
    vi.mocked(client.getImport).mockResolvedValueOnce(run({ status: 'done', linesDone: 6, created: 6 }));
    await timers.tick();
    expect(flow.phase).toBe('done');
    expect(flow.run?.created).toBe(6);
    expect(flow.fraction).toBe(1);
  });

  it('keeps polling through a failed check and says so', async () => {
    const { flow, timers, client } = setup();
    await flow.start({ format: 'jsonl', dataFile: file('items.jsonl') });
    vi.mocked(client.getImport).mockRejectedValueOnce(new ApiError({ status: 0, code: 'network', message: 'offline' }));
    await timers.tick();
    expect(flow.phase).toBe('running');
    expect(flow.error).toContain('offline');
    await timers.tick();
    expect(flow.error).toBeNull();
  });

  it('ends as failed with the run’s own reason', async () => {
    const { flow, timers, client, onFinished } = setup();
    await flow.start({ format: 'jsonl', dataFile: file('items.jsonl') });
    vi.mocked(client.getImport).mockResolvedValueOnce(run({ status: 'failed', failure: 'The file is not UTF-8.' }));
    await timers.tick();
    expect(flow.phase).toBe('failed');
    expect(flow.error).toBe('The file is not UTF-8.');
    expect(onFinished).toHaveBeenCalledWith(expect.objectContaining({ status: 'failed' }));
  });

  it('does not send the data file when a media upload fails', async () => {
    const { flow, client } = setup({
      uploadMedia: async (_p, f) => {
        if (f.name === 'bad.txt') throw new ApiError({ status: 415, code: 'unsupported', message: 'Not an image or audio file.' });
        return [media(f.name)];
      },
    });
    await flow.start({ format: 'jsonl', dataFile: file('items.jsonl'), mediaFiles: [file('a.png'), file('bad.txt')] });
    expect(flow.phase).toBe('failed');
    expect(flow.uploads[1]).toMatchObject({ status: 'failed', error: 'Not an image or audio file.' });
    expect(flow.error).toMatch(/1 of 2 media files/);
    expect(client.startImport).not.toHaveBeenCalled();
  });

  it('shows a refused data file as failed', async () => {
    const { flow } = setup({
      startImport: async () => {
        throw new ApiError({ status: 413, code: 'too_large', message: 'The file is larger than 50 MB.' });
      },
    });
    await flow.start({ format: 'jsonl', dataFile: file('items.jsonl') });
    expect(flow.phase).toBe('failed');
    expect(flow.error).toBe('The data file was refused: The file is larger than 50 MB.');
  });

  it('watches a run that was already going, and stops everything on dispose', async () => {
    const { flow, timers, socket } = setup();
    flow.watch(run({ linesDone: 1 }));
    expect(flow.phase).toBe('running');
    expect(socket.size).toBe(1);
    flow.dispose();
    expect(socket.size).toBe(0);
    expect(timers.count).toBe(0);
  });

  it('formats errors for the clipboard', () => {
    expect(errorsAsText([{ line: 2, message: 'bad' }, { line: 9, message: 'worse' }])).toBe('line 2: bad\nline 9: worse');
  });
});
