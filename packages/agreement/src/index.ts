// @concord/agreement: plain data in, numbers out, no I/O (SPEC.md).
export type { LabeledBox, Observation, ObservationKind, ObservationValue, PreferenceSignals, Submission } from './observe/types.ts';
export { observe } from './observe/observe.ts';
export type { ObserveOptions, Observed } from './observe/observe.ts';
export { responseKey, strengthLevels } from './observe/preference.ts';
