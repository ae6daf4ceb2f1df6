import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createFolderSink, isSafeRelativePath, resolveInside } from './sink.ts';

describe('the export folder sink', () => {
  it('[X9] only relative paths that stay inside the folder are accepted', () => {
    for (const ok of ['train/data.jsonl', 'media/med_x.png', 'README.md']) expect(isSafeRelativePath(ok)).toBe(true);
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a//b', './a', 'a\\b', '', 'a/\0']) expect(isSafeRelativePath(bad)).toBe(false);
    expect(() => resolveInside('/data/exports/exp_1', '../exp_2/x')).toThrow();
    expect(resolveInside('/data/exports/exp_1', 'train/data.jsonl')).toBe('/data/exports/exp_1/train/data.jsonl');
  });

  it('[X8] files are written with their byte counts and sha256 computed on the way', async () => {
    const root = await mkdtemp(join(tmpdir(), 'concord-sink-'));
    try {
      const sink = createFolderSink(root);
      const file = sink.open('train/data.jsonl');
      await file.write('{"a":1}\n');
      await file.write('{"b":"é"}\n');
      await file.close();
      await sink.copy('media/med_a.png', Readable.from([Buffer.from([1, 2, 3])]));
      const text = await readFile(join(root, 'train/data.jsonl'));
      const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
      expect(sink.entries()).toEqual([
        { path: 'train/data.jsonl', bytes: text.byteLength, sha256: sha(text) },
        { path: 'media/med_a.png', bytes: 3, sha256: sha(Buffer.from([1, 2, 3])) },
      ]);
      expect(() => sink.open('../escape.txt')).toThrow();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
