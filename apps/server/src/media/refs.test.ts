import { describe, expect, it } from 'vitest';
import { cleanFileName, decodeDataUri, fileNameOfUrl } from './refs.ts';

describe('cleanFileName', () => {
  it('[M1] keeps the last segment only and drops control and bidi characters', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\photos\\cat.png')).toBe('cat.png');
    expect(cleanFileName('evil\u202egnp.exe')).toBe('evilgnp.exe');
    expect(cleanFileName('a\u0000b\n.png')).toBe('ab.png');
    expect(cleanFileName('x'.repeat(400))).toHaveLength(255);
    for (const empty of [null, '', '   ', '..', 'dir/', '\u0007']) expect(cleanFileName(empty)).toBeNull();
  });

  it('names a fetched file after the last segment of its URL', () => {
    expect(fileNameOfUrl('https://example.org/a/b/cat%20one.png?x=1')).toBe('cat one.png');
    expect(fileNameOfUrl('https://example.org/')).toBeNull();
  });
});

describe('decodeDataUri', () => {
  it('[M13] decodes base64 data: URIs', () => {
    expect(decodeDataUri('data:image/png;base64,aGVsbG8=', 100).toString()).toBe('hello');
    expect(decodeDataUri('data:;base64,aGVs\nbG8=', 100).toString()).toBe('hello');
  });

  it('[M13] refuses other encodings, bad base64 and oversized payloads', () => {
    expect(() => decodeDataUri('data:text/plain,hello', 100)).toThrow(/base64/);
    expect(() => decodeDataUri('data:image/png;base64,@@@', 100)).toThrow(/not valid base64/);
    expect(() => decodeDataUri(`data:image/png;base64,${'A'.repeat(200)}`, 100)).toThrow(expect.objectContaining({ status: 413 }));
  });
});
