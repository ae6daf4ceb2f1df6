import { describe, expect, it } from 'vitest';
import { createMemorySink, fromList } from '../common/index.ts';
import { dogAndCat } from './fixture.ts';
import { cocoFormatter } from './coco.ts';
import { refcocoFormatter } from './refcoco.ts';
import { refTokens } from './refcoco.ts';

describe('COCO and RefCOCO', () => {
  it('[V6] the instances file is one JSON object with the COCO keys, ids joining annotations to images and categories', async () => {
    const sink = createMemorySink();
    await cocoFormatter.write(fromList([dogAndCat, { ...dogAndCat, itemId: 'itm_9' }]), sink, { provenance: false });
    const coco = JSON.parse(sink.files.get('train/instances.json') ?? '') as {
      images: { id: number }[];
      annotations: { id: number; image_id: number; category_id: number }[];
      categories: { id: number }[];
    };
    expect(Object.keys(coco).sort()).toEqual(['annotations', 'categories', 'images']);
    expect(coco.images.map((i) => i.id)).toEqual([1, 2]);
    expect(coco.annotations.map((a) => [a.id, a.image_id])).toEqual([[1, 1], [2, 1], [3, 1], [4, 2], [5, 2], [6, 2]]);
    const categoryIds = new Set(coco.categories.map((c) => c.id));
    for (const a of coco.annotations) expect(categoryIds.has(a.category_id)).toBe(true);
  });

  it('[V6] annotations are written while items stream in, before the images array', async () => {
    const chunks: string[] = [];
    const sink = { open: () => ({ write: async (c: string) => void chunks.push(c), close: async () => {} }) };
    async function* items() {
      yield dogAndCat;
      // By the time the next item is asked for, the first item's annotations are in the file.
      expect(chunks.join('')).toContain('"bbox":[100,120,200,150]');
      expect(chunks.join('')).not.toContain('"images"');
    }
    await cocoFormatter.write(items(), sink, { provenance: false });
  });

  it('[V8] with provenance, COCO keeps its keys and writes <split>/provenance.jsonl keyed by image_id', async () => {
    const sink = createMemorySink();
    const result = await cocoFormatter.write(fromList([dogAndCat]), sink, { provenance: true });
    expect(result.files).toContain('train/provenance.jsonl');
    const row = JSON.parse(sink.files.get('train/provenance.jsonl') ?? '') as { image_id: number; concord: { item_id: string } };
    expect(row.image_id).toBe(1);
    expect(row.concord.item_id).toBe('itm_1');
    expect(sink.files.get('train/instances.json')).not.toContain('concord');
  });

  it('[V9] refer.py tokens: lower case words, punctuation dropped, inner apostrophes kept', () => {
    expect(refTokens("The man's LEFT hand, raised!")).toEqual(["the", "man's", 'left', 'hand', 'raised']);
    expect(refTokens('  ')).toEqual([]);
  });

  it('[V9] RefCOCO refs point at annotation ids of the instances file written beside them', async () => {
    const sink = createMemorySink();
    await refcocoFormatter.write(fromList([dogAndCat]), sink, { provenance: true });
    const instances = JSON.parse(sink.files.get('instances.json') ?? '') as { annotations: { id: number; bbox: number[] }[] };
    const refs = JSON.parse(sink.files.get('refs.json') ?? '') as { ann_id: number; sentences: { raw: string }[]; concord: unknown }[];
    const dog = refs.find((r) => r.sentences[0]?.raw === 'a dog');
    expect(instances.annotations.find((a) => a.id === dog?.ann_id)?.bbox).toEqual([100, 120, 200, 150]);
    expect(dog?.concord).toMatchObject({ item_id: 'itm_1' });
  });
});
