import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, normalize, sep } from 'node:path';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ExportFile, ExportSink } from '@concord/exporters';
import type { ExportFileEntry } from '@concord/protocol';

/** A relative export path is safe when it stays inside the export folder [X9]. */
export function isSafeRelativePath(path: string): boolean {
  if (path.length === 0 || path.length > 500 || path.includes('\0') || path.includes('\\')) return false;
  if (path.startsWith('/')) return false;
  return path.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

/** The absolute path of `relative` under `root`, refusing anything that would leave it [X9]. */
export function resolveInside(root: string, relative: string): string {
  if (!isSafeRelativePath(relative)) throw new Error(`unsafe export path ${JSON.stringify(relative)}`);
  const full = normalize(join(root, relative));
  if (!full.startsWith(root.endsWith(sep) ? root : root + sep)) throw new Error(`unsafe export path ${JSON.stringify(relative)}`);
  return full;
}

class HashingFile implements ExportFile {
  private bytes = 0;
  constructor(
    private readonly stream: WriteStream,
    private readonly hash: Hash,
    private readonly done: (entry: { bytes: number; sha256: string }) => void,
  ) {}

  async write(chunk: string): Promise<void> {
    const buffer = Buffer.from(chunk, 'utf8');
    this.bytes += buffer.byteLength;
    this.hash.update(buffer);
    if (!this.stream.write(buffer)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'finish');
    this.done({ bytes: this.bytes, sha256: this.hash.digest('hex') });
  }
}

/**
 * An ExportSink over a folder: files are streamed to disk with their byte count and sha256 computed on
 * the way [X8]; `copy` streams a medium in the same way. `entries()` lists every closed file.
 * @example const sink = createFolderSink(dir); await formatter.write(items, sink, opts); sink.entries();
 */
export function createFolderSink(root: string) {
  const entries: ExportFileEntry[] = [];
  return {
    open(path: string): ExportFile {
      const full = resolveInside(root, path);
      const pending = mkdir(dirname(full), { recursive: true });
      // The folder exists before the first write: open lazily behind it.
      let file: HashingFile | null = null;
      const ready = pending.then(() => {
        file = new HashingFile(createWriteStream(full), createHash('sha256'), (e) => entries.push({ path, ...e }));
        return file;
      });
      return {
        write: async (chunk) => (file ?? (await ready)).write(chunk),
        close: async () => (file ?? (await ready)).close(),
      };
    },
    /** Streams `source` into `path`, hashing it. */
    async copy(path: string, source: Readable): Promise<void> {
      const full = resolveInside(root, path);
      await mkdir(dirname(full), { recursive: true });
      const hash = createHash('sha256');
      let bytes = 0;
      await pipeline(
        source,
        async function* count(chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            bytes += chunk.byteLength;
            hash.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(full),
      );
      entries.push({ path, bytes, sha256: hash.digest('hex') });
    },
    entries: (): ExportFileEntry[] => [...entries],
  } satisfies ExportSink & Record<string, unknown>;
}

/** Reads one export file back (downloads). */
export function openExportFile(root: string, path: string): Readable {
  return createReadStream(resolveInside(root, path));
}
