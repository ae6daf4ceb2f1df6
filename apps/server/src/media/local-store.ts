import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isId } from '@concord/protocol';
import type { MediaStore } from './types.ts';

/** `<projectId>/<40 hex characters>`: the only shape of key any store accepts. */
const keyPattern = /^(prj_[a-z2-7]{32})\/([0-9a-f]{40})$/;

/**
 * A new storage key for a project's file. Keys are random and server-made; a client's file name never
 * takes part, so it can never become a path.
 */
export function newStorageKey(projectId: string): string {
  if (!isId('project', projectId)) throw new Error('invalid project id for a storage key');
  return `${projectId}/${randomBytes(20).toString('hex')}`;
}

/** Throws unless `key` is exactly the shape `newStorageKey` makes. */
export function assertStorageKey(key: string): void {
  if (!keyPattern.test(key)) throw new Error('invalid media storage key');
}

/** The local store, plus the clean-up of uploads a crash interrupted. */
export interface LocalMediaStore extends MediaStore {
  /**
   * Deletes temporary files older than `olderThanMs` (default one day), left by a process that died
   * mid-upload; younger ones may belong to an upload still running on another instance sharing the folder.
   * Returns how many were removed.
   */
  sweepTemporary(olderThanMs?: number): Promise<number>;
}

/**
 * Media bytes as files under one folder: `<dir>/<projectId>/<random>`. A write goes to
 * `<dir>/.tmp/<random>` first and is renamed into place only when complete, so a failed or refused
 * upload leaves nothing behind.
 * @example const store = createLocalMediaStore({ dir: config.mediaDir });
 */
export function createLocalMediaStore(options: { dir: string }): LocalMediaStore {
  const root = resolve(options.dir);
  const tmpDir = join(root, '.tmp');

  function pathOf(key: string): string {
    assertStorageKey(key);
    const path = resolve(root, key);
    // The pattern already rules out traversal; this is the second lock on the same door.
    if (!path.startsWith(root + sep)) throw new Error('invalid media storage key');
    return path;
  }

  return {
    async put(key, body) {
      const target = pathOf(key);
      await mkdir(tmpDir, { recursive: true });
      const tmp = join(tmpDir, randomBytes(16).toString('hex'));
      const out = createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
      try {
        await pipeline(body, out);
        await mkdir(resolve(target, '..'), { recursive: true });
        await rename(tmp, target);
      } catch (err) {
        // A body refused in its first bytes can fail the pipeline while the file is still being opened:
        // wait for the stream to close, or the file would appear after it was removed.
        if (!out.closed) await once(out, 'close').catch(() => undefined);
        await rm(tmp, { force: true });
        throw err;
      }
    },

    async open(key, range): Promise<Readable> {
      const handle = await open(pathOf(key), 'r');
      return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
    },

    async remove(key) {
      await rm(pathOf(key), { force: true });
    },

    async sweepTemporary(olderThanMs = 24 * 3_600_000) {
      let names: string[];
      try {
        names = await readdir(tmpDir);
      } catch {
        return 0;
      }
      let removed = 0;
      for (const name of names) {
        const path = join(tmpDir, name);
        try {
          if (Date.now() - (await stat(path)).mtimeMs < olderThanMs) continue;
          await rm(path, { force: true });
          removed += 1;
        } catch {
          // Gone already (another instance swept it): nothing to do.
        }
      }
      return removed;
    },
  };
}
