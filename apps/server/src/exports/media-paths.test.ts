import { describe, expect, it } from 'vitest';
import { contentTypeOfPath, mediumPath } from './media-paths.ts';

describe('export media paths', () => {
  it('[X7] copied media go to media/<id>.<ext>, under the split folder for hf-imagefolder', () => {
    expect(mediumPath('llava', 'train', 'med_a', 'image/png')).toBe('media/med_a.png');
    expect(mediumPath('coco', 'test', 'med_b', 'image/jpeg')).toBe('media/med_b.jpg');
    expect(mediumPath('hf-imagefolder', 'validation', 'med_a', 'image/webp')).toBe('validation/media/med_a.webp');
  });

  it('[X9] download content types follow the extension', () => {
    expect(contentTypeOfPath('train/data.jsonl')).toMatch(/^application\/jsonl/);
    expect(contentTypeOfPath('train/data.json')).toMatch(/^application\/json/);
    expect(contentTypeOfPath('media/med_a.png')).toBe('image/png');
    expect(contentTypeOfPath('x.bin')).toBe('application/octet-stream');
  });
});
