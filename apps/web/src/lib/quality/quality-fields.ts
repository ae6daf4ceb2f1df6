import type { QualitySettings } from '@concord/protocol';

/** The numeric quality settings, as the workflow form shows them. */
export type QualityNumberKey = Exclude<keyof QualitySettings, 'pauseFlagged'>;

/** One number input of the Quality section: its label, bounds and what it does. */
export interface QualityField {
  key: QualityNumberKey;
  label: string;
  min: number;
  max: number;
  step: number;
  hint: string;
}

/**
 * The Quality section's number inputs, in the order shown; bounds are the protocol's
 * (`qualitySettingsSchema`), so the browser's spinner never offers a value the server refuses.
 */
export const qualityFields: readonly QualityField[] = [
  { key: 'agreementThreshold', label: 'Agreement threshold', min: -1, max: 1, step: 0.05, hint: 'Below this agreement (kappa or alpha, −1 to 1) on a slice, an annotator is flagged.' },
  { key: 'goldAccuracyThreshold', label: 'Gold accuracy threshold', min: 0, max: 1, step: 0.05, hint: 'Below this share (0–1) of gold answers matched, an annotator is flagged.' },
  { key: 'goldRatePercent', label: 'Gold rate (%)', min: 0, max: 100, step: 1, hint: 'Share of queue claims that serve a gold item the annotator has not done yet.' },
  { key: 'minUnits', label: 'Units before flagging', min: 1, max: 10_000, step: 1, hint: 'A slice needs this many compared units (or gold items) before it can flag anyone.' },
  { key: 'windowDays', label: 'Window (days)', min: 1, max: 3_650, step: 1, hint: 'Agreement and accuracy count annotations submitted in the last this-many days.' },
  { key: 'tooFastSeconds', label: 'Too fast under (seconds)', min: 0, max: 3_600, step: 1, hint: 'Annotations submitted faster than this count as too fast.' },
];

/** The form path of a quality setting, as field errors are keyed (`quality.minUnits`). */
export const qualityPath = (key: keyof QualitySettings) => `quality.${key}`;
