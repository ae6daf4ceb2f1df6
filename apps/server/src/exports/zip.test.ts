import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { crc32, zipStream } from './zip.ts';
import { readZip } from './zip-reader.testing.ts';

describe('the store-only zip writer', () => {
  it('[X12] CRC-32 gives the standard check value, also when continued chunk by chunk', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    expect(crc32(Buffer.from('56789'), crc32(Buffer.from('1234')))).toBe(0xcbf43926);
    expect(crc32(Buffer.alloc(0))).toBe(0);
  });

  it('[X12] entries round-trip through the central directory with their CRCs and UTF-8 names', async () => {
    const files = { 'train/data.jsonl': '{"a":1}\n{"b":2}\n', 'media/é.txt': 'x'.repeat(70_000), 'empty.txt': '' };
    const chunks: Buffer[] = [];
    const entries = Object.entries(files).map(([path, text]) => ({ path, open: () => Readable.from([Buffer.from(text.slice(0, 10)), Buffer.from(text.slice(10))]) }));
    for await (const chunk of zipStream(entries, new Date('2026-01-02T03:04:06Z'))) chunks.push(chunk);
    const read = readZip(Buffer.concat(chunks));
    expect(read.map((e) => e.path)).toEqual(Object.keys(files));
    for (const entry of read) {
      expect(entry.bytes.toString('utf8')).toBe(files[entry.path as keyof typeof files]);
      expect(entry.crc).toBe(crc32(entry.bytes));
    }
  });
});
