import type { FormatId, Split } from '../types.ts';

/** Who wrote the annotations (Hugging Face `annotations_creators`). */
export type AnnotationsCreator = 'expert-generated' | 'crowdsourced';
/** Who wrote the source text (Hugging Face `language_creators`). */
export type LanguageCreator = 'found' | 'crowdsourced' | 'expert-generated' | 'machine-generated' | 'other';

/** Counts of one split: items (annotated items exported) and rows (lines / records of the format). */
export interface SplitCount {
  split: Split;
  items: number;
  rows: number;
}

/** A named count (items of a slice, units of a kind: "regions", "pairwise judgements"…). */
export interface NamedCount {
  name: string;
  count: number;
}

/** The annotation workflow, summarised. */
export interface WorkflowSummary {
  /** Stages in order, e.g. `['annotate', 'review', 'qa']`. */
  stages: string[];
  /** Annotators per item (1 = no overlap). */
  overlap: number;
  /** Whether annotators saw each other's work. */
  mode: 'blind' | 'collaborative';
  /** Guideline versions in force while the exported items were annotated. */
  guidelineVersions: string[];
  /** Project config versions of the exported items. */
  configVersions: number[];
  /** Distinct annotators who contributed to the exported items. */
  annotatorCount: number;
}

/** Qualification / calibration, summarised. */
export interface CalibrationSummary {
  sessions: number;
  participants: number;
  /** Participants who passed (qualified). */
  qualified: number;
  /** Free text, e.g. the threshold used. */
  note: string | null;
}

/** One quality number: `value` and `ci` as computed (null when not measurable), never re-rounded [K4]. */
export interface QualityEntry {
  slice: string;
  metric: string;
  value: number | null;
  /** Lower and upper bound of the confidence interval; null when none. */
  ci: [number, number] | null;
  /** e.g. `kappa`, `IoU`, `share`. */
  units: string;
}

/** A rate with the number of cases behind it. */
export interface Rate {
  value: number | null;
  /** How many items it was measured on. */
  of: number;
}

/** Shares (0..1, as computed) of the exported fields by where their content came from. */
export interface ProvenanceMix {
  human: number;
  model: number;
  modelThenEdited: number;
}

/** One exported file. */
export interface ManifestFile {
  path: string;
  bytes: number;
  sha256: string;
}

/**
 * Everything the dataset card says, as plain data (the server gathers it; the card only renders it).
 * Numbers are printed exactly as given [K4].
 */
export interface DatasetCardInput {
  projectName: string;
  /** Why the dataset exists and what it is for (Markdown, the Motivation section). */
  description: string;
  taskType: 'instruction' | 'preference' | 'alignment';
  format: FormatId;
  /** Whether any item shows images (changes the task categories of text formats). */
  hasImages: boolean;
  annotationsCreator: AnnotationsCreator;
  languageCreators: LanguageCreator[];
  /** BCP-47 / ISO 639 codes, e.g. `['en']`. */
  languages: string[];
  /** A Hugging Face license id, e.g. `cc-by-4.0`, or `other`. */
  license: string;
  /** `['original']`, or `extended|<dataset>` entries. */
  sourceDatasets: string[];
  splits: SplitCount[];
  slices: NamedCount[];
  /** Counts by kind of annotation unit. */
  types: NamedCount[];
  workflow: WorkflowSummary;
  calibration: CalibrationSummary | null;
  quality: QualityEntry[];
  goldAccuracy: Rate | null;
  /** Share of reviewed items whose answer a reviewer changed. */
  reviewOverrideRate: Rate | null;
  provenanceMix: ProvenanceMix;
  knownGaps: string[];
  personalData: string;
  files: ManifestFile[];
}
