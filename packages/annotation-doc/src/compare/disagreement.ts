import type { AlignmentDoc } from '../alignment/read.ts';
import type { TaskType } from '../config.ts';
import type { InstructionDoc } from '../instruction/read.ts';
import type { PreferenceDoc } from '../preference/read.ts';
import type { AnnotationDoc } from '../read.ts';
import { alignmentDisagreements } from './disagree-alignment.ts';
import { instructionDisagreements } from './disagree-instruction.ts';
import { preferenceDisagreements } from './disagree-preference.ts';
import type { AnnotationVersion, Disagreement, DisagreementThresholds, Thresholds } from './rules.ts';

export type { AnnotationVersion, Disagreement, DisagreementThresholds } from './rules.ts';

/** IoU 0.5 [D9], rubric scores more than 1 apart [D6], assistant replies less than 0.8 alike [D14]. */
export const defaultThresholds: Readonly<Thresholds> = Object.freeze({ iou: 0.5, rubricDelta: 1, textSimilarity: 0.8 });

function ofType<D extends AnnotationDoc>(versions: readonly AnnotationVersion[], taskType: D['taskType']): AnnotationVersion<D>[] {
  return versions.map((v) => {
    if (v.doc.taskType !== taskType) throw new TypeError(`version ${v.id} is a ${v.doc.taskType} document, not ${taskType}`);
    return v as AnnotationVersion<D>;
  });
}

/**
 * [D1] Where versions of one item disagree, for the QA lead: every pair of versions is compared and
 * each field on which some pair disagrees is reported once, with every version involved (in the order
 * given). Fewer than two versions disagree on nothing. A value a version has not given yet (no choice,
 * no score, an empty answer …) is unfinished work for `validate`, not a disagreement.
 *
 * - preference: judgement mode [D2], pairwise choice [D3], ranking by response id [D4], strength
 *   when the choices agree [D5], rubric scores [D6];
 * - alignment: regions matched by IoU [D7] [D8], unmatched or overlapping too little [D9], different
 *   labels [D10], VQA answers [D11];
 * - instruction: style [D12], the turns of the conversation [D13], assistant replies [D14].
 *
 * Pure; throws a TypeError when a version is of another task type or two versions share an id.
 *
 * @example
 * const found = findDisagreements('alignment', submissions.map((s) => ({ id: s.userId, doc: s.view })), defaultThresholds);
 * for (const d of found) flag(d.field, d.message, d.versions);
 */
export function findDisagreements(
  taskType: TaskType,
  versions: readonly AnnotationVersion[],
  thresholds: DisagreementThresholds = defaultThresholds,
): Disagreement[] {
  if (new Set(versions.map((v) => v.id)).size !== versions.length) throw new TypeError('two versions have the same id');
  if (versions.length < 2) return [];
  const t: Thresholds = { ...thresholds, textSimilarity: thresholds.textSimilarity ?? defaultThresholds.textSimilarity };
  switch (taskType) {
    case 'instruction':
      return instructionDisagreements(ofType<InstructionDoc>(versions, taskType), t);
    case 'preference':
      return preferenceDisagreements(ofType<PreferenceDoc>(versions, taskType), t);
    case 'alignment':
      return alignmentDisagreements(ofType<AlignmentDoc>(versions, taskType), t);
  }
}
