import { describe, expect, it } from 'vitest';
import { countFileRecords, countRecords } from './count-records.ts';

describe('countRecords', () => {
  it('counts non-blank JSONL lines, bad ones included', () => {
    expect(countRecords('{"a":1}\n\n{bad\n{"a":2}', 'jsonl')).toBe(3);
    expect(countRecords('', 'jsonl')).toBe(0);
  });

  it('counts the tasks of a Label Studio export, or gives up', () => {
    expect(countRecords('[{"id":1},{"id":2}]', 'label-studio')).toBe(2);
    expect(countRecords('{"id":1}', 'label-studio')).toBeNull();
    expect(countRecords('[', 'label-studio')).toBeNull();
  });

  it('reads a file', async () => {
    await expect(countFileRecords(new Blob(['{}\n{}\n']), 'jsonl')).resolves.toBe(2);
  });
});
