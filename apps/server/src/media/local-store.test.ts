import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalMediaStore, newStorageKey } from './local-store.ts';

const projectId = 'prj_abcdefghijklmnopqrstuvwxyz234567';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'concord-media-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function* bytes(...parts: string[]) {
  for (const p of parts) yield Buffer.from(p);
}

async function read(stream: AsyncIterable<Buffer>): Promise<string> {
  let out = '';
  for await (const c of stream) out += c.toString();
  return out;
}

/** Every file under the store's folder, relative. */
function files(): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

describe('local media store', () => {
  it('[M1] stores under <projectId>/<random> and reads back whole or by range', async () => {
    const store = createLocalMediaStore({ dir });
    const key = newStorageKey(projectId);
    expect(key).toMatch(/^prj_[a-z2-7]{32}\/[0-9a-f]{40}$/);
    await store.put(key, bytes('hello ', 'world'));
    expect(files()).toEqual([key]);
    expect(await read(await store.open(key))).toBe('hello world');
    expect(await read(await store.open(key, { start: 6, end: 10 }))).toBe('world');
    await store.remove(key);
    await store.remove(key);
    expect(files()).toEqual([]);
  });

  it('[M1] refuses every key it did not make before touching the file system', async () => {
    const store = createLocalMediaStore({ dir });
    for (const key of ['../etc/passwd', `${projectId}/../../x`, `${projectId}/cat.png`, '/etc/passwd', `${projectId}/${'a'.repeat(40)}/x`, 'prj_x/0']) {
      await expect(store.put(key, bytes('x'))).rejects.toThrow('invalid media storage key');
      await expect(store.open(key)).rejects.toThrow('invalid media storage key');
      await expect(store.remove(key)).rejects.toThrow('invalid media storage key');
    }
    expect(() => newStorageKey('../x')).toThrow();
    expect(files()).toEqual([]);
  });

  it('[M2] a body that fails half-way leaves no file, not even a temporary one', async () => {
    const store = createLocalMediaStore({ dir });
    const key = newStorageKey(projectId);
    async function* failing() {
      yield Buffer.from('part one');
      throw new Error('client went away');
    }
    await expect(store.put(key, failing())).rejects.toThrow('client went away');
    expect(files()).toEqual([]);
    await expect(store.open(key)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('[M2] sweeps temporary files a crash left behind, once they are old enough', async () => {
    const store = createLocalMediaStore({ dir });
    expect(await store.sweepTemporary()).toBe(0);
    mkdirSync(join(dir, '.tmp'));
    writeFileSync(join(dir, '.tmp', 'old'), 'x');
    writeFileSync(join(dir, '.tmp', 'young'), 'x');
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    utimesSync(join(dir, '.tmp', 'old'), twoDaysAgo, twoDaysAgo);
    expect(await store.sweepTemporary()).toBe(1);
    expect(files()).toEqual(['.tmp/young']);
  });
});
