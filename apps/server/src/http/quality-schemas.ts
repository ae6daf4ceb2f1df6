import { z } from '@hono/zod-openapi';
import { fieldKinds, metricNames } from '@concord/protocol';
import { exportTables } from '../quality/export.ts';
import { idParam, timestamp } from './schemas.ts';

/** OpenAPI shapes of the quality API (the types are in @concord/protocol's quality.ts; quality/SPEC.md). */

const ratio = z.number().nullable();

/** QualitySettings of @concord/protocol, as the API returns them (defaults filled in). */
export const QualitySettingsSchema = z
  .object({
    agreementThreshold: z.number().openapi({ description: 'Below this agreement on a slice an annotator is flagged (-1..1, default 0.75).' }),
    goldAccuracyThreshold: z.number().openapi({ description: 'Below this share of gold answers matched an annotator is flagged (0..1, default 0.8).' }),
    goldRatePercent: z.number().openapi({ description: 'Share of queue claims that serve a gold item (0..100, default 10).' }),
    minUnits: z.number().int().openapi({ description: 'Compared units (or gold items) a number needs before it can flag (default 10).' }),
    windowDays: z.number().int().openapi({ description: 'Numbers cover work submitted in the last this-many days (default 90).' }),
    pauseFlagged: z.boolean().openapi({ description: 'Whether flagged annotators get no items of the flagged slice until the flag clears.' }),
    tooFastSeconds: z.number().openapi({ description: 'Annotations faster than this count as too fast (default 10).' }),
  })
  .openapi('QualitySettings');

export const MetricValueSchema = z
  .object({
    metric: z.enum(metricNames),
    value: ratio.openapi({ description: 'Null when undefined (no variance, fewer than two raters …), never 0 or 1 in its place.' }),
    ci: z.tuple([z.number(), z.number()]).nullable().openapi({ description: '95 % seeded bootstrap interval over units.' }),
    units: z.number().int(),
    raters: z.number().int(),
    percentAgreement: ratio,
    prevalence: z.record(z.string(), z.number()).nullable(),
    explain: z.string(),
  })
  .openapi('MetricValue');

const FieldAgreementSchema = z
  .object({
    field: z.string(),
    kind: z.enum(fieldKinds),
    primary: MetricValueSchema,
    others: z.array(MetricValueSchema),
    confusion: z.object({ labels: z.array(z.string()), counts: z.array(z.array(z.number())) }).nullable(),
  })
  .openapi('FieldAgreement');

const SliceAgreementSchema = z
  .object({
    slice: z.string().openapi({ description: 'An item tag, or `*` for all items.' }),
    items: z.number().int(),
    annotations: z.number().int(),
    headline: MetricValueSchema,
    fields: z.array(FieldAgreementSchema),
    gold: MetricValueSchema.nullable(),
  })
  .openapi('SliceAgreement');

export const QualityFlagSchema = z
  .object({
    id: z.string().openapi({ example: 'qfl_abcdefghijklmnopqrstuvwxyz234567' }),
    projectId: z.string(),
    userId: z.string(),
    userName: z.string(),
    slice: z.string(),
    reason: z.enum(['agreement', 'gold_accuracy']),
    metric: z.enum(metricNames),
    value: z.number(),
    threshold: z.number(),
    units: z.number().int(),
    state: z.enum(['open', 'cleared']),
    raisedAt: timestamp(),
    clearedAt: timestamp().nullable(),
    clearedBySession: z.string().nullable(),
    clearedBy: z.string().nullable(),
    clearNote: z.string().nullable(),
  })
  .openapi('QualityFlag');

const BiasSchema = z
  .object({
    firstShownRate: ratio,
    tieRate: ratio,
    longerChosenRate: ratio,
    medianSeconds: ratio,
    tooFast: z.number().int(),
    judgements: z.number().int(),
  })
  .openapi('BiasSignals');

const AnnotatorSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    annotations: z.number().int(),
    slices: z.array(z.object({ slice: z.string(), agreement: MetricValueSchema, vsConsensus: MetricValueSchema, gold: MetricValueSchema.nullable() })),
    bias: BiasSchema.nullable(),
    openFlags: z.array(QualityFlagSchema),
  })
  .openapi('AnnotatorQuality');

export const QualityReportSchema = z
  .object({
    projectId: z.string(),
    taskType: z.enum(['instruction', 'preference', 'alignment']),
    generatedAt: timestamp(),
    window: z.object({ from: timestamp(), to: timestamp() }),
    settings: QualitySettingsSchema,
    overall: SliceAgreementSchema,
    slices: z.array(SliceAgreementSchema),
    annotators: z.array(AnnotatorSchema),
    pairs: z.array(z.object({ a: z.string(), b: z.string(), agreement: MetricValueSchema })),
    timeline: z.array(z.object({ slice: z.string(), bucket: z.string(), value: ratio, ci: z.tuple([z.number(), z.number()]).nullable(), units: z.number().int() })),
    flags: z.array(QualityFlagSchema),
  })
  .openapi('QualityReport');

const isoDate = z.iso
  .datetime({ offset: true, error: 'must be an ISO 8601 date-time' })
  .or(z.iso.date({ error: 'must be an ISO 8601 date' }))
  .transform((v) => new Date(v));

const windowFields = {
  from: isoDate.optional().openapi({ param: { name: 'from', in: 'query' }, description: 'Start of the window (default: `windowDays` before `to`).' }),
  to: isoDate.optional().openapi({ param: { name: 'to', in: 'query' }, description: 'End of the window (default: now).' }),
};
const ordered = (w: { from?: Date | undefined; to?: Date | undefined }) => !w.from || !w.to || w.from.getTime() <= w.to.getTime();

export const ReportQuery = z.strictObject(windowFields).refine(ordered, { message: 'must not be after to', path: ['from'] });

export const ExportQuery = z.strictObject({
  ...windowFields,
  format: z.enum(['csv', 'json'], { error: 'must be csv or json' }).default('csv').openapi({ param: { name: 'format', in: 'query' } }),
  table: z.enum(exportTables, { error: `must be one of ${exportTables.join(', ')}` }).default('annotators').openapi({ param: { name: 'table', in: 'query' } }),
}).refine(ordered, { message: 'must not be after to', path: ['from'] });

export const FlagsQuery = z.strictObject({
  state: z.enum(['open', 'cleared'], { error: 'must be open or cleared' }).optional().openapi({ param: { name: 'state', in: 'query' }, description: 'Default: both.' }),
});

export const flagParams = z.object({ id: idParam('id', 'prj_abcdefghijklmnopqrstuvwxyz234567'), flagId: idParam('flagId', 'qfl_abcdefghijklmnopqrstuvwxyz234567') });

export const ClearFlagBody = z
  .strictObject({ note: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters') })
  .openapi('ClearFlagRequest');

export const goldParams = z.object({ id: idParam('id', 'prj_abcdefghijklmnopqrstuvwxyz234567'), itemId: idParam('itemId', 'itm_abcdefghijklmnopqrstuvwxyz234567') });

export const GoldBody = z
  .union([
    z.strictObject({
      gold: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'A gold answer in the shape of a pre-label (Prelabel), or null to clear it.' }),
    }),
    z.strictObject({
      fromDocumentId: z
        .string()
        .min(1)
        .max(100)
        .openapi({ description: "An annotation of this item to use as its gold answer: the item's document, a submitted blind copy of it, or a calibration answer for it." }),
    }),
  ])
  .openapi('SetGoldRequest');
