// Configuration, seeds and ids
export { defaultConfig, defaultInstructionStyles, judgementModes, projectConfigSchema, taskTypes } from './config.ts';
export type { CriterionConfig, JudgementMode, LabelConfig, ProjectConfig, TaskType } from './config.ts';
export { imageSchema, itemSeedSchema, mediaRefSchema, prelabelSchema, shapeSchema, strengths, turnRoles } from './seeds.ts';
export type {
  AlignmentSeed,
  BoxShape,
  ImageRef,
  InstructionSeed,
  ItemSeed,
  MaskShape,
  MediaRef,
  PolygonShape,
  PreferenceSeed,
  Prelabel,
  Shape,
  Strength,
  TurnRole,
} from './seeds.ts';
export { isLocalId, newLocalId } from './ids.ts';

// Documents: layout, creation, reading
export { schemaVersion, taskTypeOf } from './layout.ts';
export type { DocMeta } from './layout.ts';
export { buildItemUpdate, initDocument } from './init.ts';
export type { BuildItemOptions, InitOptions } from './init.ts';
export { prelabelOf } from './prelabel-of.ts';
export type { PrelabelOfOptions } from './prelabel-of.ts';
export { readDoc } from './read.ts';
export type { AnnotationDoc } from './read.ts';
export type { InstructionDoc, SegmentView, TurnView } from './instruction/read.ts';
export type { JudgementView, PreferenceDoc, QuoteView, ResponseView } from './preference/read.ts';
export type { AlignmentDoc, DescriptionView, LinkView, RegionView, VqaView } from './alignment/read.ts';

// Validation
export { validate } from './validate.ts';
export type { Problem } from './problems.ts';

// Provenance
export { provenanceOf } from './provenance.ts';
export type { Actor, FieldProvenance, ProvenanceKind } from './provenance.ts';

// Instruction tuning
export { segmentText, summaryText, turnText } from './instruction/layout.ts';
export {
  addSegment,
  addTurn,
  moveTurn,
  removeSegment,
  removeTurn,
  setInstructionStyle,
  setTurnRole,
  updateSegment,
} from './instruction/mutations.ts';
export type { NewSegment, NewTurn } from './instruction/mutations.ts';

// RLHF preference
export { promptText, rationaleText, responseText } from './preference/layout.ts';
export {
  addQuote,
  removeQuote,
  setChoice,
  setJudgementMode,
  setRank,
  setRanking,
  setScore,
  setStrength,
} from './preference/mutations.ts';
export type { NewQuote } from './preference/mutations.ts';
export { displayOrder, responseLetter, viewerResponseLabels, viewerSeed } from './display-order.ts';
export type { Viewer } from './display-order.ts';

// Vision-language alignment
export { captionText, descriptionText, vqaAnswerText, vqaQuestionText } from './alignment/layout.ts';
export {
  addDescription,
  addLink,
  addRegion,
  addVqa,
  removeDescription,
  removeLink,
  removeRegion,
  removeVqa,
  setImage,
  setVqaEvidence,
  updateRegion,
} from './alignment/mutations.ts';
export type { NewLink, NewRegion } from './alignment/mutations.ts';

// Comparison and adjudication
export { diffAnnotations } from './compare/diff.ts';
export type { FieldDiff } from './compare/diff.ts';
export { defaultThresholds, findDisagreements } from './compare/disagreement.ts';
export type { AnnotationVersion, Disagreement, DisagreementThresholds } from './compare/disagreement.ts';
export { boxIou, shapeIou } from './compare/iou.ts';
export type { Box } from './compare/iou.ts';
export { textSimilarity } from './compare/text-similarity.ts';
export { adoptAll, adoptField } from './compare/adopt.ts';
