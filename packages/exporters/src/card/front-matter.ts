import { splits, type FormatId } from '../types.ts';
import type { DatasetCardInput } from './types.ts';
import type { YamlValue } from './yaml.ts';

const buckets: [number, string][] = [
  [1e3, 'n<1K'],
  [1e4, '1K<n<10K'],
  [1e5, '10K<n<100K'],
  [1e6, '100K<n<1M'],
  [1e7, '1M<n<10M'],
  [1e8, '10M<n<100M'],
  [1e9, '100M<n<1B'],
  [1e10, '1B<n<10B'],
  [1e11, '10B<n<100B'],
  [1e12, '100B<n<1T'],
];

/**
 * [K5] Hugging Face `size_categories` bucket of a number of examples (rows): `n<1K` below 1,000, then
 * `1K<n<10K` from 1,000 up to 9,999, and so on; `n>1T` from 10^12.
 * @example sizeCategory(999) // 'n<1K'; sizeCategory(1000) // '1K<n<10K'
 */
export function sizeCategory(rows: number): string {
  return buckets.find(([limit]) => rows < limit)?.[1] ?? 'n>1T';
}

/**
 * [K6] Hugging Face `task_categories` (official ids) of a format; the text formats add
 * `image-text-to-text` when items show images.
 */
export function taskCategories(format: FormatId, hasImages: boolean): string[] {
  switch (format) {
    case 'llava':
      return ['image-text-to-text'];
    case 'trl-sft':
    case 'openai-chat':
    case 'trl-dpo':
    case 'trl-kto':
    case 'hh-rlhf':
    case 'openai-preference':
      return hasImages ? ['text-generation', 'image-text-to-text'] : ['text-generation'];
    case 'vqa':
      return ['visual-question-answering'];
    case 'grounded-qwen':
    case 'grounded-florence2':
    case 'grounded-kosmos2':
    case 'grounded-shikra':
      return ['image-text-to-text', 'object-detection'];
    case 'coco':
    case 'refcoco':
    case 'hf-imagefolder':
    case 'label-studio':
      return ['object-detection', 'image-to-text'];
  }
}

/** [K7] The data file of a format in each split folder that `datasets` loads; null for formats it cannot load. */
export function dataFilePattern(format: FormatId): string | null {
  switch (format) {
    case 'llava':
      return 'data.json';
    case 'hf-imagefolder':
      return '**';
    case 'coco':
    case 'refcoco':
    case 'label-studio':
      return null;
    case 'trl-sft':
    case 'openai-chat':
    case 'trl-dpo':
    case 'trl-kto':
    case 'hh-rlhf':
    case 'openai-preference':
    case 'vqa':
    case 'grounded-qwen':
    case 'grounded-florence2':
    case 'grounded-kosmos2':
    case 'grounded-shikra':
      return 'data.jsonl';
  }
}

/**
 * [K7] `configs` with one `data_files` entry per split that has its data file in the manifest (ImageFolder:
 * any file under the split folder); none for formats `datasets` cannot load (COCO, RefCOCO, Label Studio).
 */
export function configs(input: DatasetCardInput): YamlValue[] {
  const pattern = dataFilePattern(input.format);
  if (pattern === null) return [];
  const paths = input.files.map((f) => f.path);
  const dataFiles = splits
    .filter((split) => (pattern === '**' ? paths.some((p) => p.startsWith(`${split}/`)) : paths.includes(`${split}/${pattern}`)))
    .map((split) => ({ split, path: `${split}/${pattern}` }));
  return dataFiles.length > 0 ? [{ config_name: 'default', data_files: dataFiles }] : [];
}

/**
 * [K1] The card's YAML metadata. `annotations_creators` is the input's, plus `machine-generated` when any
 * exported content is model-written (model or model-then-edited share above 0); `multilinguality` follows
 * the number of languages; empty lists are left out.
 */
export function frontMatter(input: DatasetCardInput): Record<string, YamlValue> {
  const mix = input.provenanceMix;
  const annotators: string[] = [input.annotationsCreator];
  if (mix.model > 0 || mix.modelThenEdited > 0) annotators.push('machine-generated');
  const rows = input.splits.reduce((sum, s) => sum + s.rows, 0);
  const meta: Record<string, YamlValue> = {
    pretty_name: input.projectName,
    annotations_creators: annotators,
    language_creators: input.languageCreators,
    language: input.languages,
    license: input.license,
    multilinguality: input.languages.length > 1 ? 'multilingual' : input.languages.length === 1 ? 'monolingual' : [],
    size_categories: [sizeCategory(rows)],
    source_datasets: input.sourceDatasets,
    task_categories: taskCategories(input.format, input.hasImages),
    tags: ['concord', input.taskType, input.format],
    configs: configs(input),
  };
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => !(Array.isArray(v) && v.length === 0)));
}
