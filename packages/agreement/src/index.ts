// @concord/agreement: plain data in, numbers out, no I/O (SPEC.md).
export type { LabeledBox, Observation, ObservationKind, ObservationValue, PreferenceSignals, Submission } from './observe/types.ts';
