import { describe, expect, it } from 'vitest';
import { ImportFileError, type SourceRecord } from './records.ts';
import { splitJsonArray, splitTasks } from './split-json-array.ts';
import { splitLines } from './split-lines.ts';

const encoder = new TextEncoder();

/** The text as chunks cut at the given sizes (repeating), to hit every boundary. */
async function* chunked(text: string | Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function collect(records: AsyncIterable<SourceRecord>): Promise<Array<{ line: number; text?: string; error?: string }>> {
  const out: Array<{ line: number; text?: string; error?: string }> = [];
  for await (const r of records) out.push('text' in r ? { line: r.line, text: r.text } : { line: r.line, error: r.error });
  return out;
}

describe('splitLines', () => {
  const file = '\uFEFF{"a":1}\r\n\n   \n{"b":"é ✓"}\n{"c":[1,\n2]}';
  const expected = [
    { line: 1, text: '{"a":1}' },
    { line: 4, text: '{"b":"é ✓"}' },
    { line: 5, text: '{"c":[1,' },
    { line: 6, text: '2]}' },
  ];

  it('[I1] numbers lines from 1, skips blank ones, drops \\r and the BOM, whatever the chunk size', async () => {
    for (const size of [1, 2, 3, 5, 7, 64, 1024]) {
      expect(await collect(splitLines(chunked(file, size))), `chunk size ${size}`).toEqual(expected);
    }
  });

  it('[I11] a line over the limit is an error record and is not buffered; the next line is read', async () => {
    const long = `{"x":"${'a'.repeat(100)}"}`;
    const records = await collect(splitLines(chunked(`${long}\n{"ok":1}\n`, 7), { maxLineBytes: 50 }));
    expect(records).toEqual([
      { line: 1, error: expect.stringContaining('longer than 50 bytes') },
      { line: 2, text: '{"ok":1}' },
    ]);
  });

  it('[I1] invalid UTF-8 is an error for that line only', async () => {
    const bytes = new Uint8Array([...encoder.encode('{"a":"'), 0xff, 0xfe, ...encoder.encode('"}\n{"b":2}')]);
    expect(await collect(splitLines(chunked(bytes, 4)))).toEqual([
      { line: 1, error: 'is not valid UTF-8 text' },
      { line: 2, text: '{"b":2}' },
    ]);
  });

  it('an empty file has no lines', async () => {
    expect(await collect(splitLines(chunked('', 4)))).toEqual([]);
  });
});

describe('splitJsonArray', () => {
  const file = `[
  {"id": 1, "data": {"image": "a,]}.png", "q": "say \\"[hi]\\""}},
  {"id": 2,
   "data": {"image": "b.png"}},
  17, "str", [1, [2]], {}
]
`;

  it('[I1] yields each element with the line it starts on, whatever the chunk size', async () => {
    const expected = [
      { line: 2, text: '{"id": 1, "data": {"image": "a,]}.png", "q": "say \\"[hi]\\""}}' },
      { line: 3, text: '{"id": 2,\n   "data": {"image": "b.png"}}' },
      { line: 5, text: '17' },
      { line: 5, text: '"str"' },
      { line: 5, text: '[1, [2]]' },
      { line: 5, text: '{}\n' },
    ];
    for (const size of [1, 2, 3, 5, 8, 13, 4096]) {
      const records = await collect(splitJsonArray(chunked(file, size)));
      expect(records, `chunk size ${size}`).toEqual(expected);
      for (const r of records) expect(() => JSON.parse(r.text!) as unknown).not.toThrow();
    }
  });

  it('an empty array has no elements', async () => {
    expect(await collect(splitJsonArray(chunked(' [ ] ', 2)))).toEqual([]);
  });

  it('[I11] an element over the limit is an error record; the next one is read', async () => {
    const big = JSON.stringify({ data: { image: 'x'.repeat(200) } });
    const records = await collect(splitJsonArray(chunked(`[${big}, {"id":2}]`, 9), { maxElementBytes: 100 }));
    expect(records).toEqual([{ line: 1, error: expect.stringContaining('longer than 100 bytes') }, { line: 1, text: '{"id":2}' }]);
  });

  it.each([
    ['{"not": "an array"}', 'starts with "["'],
    ['[{"a": 1}, {"b": 2}', 'ends before the array is closed'],
    ['[{"a": "unterminated}]', 'ends before the array is closed'],
    ['[{"a": 1},]', 'no element after it'],
    ['[{"a": 1},,{"b":2}]', 'an empty element'],
    ['[{"a": 1}] [{"b": 2}]', 'after the closing "]"'],
    ['[{"a": 1}}]', 'unexpected "}"'],
  ])('[I3] %s is not a readable array', async (text, message) => {
    await expect(collect(splitJsonArray(chunked(text, 3)))).rejects.toThrow(ImportFileError);
    await expect(collect(splitJsonArray(chunked(text, 3)))).rejects.toThrow(message);
  });

  it('[I3] the elements before a break are yielded before the error', async () => {
    const seen: string[] = [];
    const run = async () => {
      for await (const r of splitJsonArray(chunked('[{"a":1},{"b":2},{"c":', 4))) if ('text' in r) seen.push(r.text);
    };
    await expect(run()).rejects.toThrow(/line 1, byte \d+/);
    expect(seen).toEqual(['{"a":1}', '{"b":2}']);
  });
});

describe('splitTasks', () => {
  it('[I1] reads a JSON array or one task per line, decided by the first character', async () => {
    expect(await collect(splitTasks(chunked('\n\n [{"id":1},\n{"id":2}]', 3)))).toEqual([
      { line: 3, text: '{"id":1}' },
      { line: 4, text: '{"id":2}' },
    ]);
    expect(await collect(splitTasks(chunked('\uFEFF{"id":1}\n{"id":2}\n', 3)))).toEqual([
      { line: 1, text: '{"id":1}' },
      { line: 2, text: '{"id":2}' },
    ]);
    expect(await collect(splitTasks(chunked('  \n ', 3)))).toEqual([]);
  });

  it('[I3] anything else is not a Label Studio file', async () => {
    await expect(collect(splitTasks(chunked('id,image\n1,a.png', 3)))).rejects.toThrow('Not a Label Studio export');
  });
});
