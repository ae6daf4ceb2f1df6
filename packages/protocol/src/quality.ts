import { z } from 'zod';

/**
 * A project's quality settings (stored in `projects.workflow.quality`; apps/server/src/quality/SPEC.md).
 * @example qualitySettingsSchema.parse({}) // every default
 */
export const qualitySettingsSchema = z.strictObject({
  /** Below this agreement (kappa, or alpha where kappa does not apply) on a slice an annotator is flagged. */
  agreementThreshold: z.number().min(-1).max(1).default(0.75),
  /** Below this share of gold answers matched (0-1) an annotator is flagged. */
  goldAccuracyThreshold: z.number().min(0).max(1).default(0.8),
  /** Share (0-100 %) of queue claims that serve a gold item the annotator has not done yet. */
  goldRatePercent: z.number().min(0).max(100).default(10),
  /** A slice needs at least this many compared units (or gold items) before it can flag anyone. */
  minUnits: z.number().int().min(1).max(10_000).default(10),
  /** Agreement and accuracy are computed over annotations submitted in the last this-many days. */
  windowDays: z.number().int().min(1).max(3_650).default(90),
  /** Whether a flagged annotator stops receiving items of the flagged slice until the flag clears. */
  pauseFlagged: z.boolean().default(false),
  /** Annotations submitted faster than this (seconds of work) count as too fast. */
  tooFastSeconds: z.number().min(0).max(3_600).default(10),
});
export type QualitySettings = z.infer<typeof qualitySettingsSchema>;

/** What kind of comparison a field gets (packages/agreement SPEC). */
export const fieldKinds = ['nominal', 'ordinal', 'interval', 'ranking', 'regions', 'text'] as const;
export type FieldKind = (typeof fieldKinds)[number];

/** The metrics a number can be. */
export const metricNames = [
  'cohen_kappa',
  'weighted_kappa_linear',
  'weighted_kappa_quadratic',
  'fleiss_kappa',
  'alpha_nominal',
  'alpha_ordinal',
  'alpha_interval',
  'alpha_ratio',
  'kendall_tau_b',
  'kendall_w',
  'box_f1',
  'mean_iou',
  'text_similarity',
  'chrf',
  'gold_accuracy',
  'percent_agreement',
] as const;
export type MetricName = (typeof metricNames)[number];

/**
 * One number with what it needs to be read: `value` is null when undefined (no variance, fewer than two
 * raters on every unit …), never 0 or 1 in its place; `percentAgreement` and `prevalence` sit beside every
 * kappa (the kappa paradox); `ci` is a seeded bootstrap interval (null when it could not be computed).
 */
export interface MetricValue {
  metric: MetricName;
  value: number | null;
  /** 95 % bootstrap interval over units. */
  ci: [number, number] | null;
  /** Units compared (items, or item × response × criterion …). */
  units: number;
  /** Raters that contributed. */
  raters: number;
  percentAgreement: number | null;
  /** Share of each label among all ratings (categorical fields). */
  prevalence: Record<string, number> | null;
  /** One sentence on what the number is and why it may be undefined. */
  explain: string;
}

/** Agreement on one field of a task type. */
export interface FieldAgreement {
  /** Field family, e.g. `judgement.choice`, `scores.accuracy`, `regions`, `caption`. */
  field: string;
  kind: FieldKind;
  /** The field's headline number, then the others computed for it. */
  primary: MetricValue;
  others: MetricValue[];
  /** Categorical fields: labels and counts[rowLabel][colLabel] over every pair of raters on a unit (symmetric). */
  confusion: { labels: string[]; counts: number[][] } | null;
}

/** Agreement of a set of annotations (a slice, or the whole project). */
export interface SliceAgreement {
  /** A tag of the items, or `*` for all items. */
  slice: string;
  items: number;
  annotations: number;
  /** The headline: the task type's primary field's primary metric. */
  headline: MetricValue;
  fields: FieldAgreement[];
  gold: MetricValue | null;
}

/** Preference-specific bias signals of one annotator (null fields: not measurable). */
export interface BiasSignals {
  /** Share of pairwise choices of the response shown first to that annotator (0.5 is unbiased). */
  firstShownRate: number | null;
  /** Share of judgements that were ties or `negligibly better or unsure`. */
  tieRate: number | null;
  /** Share of choices of the longer response, where lengths differ. */
  longerChosenRate: number | null;
  /** Median seconds of work per annotation. */
  medianSeconds: number | null;
  /** Annotations faster than the project's `tooFastSeconds`. */
  tooFast: number;
  judgements: number;
}

/** One annotator's numbers on one slice. */
export interface AnnotatorSlice {
  slice: string;
  /** Agreement with the other annotators of the same items (the number flags use). */
  agreement: MetricValue;
  /** Agreement with the consensus (majority/median of the others). */
  vsConsensus: MetricValue;
  gold: MetricValue | null;
}

/** A flag raised on an annotator: corrective training. */
export interface QualityFlag {
  id: string;
  projectId: string;
  userId: string;
  userName: string;
  slice: string;
  reason: 'agreement' | 'gold_accuracy';
  metric: MetricName;
  value: number;
  threshold: number;
  units: number;
  state: 'open' | 'cleared';
  raisedAt: string;
  clearedAt: string | null;
  /** The calibration session whose pass cleared it, or null (cleared by hand, or still open). */
  clearedBySession: string | null;
  clearedBy: string | null;
  clearNote: string | null;
}

export interface AnnotatorQuality {
  userId: string;
  name: string;
  annotations: number;
  slices: AnnotatorSlice[];
  bias: BiasSignals | null;
  openFlags: QualityFlag[];
}

/** Agreement of two annotators on the items both did. */
export interface PairAgreement {
  a: string;
  b: string;
  agreement: MetricValue;
}

/** One point of the agreement-over-time chart. */
export interface TimelinePoint {
  slice: string;
  /** ISO date of the bucket's first day (weekly buckets, Monday). */
  bucket: string;
  value: number | null;
  ci: [number, number] | null;
  units: number;
}

/** Everything the quality dashboard shows for a project. */
export interface QualityReport {
  projectId: string;
  taskType: 'instruction' | 'preference' | 'alignment';
  generatedAt: string;
  window: { from: string; to: string };
  settings: QualitySettings;
  overall: SliceAgreement;
  slices: SliceAgreement[];
  annotators: AnnotatorQuality[];
  pairs: PairAgreement[];
  timeline: TimelinePoint[];
  flags: QualityFlag[];
}

/** Raised or cleared flags, to the project's QA leads and trainers. */
export interface QualityFlagEvent {
  projectId: string;
  flag: QualityFlag;
}

export const calibrationStates = ['draft', 'live', 'ended'] as const;
export type CalibrationState = (typeof calibrationStates)[number];

export interface CalibrationParticipant {
  userId: string;
  name: string;
  /** Whether they answered the current item (never what). */
  answered: boolean;
  online: boolean;
}

/** A calibration session as every participant sees it (blind until revealed). */
export interface CalibrationSessionView {
  id: string;
  projectId: string;
  title: string;
  trainerId: string;
  state: CalibrationState;
  itemIds: string[];
  currentIndex: number;
  /** The current item's id, or null before start / after end. */
  currentItemId: string | null;
  revealed: boolean;
  /** The caller's own document for the current item (their blind answer). */
  myDocumentId: string | null;
  /** The current item's shared discussion notes document. */
  notesDocumentId: string | null;
  participants: CalibrationParticipant[];
  passThreshold: number;
  createdAt: string;
  endedAt: string | null;
}

/** One answer on reveal, beside the others and the gold answer. */
export interface CalibrationAnswer {
  userId: string;
  name: string;
  documentId: string;
  /** Share of gold fields matched (null without gold). */
  goldScore: number | null;
}

/** The revealed current item: everyone's answers, the gold answer, and where they disagree. */
export interface CalibrationReveal {
  sessionId: string;
  itemId: string;
  answers: CalibrationAnswer[];
  /** The gold answer as a read-only document, or null. */
  goldDocumentId: string | null;
  /** Field paths where answers (or an answer and gold) disagree, with who said what (JSON values). */
  disagreements: { path: string; values: { userId: string | 'gold'; value: unknown }[] }[];
  /** Agreement of the answers on this item. */
  agreement: MetricValue | null;
}

/** Per participant result of a session. */
export interface CalibrationResult {
  userId: string;
  name: string;
  items: number;
  agreement: number | null;
  accuracy: number | null;
  passed: boolean;
  /** Flags this pass cleared. */
  clearedFlags: string[];
}

/**
 * A session changed (started, answered, revealed, moved on, ended), sent to its trainer and participants
 * on every instance. It names who answered, never what; clients re-read their own view (GET) for documents.
 */
export interface CalibrationEvent {
  sessionId: string;
  projectId: string;
  state: CalibrationState;
  currentIndex: number;
  revealed: boolean;
  /** Who answered the current item. */
  answered: string[];
}
