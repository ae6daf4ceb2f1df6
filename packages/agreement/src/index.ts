// @concord/agreement: plain data in, numbers out, no I/O (SPEC.md).
export type { LabeledBox, Observation, ObservationKind, ObservationValue, PreferenceSignals, Submission } from './observe/types.ts';
export { observe } from './observe/observe.ts';
export type { ObserveOptions, Observed } from './observe/observe.ts';
export { responseKey, strengthLevels } from './observe/preference.ts';
export { goldMatch, scoreAgainstGold, unscoredGoldFields } from './observe/gold.ts';
export type { GoldScore } from './observe/gold.ts';
// Quality report (SPEC.md [Q1]-[Q13]).
export { qualityReport } from './report/report.ts';
export type { ComputedQualityReport, QualityReportOptions } from './report/report.ts';
export { annotatorStanding } from './report/standing.ts';
export type { Standing, StandingOptions } from './report/standing.ts';
export { headlineOf } from './report/headline.ts';
export type { Headline } from './report/headline.ts';
export { weekOf } from './report/timeline.ts';
// Metrics (SPEC.md [M0]-[M10]).
export { type Label } from './metrics/labels.ts';
export { percentAgreement, pairwisePercentAgreement } from './metrics/percent.ts';
export { type CohenKappaDetail, type CohenKappaOptions, type KappaWeights, cohenKappa, cohenKappaDetail, kappaFromConfusion } from './metrics/cohen.ts';
export { type KrippendorffDetail, type KrippendorffLevel, type KrippendorffOptions, krippendorffAlpha, krippendorffAlphaDetail } from './metrics/krippendorff.ts';
export { type Box, type BoxMatch, type MatchBoxesOptions, boxIou, matchBoxes } from './metrics/boxes.ts';
export { editSimilarity, levenshtein } from './metrics/text.ts';
export { type ChrFOptions, chrF, chrFSymmetric } from './metrics/chrf.ts';
export { seededRandom } from './metrics/random.ts';
export { type FleissKappaDetail, categoryCounts, fleissKappa, fleissKappaDetail } from './metrics/fleiss.ts';
export { averageRanks, kendallTauB, kendallW } from './metrics/kendall.ts';
export { type BootstrapOptions, bootstrapCi } from './metrics/bootstrap.ts';
export { type KrippendorffReading, type LandisKochBand, krippendorffReading, landisKoch } from './metrics/readings.ts';
