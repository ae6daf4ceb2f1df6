import { exportFormats, exportMediaDefault, exportRequestSchema, type ExportFormat, type ExportRequest } from '@concord/protocol';
import type { z } from 'zod';
import { listValue } from './args.ts';
import { usageError } from './io.ts';

/** The export flags as parseArgs returns them. */
export interface ExportFlags {
  format?: string | undefined;
  states?: string | undefined;
  slices?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  annotators?: string | undefined;
  gold?: string | undefined;
  splits?: string | undefined;
  media?: string | undefined;
  'no-provenance'?: boolean | undefined;
}

/** Request field → the flag that sets it, so a validation error names what the user typed. */
const flagOf: Record<string, string> = {
  format: '--format',
  'filters.states': '--states',
  'filters.slices': '--slices',
  'filters.from': '--from',
  'filters.to': '--to',
  'filters.annotators': '--annotators',
  'filters.gold': '--gold',
  splits: '--splits',
  media: '--media',
  provenance: '--no-provenance',
};

/**
 * `train=0.8,validation=0.1,test=0.1` → shares; a split left out is 0, so `train=0.9,test=0.1` works.
 * @example parseSplits('train=0.9,test=0.1') // { train: 0.9, validation: 0, test: 0.1 }
 */
export function parseSplits(value: string): { train: number; validation: number; test: number } {
  const shares = { train: 0, validation: 0, test: 0 };
  for (const part of listValue(value) ?? []) {
    const match = /^(train|validation|test)=(.+)$/.exec(part);
    const share = match ? Number(match[2]) : Number.NaN;
    if (!match || !Number.isFinite(share)) throw usageError(`--splits: "${part}" is not name=share (train, validation or test, e.g. train=0.8,validation=0.1,test=0.1)`);
    shares[match[1] as keyof typeof shares] = share;
  }
  return shares;
}

/** Zod issues as one line each, named by flag: `--splits: train + validation + test must be 1`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String);
      const key = [path.slice(0, 2).join('.'), path.slice(0, 1).join('.')].find((k) => flagOf[k]);
      const where = key ? flagOf[key]! : path.join('.') || 'request';
      const index = key && path.length > key.split('.').length ? ` (item ${Number(path.at(-1)) + 1})` : '';
      return `${where}${index}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Builds the ExportRequest of `concord export` from its flags and validates it with the API's own
 * schema (defaults filled in as the server would); an invalid flag is a usage error naming the flag.
 * @example buildExportRequest({ format: 'trl-dpo', splits: 'train=0.9,test=0.1' })
 */
export function buildExportRequest(flags: ExportFlags): ExportRequest {
  if (!flags.format) throw usageError(`--format is required: one of ${exportFormats.join(', ')}`);
  if (!(exportFormats as readonly string[]).includes(flags.format)) throw usageError(`--format ${flags.format} is not a format; one of ${exportFormats.join(', ')}`);
  const filters: Record<string, unknown> = {};
  const states = listValue(flags.states);
  if (states) filters.states = states;
  const slices = listValue(flags.slices);
  if (slices) filters.slices = slices;
  if (flags.from !== undefined) filters.from = flags.from;
  if (flags.to !== undefined) filters.to = flags.to;
  const annotators = listValue(flags.annotators);
  if (annotators) filters.annotators = annotators;
  if (flags.gold !== undefined) filters.gold = flags.gold;
  const input: Record<string, unknown> = { format: flags.format, filters };
  if (flags.splits !== undefined) input.splits = parseSplits(flags.splits);
  // Without --media the format's own default: OpenAI formats take images by URL only.
  input.media = flags.media ?? exportMediaDefault(flags.format as ExportFormat);
  if (flags['no-provenance']) input.provenance = false;
  const parsed = exportRequestSchema.safeParse(input);
  if (!parsed.success) throw usageError(describeIssues(parsed.error.issues));
  return parsed.data;
}
