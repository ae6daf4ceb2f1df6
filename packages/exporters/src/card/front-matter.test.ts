import { describe, expect, it } from 'vitest';
import { formatIds } from '../types.ts';
import { cardInput } from './fixture.ts';
import { configs, frontMatter, sizeCategory, taskCategories } from './front-matter.ts';

describe('dataset card front matter', () => {
  it('[K5] size buckets at their boundaries', () => {
    expect([0, 999, 1000, 9999, 10_000, 99_999, 100_000, 999_999, 1_000_000, 10_000_000, 1e12 - 1, 1e12].map(sizeCategory)).toEqual([
      'n<1K',
      'n<1K',
      '1K<n<10K',
      '1K<n<10K',
      '10K<n<100K',
      '10K<n<100K',
      '100K<n<1M',
      '100K<n<1M',
      '1M<n<10M',
      '10M<n<100M',
      '100B<n<1T',
      'n>1T',
    ]);
  });

  it('[K6] task categories are official Hugging Face ids, images add image-text-to-text to text formats', () => {
    const official = new Set(['image-text-to-text', 'text-generation', 'visual-question-answering', 'object-detection', 'image-to-text']);
    for (const id of formatIds) for (const c of taskCategories(id, true)) expect(official).toContain(c);
    expect(taskCategories('trl-dpo', false)).toEqual(['text-generation']);
    expect(taskCategories('trl-dpo', true)).toEqual(['text-generation', 'image-text-to-text']);
    expect(taskCategories('vqa', true)).toEqual(['visual-question-answering']);
    expect(taskCategories('coco', true)).toEqual(['object-detection', 'image-to-text']);
  });

  it('[K7] configs list the splits whose data file is in the manifest; none for formats datasets cannot load', () => {
    const files = (paths: string[]) => paths.map((path) => ({ path, bytes: 1, sha256: '0' }));
    expect(configs({ ...cardInput, format: 'llava', files: files(['train/data.json', 'test/data.json', 'images/a.png']) })).toEqual([
      { config_name: 'default', data_files: [{ split: 'train', path: 'train/data.json' }, { split: 'test', path: 'test/data.json' }] },
    ]);
    expect(configs({ ...cardInput, format: 'hf-imagefolder', files: files(['validation/metadata.jsonl', 'validation/a.png']) })).toEqual([
      { config_name: 'default', data_files: [{ split: 'validation', path: 'validation/**' }] },
    ]);
    expect(configs({ ...cardInput, format: 'coco', files: files(['train/instances.json']) })).toEqual([]);
    expect(configs({ ...cardInput, format: 'label-studio', files: files(['train/tasks.json']) })).toEqual([]);
    expect(configs({ ...cardInput, format: 'trl-sft', files: files(['images/a.png']) })).toEqual([]);
  });

  it('[K1] machine-generated joins the creators only when model content was exported; multilinguality follows the languages', () => {
    const human = frontMatter({ ...cardInput, languages: ['en'], provenanceMix: { human: 1, model: 0, modelThenEdited: 0 } });
    expect(human.annotations_creators).toEqual(['expert-generated']);
    expect(human.multilinguality).toBe('monolingual');
    const edited = frontMatter({ ...cardInput, annotationsCreator: 'crowdsourced', provenanceMix: { human: 0.5, model: 0, modelThenEdited: 0.5 } });
    expect(edited.annotations_creators).toEqual(['crowdsourced', 'machine-generated']);
    expect(edited.multilinguality).toBe('multilingual');
    const none = frontMatter({ ...cardInput, languages: [], format: 'coco' });
    expect(none).not.toHaveProperty('language');
    expect(none).not.toHaveProperty('multilinguality');
    expect(none).not.toHaveProperty('configs');
  });

  it('[K5] the size category counts rows over all splits', () => {
    expect(frontMatter({ ...cardInput, splits: [{ split: 'train', items: 10, rows: 999 }] }).size_categories).toEqual(['n<1K']);
    expect(frontMatter(cardInput).size_categories).toEqual(['1K<n<10K']);
  });
});
