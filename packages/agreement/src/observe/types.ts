import type { FieldKind } from '@concord/protocol';

/** A box in image pixels with the region's label ('' when unlabelled). Polygons and masks enter as their bounding box. */
export interface LabeledBox {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
}

/** One comparable value, tagged with how it is compared. */
export type ObservationValue =
  | { kind: 'nominal'; value: string }
  /** `scale`: the lowest and highest value the field can take, when known (gold scoring measures distance on it). */
  | { kind: 'ordinal'; value: number; scale?: { min: number; max: number } }
  | { kind: 'interval'; value: number }
  /** Response id → rank (1 = best, equal ranks are ties). */
  | { kind: 'ranking'; value: Record<string, number> }
  | { kind: 'regions'; value: LabeledBox[] }
  | { kind: 'text'; value: string };

/**
 * What one annotation says about one unit of one field. Agreement on a field is computed over units
 * `${itemId}/${unit}`: `unit` is '' for a field that occurs once per item (a choice, a caption) and names
 * the sub-unit otherwise (`scores.accuracy` has one unit per response id).
 *
 * @example { field: 'scores.accuracy', unit: 'r1', kind: 'ordinal', value: 6 }
 */
export type Observation = ObservationValue & { field: string; unit: string };

/** Compile-time check that every observation kind is a protocol FieldKind. */
export type ObservationKind = ObservationValue['kind'] & FieldKind;

/** Preference judgements: what position bias and length bias are measured from. */
export interface PreferenceSignals {
  /** The response this annotator saw first (their display order), or null when unknown. */
  shownFirst: string | null;
  /** The chosen (pairwise) or unique top-ranked (ranking) response, or null. */
  chosen: string | null;
  /** A tie, or `negligible` strength (unsure). */
  tie: boolean;
  /** Whether the chosen response is the longer one; null when lengths are equal or nothing was chosen. */
  chosenLonger: boolean | null;
}

/** One submitted annotation as the report engine takes it (plain data; the server reads it from `annotation_observations`). */
export interface Submission {
  itemId: string;
  raterId: string;
  /** The item's tags (capability slices). */
  slices: string[];
  /** Epoch milliseconds. */
  submittedAt: number;
  /** Seconds of work, null when unknown. */
  seconds: number | null;
  observations: Observation[];
  signals: PreferenceSignals | null;
  /** Share of the gold answer matched (0-1), null when the item has no gold answer. */
  goldScore: number | null;
}
