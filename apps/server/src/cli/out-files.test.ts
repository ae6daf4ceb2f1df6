import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from './io.ts';
import { safeOutPath, writeVerified } from './out-files.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('safeOutPath', () => {
  it('[C3] keeps relative export paths inside the folder', () => {
    expect(safeOutPath('/data/out', 'train/data.jsonl')).toBe('/data/out/train/data.jsonl');
    expect(safeOutPath('/data/out', 'README.md')).toBe('/data/out/README.md');
  });

  it.each(['../x', 'a/../../x', '/etc/passwd', 'a//b', './a', 'a/./b', 'a\\..\\b', 'C:/x', '', 'a\0b', '..'])('[C3] refuses %j (exit 1)', (path) => {
    let error: unknown;
    try {
      safeOutPath('/data/out', path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(1);
  });
});

describe('writeVerified', () => {
  const bytes = Buffer.from('{"prompt":"p"}\n');
  const entry = { path: 'train/data.jsonl', bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };

  it('[C3] writes a matching file into place, creating folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-cli-out-'));
    dirs.push(dir);
    const target = safeOutPath(dir, entry.path);
    await writeVerified(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), target, entry);
    expect(readFileSync(target)).toEqual(bytes);
    expect(existsSync(`${target}.part`)).toBe(false);
  });

  it('[C3] removes a file whose hash or size does not match (exit 1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'concord-cli-out-'));
    dirs.push(dir);
    const target = safeOutPath(dir, entry.path);
    const damaged = Buffer.from(bytes);
    damaged[2] = 0x58;
    await expect(writeVerified(Readable.from([damaged]), target, entry)).rejects.toMatchObject({ exitCode: 1, message: expect.stringContaining('is damaged') });
    await expect(writeVerified(Readable.from([bytes, Buffer.from('x')]), target, entry)).rejects.toMatchObject({ exitCode: 1 });
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.part`)).toBe(false);
  });
});
