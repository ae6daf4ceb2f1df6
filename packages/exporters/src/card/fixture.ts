// Test fixture of the dataset card: a full input with awkward strings (not a test file).
import type { DatasetCardInput } from './types.ts';

/** Every section filled, user strings with `|`, newlines, `:`, `#`, HTML and emoji, a null value and CI. */
export const cardInput: DatasetCardInput = {
  projectName: 'Street scenes: grounding #2 🚌',
  description: 'Grounded captions of street photos, for training\nvision-language models to point at what they name.',
  taskType: 'alignment',
  format: 'grounded-qwen',
  hasImages: true,
  annotationsCreator: 'expert-generated',
  languageCreators: ['expert-generated'],
  languages: ['en', 'de'],
  license: 'cc-by-4.0',
  sourceDatasets: ['original'],
  splits: [
    { split: 'train', items: 1200, rows: 1200 },
    { split: 'validation', items: 150, rows: 149 },
  ],
  slices: [
    { name: 'night | rain', count: 300 },
    { name: 'day', count: 1050 },
  ],
  types: [
    { name: 'regions', count: 5123 },
    { name: 'links', count: 4800 },
  ],
  workflow: {
    stages: ['annotate', 'review', 'qa'],
    overlap: 2,
    mode: 'blind',
    guidelineVersions: ['v3', 'v3.1'],
    configVersions: [4, 5],
    annotatorCount: 12,
  },
  calibration: { sessions: 2, participants: 14, qualified: 12, note: 'pass at κ ≥ 0.7' },
  quality: [
    { slice: 'all', metric: 'caption similarity', value: 0.8125, ci: [0.79, 0.834], units: 'mean' },
    { slice: 'night | rain', metric: 'box IoU', value: 0.7, ci: null, units: 'IoU' },
    { slice: 'day', metric: 'label κ', value: null, ci: null, units: 'kappa' },
  ],
  goldAccuracy: { value: 0.9375, of: 64 },
  reviewOverrideRate: { value: 0.1, of: 300 },
  provenanceMix: { human: 0.55, model: 0.05, modelThenEdited: 0.4 },
  knownGaps: ['Few night scenes with snow.', 'Masks are not exported <in this format>.'],
  personalData: 'Faces and licence plates were blurred before annotation.',
  files: [
    { path: 'train/data.jsonl', bytes: 1048576, sha256: 'a'.repeat(64) },
    { path: 'validation/data.jsonl', bytes: 130001, sha256: 'b'.repeat(64) },
    { path: 'images/med_a|b.png', bytes: 2048, sha256: 'c'.repeat(64) },
  ],
};
