import { z } from 'zod';
import { itemStates } from './workflow.ts';

/** Training-data formats (ids of the CLI and the API; @concord/exporters `formatIds`). */
export const exportFormats = [
  'llava',
  'trl-sft',
  'openai-chat',
  'trl-dpo',
  'trl-kto',
  'hh-rlhf',
  'openai-preference',
  'coco',
  'refcoco',
  'vqa',
  'grounded-qwen',
  'grounded-florence2',
  'grounded-kosmos2',
  'grounded-shikra',
  'hf-imagefolder',
  'label-studio',
] as const;
export type ExportFormat = (typeof exportFormats)[number];

const ratio = z.number().min(0).max(1);

/**
 * What to export and how (POST /projects/{id}/exports).
 * @example exportRequestSchema.parse({ format: 'trl-dpo' }) // accepted items, 100 % train, media copied
 */
export const exportRequestSchema = z.strictObject({
  format: z.enum(exportFormats),
  filters: z
    .strictObject({
      /** Item workflow states to include (accepted only by default). */
      states: z.array(z.enum(itemStates)).min(1).max(8).default(['accepted']),
      /** Only items carrying at least one of these tags (capability slices); empty = all. */
      slices: z.array(z.string().min(1).max(100)).max(100).default([]),
      /** Items whose state changed within [from, to] (ISO dates). */
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      /** Only items annotated by these users; empty = all. */
      annotators: z.array(z.string()).max(1_000).default([]),
      gold: z.enum(['include', 'only', 'exclude']).default('include'),
    })
    .prefault({}),
  /** Deterministic split by item hash: shares that sum to 1. */
  splits: z
    .strictObject({ train: ratio, validation: ratio, test: ratio })
    .default({ train: 1, validation: 0, test: 0 })
    .refine((s) => Math.abs(s.train + s.validation + s.test - 1) < 1e-9, 'train + validation + test must be 1'),
  /** `copy`: media files go into the export; `url`: referenced by URL (formats that want URLs). */
  media: z.enum(['copy', 'url']).default('copy'),
  /** Provenance columns on every row (pseudonymous annotators, config version, review outcome, field provenance). */
  provenance: z.boolean().default(true),
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

export const exportStatuses = ['running', 'done', 'failed'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

/** One file of an export, listed in the dataset card's manifest. */
export interface ExportFileEntry {
  path: string;
  bytes: number;
  sha256: string;
}

/** An export run as the API lists it. */
export interface ExportJob {
  id: string;
  projectId: string;
  format: ExportFormat;
  request: ExportRequest;
  status: ExportStatus;
  itemsTotal: number;
  itemsDone: number;
  rows: number;
  skipped: { itemId: string; reason: string }[];
  files: ExportFileEntry[];
  /** Why it failed, when it did. */
  failure: string | null;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** Items erased since this export was made: regenerate it (GDPR Art. 17). */
  erasedItems: number;
}

/** Progress of a running export, to the members who may export. */
export interface ExportProgress {
  exportId: string;
  projectId: string;
  status: ExportStatus;
  itemsTotal: number;
  itemsDone: number;
}

/** The task types an export format reads (its formatter's `taskTypes` in @concord/exporters; a unit test there keeps the two equal). */
export const exportFormatTaskTypes: Readonly<Record<ExportFormat, readonly ('instruction' | 'preference' | 'alignment')[]>> = {
  llava: ['instruction'],
  'trl-sft': ['instruction'],
  'openai-chat': ['instruction'],
  'trl-dpo': ['preference'],
  'trl-kto': ['preference'],
  'hh-rlhf': ['preference'],
  'openai-preference': ['preference'],
  coco: ['alignment'],
  refcoco: ['alignment'],
  vqa: ['alignment'],
  'grounded-qwen': ['alignment'],
  'grounded-florence2': ['alignment'],
  'grounded-kosmos2': ['alignment'],
  'grounded-shikra': ['alignment'],
  'hf-imagefolder': ['alignment'],
  'label-studio': ['alignment'],
};

/**
 * The export formats that take a task type, in `exportFormats` order.
 * @example exportFormatsFor('preference') // ['trl-dpo', 'trl-kto', 'hh-rlhf', 'openai-preference']
 */
export function exportFormatsFor(taskType: string): ExportFormat[] {
  return exportFormats.filter((format) => (exportFormatTaskTypes[format] as readonly string[]).includes(taskType));
}

/** Formats whose trainer takes images only by URL (a copied file cannot be referenced from a row). */
const urlMediaFormats: ReadonlySet<ExportFormat> = new Set(['openai-chat', 'openai-preference']);

/**
 * The media mode a format wants when the user does not say: `url` for the OpenAI formats (images as
 * URLs or data URLs; with `copy` their image rows are skipped), `copy` for every other format.
 * @example exportMediaDefault('openai-chat') // 'url'
 */
export function exportMediaDefault(format: ExportFormat): ExportRequest['media'] {
  return urlMediaFormats.has(format) ? 'url' : 'copy';
}
