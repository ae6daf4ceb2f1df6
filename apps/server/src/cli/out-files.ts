import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { failure } from './io.ts';

/**
 * Where an export file lands under `outDir`. The path comes from the server (or the export folder), so
 * it is checked like untrusted input: relative, forward slashes, no `.`/`..`/empty segment, no NUL or
 * backslash, and the result must stay inside `outDir`. Throws (exit 1) otherwise.
 * @example safeOutPath('/data', 'train/data.jsonl') // '/data/train/data.jsonl'
 */
export function safeOutPath(outDir: string, path: string): string {
  const segments = path.split('/');
  const bad =
    path.length === 0 ||
    path.includes('\0') ||
    path.includes('\\') ||
    isAbsolute(path) ||
    /^[A-Za-z]:/.test(path) ||
    segments.some((s) => s === '' || s === '.' || s === '..');
  const root = resolve(outDir);
  const target = resolve(root, ...segments);
  const rel = relative(root, target);
  if (bad || rel === '' || rel.startsWith('..') || isAbsolute(rel) || !target.startsWith(root + sep)) {
    throw failure(`refusing to write "${path}": it would land outside ${root}`);
  }
  return target;
}

/** One file of an export as its job lists it. */
export interface ExpectedFile {
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * Streams `source` into `target` (folders created) through a `.part` file, hashing on the way; the file
 * is renamed into place only when its size and SHA-256 match `expected`, else it is removed (exit 1).
 */
export async function writeVerified(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, target: string, expected: ExpectedFile): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const part = `${target}.part`;
  const hash = createHash('sha256');
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.byteLength;
      done(null, chunk);
    },
  });
  try {
    await pipeline(source, counter, createWriteStream(part));
  } catch (error) {
    await rm(part, { force: true });
    throw failure(`could not write ${expected.path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const sha256 = hash.digest('hex');
  if (sha256 !== expected.sha256 || bytes !== expected.bytes) {
    await rm(part, { force: true });
    throw failure(`${expected.path} is damaged: got ${bytes} bytes with SHA-256 ${sha256}, the export lists ${expected.bytes} bytes with ${expected.sha256}`);
  }
  await rename(part, target);
}
